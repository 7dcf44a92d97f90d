import Foundation

/// 案件分类错误 — what is wrong with a taxonomy, with a stable code and the offending field.
public struct TaxonomyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable code such as `taxonomy.duplicate_code`; never reworded once shipped.
    public var code: String
    /// What is wrong and how to fix it.
    public var message: String
    /// The field at fault, e.g. `categories[12].deadlineHours.urgent`, or nil for the whole file.
    public var field: String?

    public init(code: String, message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    public var description: String { "\(code): \(message)" + (field.map { " (field: \($0))" } ?? "") }
}

/// The error codes of a category a request names, each with its message. They are `DomainError`s, not
/// `TaxonomyError`s: the id is the caller's input, not a taxonomy being validated. The codes are stable: clients,
/// the console and the OpenAPI document rely on them.
extension TaxonomyError {
    /// 422 `taxonomy.unknown_category` — `id` (cut to 40 characters) is no category of the taxonomy.
    public static func unknownCategory(_ id: String) -> DomainError {
        .unprocessable("taxonomy.unknown_category", "There is no category \(id.prefix(40)); use an id like event:0501 from GET /api/v1/taxonomy.", field: "categoryId")
    }
}
