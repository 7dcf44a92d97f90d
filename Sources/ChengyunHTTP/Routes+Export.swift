import ChengyunCore
import ChengyunServices
import Foundation
import Hummingbird

/// 考核导出 — the KPIs of a node and the rankings of departments and handlers as CSV (UTF-8 with a byte-order mark,
/// so spreadsheet programs read the Chinese headers).
extension APIRoutes {
    func addExportRoutes(to api: RouterGroup<AppContext>) {
        api.get("kpis/export.csv") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            let (from, to) = try period(q)
            let nodeID: NodeID? = try q.id("nodeId")
            var rows: [(String, String, KPIReport)] = []
            let overall = try await platform.kpis(KPISubject(nodeID: nodeID), from: from, to: to, by: identity)
            var name = "全部辖区"
            if let nodeID { name = try await platform.visibleNode(nodeID, by: identity).name }
            rows.append(("area", name, overall))
            for (kind, of) in [("department", "departments"), ("handler", "handlers")] {
                for entry in try await platform.ranking(of: of, from: from, to: to, by: identity) { rows.append((kind, entry.name, entry.report)) }
            }
            let csv = Self.kpiCSV(rows)
            let file = "chengyun-kpi-\(from.formatted(.iso8601.year().month().day()))-\(to.formatted(.iso8601.year().month().day())).csv"
            return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(file)\""],
                            body: .init(byteBuffer: ByteBuffer(bytes: [0xEF, 0xBB, 0xBF] + Array(csv.utf8))))
        }
    }

    static let kpiColumns: [(String, @Sendable (KPIReport) -> String)] = [
        ("上报 reported", { String($0.reported) }), ("立案 accepted", { String($0.accepted) }), ("结案 closed", { String($0.closed) }),
        ("自处置 selfHandled", { String($0.selfHandled) }), ("立案率 acceptanceRate", { rate($0.acceptanceRate) }),
        ("派遣准确率 dispatchAccuracy", { rate($0.dispatchAccuracy) }), ("按期处置率 onTimeHandlingRate", { rate($0.onTimeHandlingRate) }),
        ("结案率 closureRate", { rate($0.closureRate) }), ("返工率 reworkRate", { rate($0.reworkRate) }), ("超期率 overdueRate", { rate($0.overdueRate) }),
        ("平均结案时长(小时) meanHoursToClose", { $0.meanHoursToClose.map { String(format: "%.1f", $0) } ?? "" }),
    ]

    static func rate(_ value: Double?) -> String { value.map { String(format: "%.4f", $0) } ?? "" }

    static func kpiCSV(_ rows: [(String, String, KPIReport)]) -> String {
        func cell(_ s: String) -> String { s.contains(where: { ",\"\n".contains($0) }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s }
        var lines = [(["对象 kind", "名称 name"] + kpiColumns.map(\.0)).map(cell).joined(separator: ",")]
        for (kind, name, report) in rows {
            lines.append(([kind, name] + kpiColumns.map { $0.1(report) }).map(cell).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
