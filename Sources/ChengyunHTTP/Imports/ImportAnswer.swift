import ChengyunCore
import Hummingbird

/// 导入 — what an import of a file answers: `201` with its report when every row was applied, else `422` with the
/// import's `rejected` error and the report of the rows refused (nothing was applied). The residents', ledgers' and key
/// places' imports answer alike.
struct ImportFailure: Encodable {
    struct Body: Encodable { var code: String; var message: String; var field: String? }
    var error: Body
    var report: CSVImport.Report

    static func answer(_ report: CSVImport.Report, rejected: (Int) -> DomainError) throws -> Response {
        guard report.rejected.isEmpty else {
            let error = rejected(report.rejected.count)
            return try JSONCoding.response(ImportFailure(error: .init(code: error.code, message: error.message, field: error.field), report: report),
                                           status: .unprocessableContent)
        }
        return try JSONCoding.response(report, status: .created)
    }
}
