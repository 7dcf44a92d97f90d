import ChengyunCore
import ChengyunServices
import Foundation
import Hummingbird

/// 考核导出 — the KPIs of a node and the rankings of its departments and handlers, as CSV (UTF-8 with a byte-order
/// mark, so spreadsheet programs read the Chinese headers) or as an XLSX workbook.
extension APIRoutes {
    func addExportRoutes(to api: RouterGroup<AppContext>) {
        api.get("kpis/export.csv") { request, context in
            let (rows, file) = try await kpiRows(Query(request), by: try context.requireIdentity())
            return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(file).csv\""],
                            body: .init(byteBuffer: ByteBuffer(bytes: [0xEF, 0xBB, 0xBF] + Array(Self.kpiCSV(rows).utf8))))
        }
        api.get("kpis/export.xlsx") { request, context in
            let (rows, file) = try await kpiRows(Query(request), by: try context.requireIdentity())
            let data = try Self.kpiSheet(rows).xlsx()
            return Response(status: .ok, headers: [.contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                                   .contentDisposition: "attachment; filename=\"\(file).xlsx\""],
                            body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }

    /// The area's KPIs, then its departments and handlers as ranked, and the file name for the period.
    func kpiRows(_ q: Query, by identity: Identity) async throws -> ([(String, String, KPIReport)], String) {
        let (from, to) = try period(q)
        let nodeID: NodeID? = try q.id("nodeId")
        var rows: [(String, String, KPIReport)] = []
        let overall = try await platform.kpis(KPISubject(nodeID: nodeID), from: from, to: to, by: identity)
        var name = "全部辖区"
        if let nodeID { name = try await platform.visibleNode(nodeID, by: identity).name }
        rows.append(("area", name, overall))
        for (kind, of) in [("department", "departments"), ("handler", "handlers")] {
            for entry in try await platform.ranking(of: of, under: nodeID, from: from, to: to, by: identity) { rows.append((kind, entry.name, entry.report)) }
        }
        return (rows, "chengyun-kpi-\(from.formatted(.iso8601.year().month().day()))-\(to.formatted(.iso8601.year().month().day()))")
    }

    /// Each column: its header, the decimals it prints with, and its value (nil when there is nothing to measure).
    static let kpiColumns: [(String, Int, @Sendable (KPIReport) -> Double?)] = [
        ("上报 reported", 0, { Double($0.reported) }), ("立案 accepted", 0, { Double($0.accepted) }), ("结案 closed", 0, { Double($0.closed) }),
        ("自处置 selfHandled", 0, { Double($0.selfHandled) }), ("立案率 acceptanceRate", 4, { $0.acceptanceRate }),
        ("派遣准确率 dispatchAccuracy", 4, { $0.dispatchAccuracy }), ("按期处置率 onTimeHandlingRate", 4, { $0.onTimeHandlingRate }),
        ("结案率 closureRate", 4, { $0.closureRate }), ("返工率 reworkRate", 4, { $0.reworkRate }), ("超期率 overdueRate", 4, { $0.overdueRate }),
        ("平均结案时长(小时) meanHoursToClose", 1, { $0.meanHoursToClose }),
    ]

    static func kpiSheet(_ rows: [(String, String, KPIReport)]) -> Spreadsheet {
        var cells: [[Spreadsheet.Cell]] = [(["对象 kind", "名称 name"] + kpiColumns.map(\.0)).map { .text($0) }]
        for (kind, name, report) in rows {
            cells.append([.text(kind), .text(name)] + kpiColumns.map { column in column.2(report).map { .number($0) } ?? .empty })
        }
        return Spreadsheet(sheetName: "考核 KPI", rows: cells)
    }

    static func kpiCSV(_ rows: [(String, String, KPIReport)]) -> String {
        func quoted(_ s: String) -> String { s.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s }
        func text(_ s: String) -> String { quoted(Spreadsheet.inert(s)) }
        var lines = [(["对象 kind", "名称 name"] + kpiColumns.map(\.0)).map(text).joined(separator: ",")]
        for (kind, name, report) in rows {
            let numbers = kpiColumns.map { column in column.2(report).map { String(format: "%.\(column.1)f", $0) } ?? "" }
            lines.append(([text(kind), text(name)] + numbers).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
