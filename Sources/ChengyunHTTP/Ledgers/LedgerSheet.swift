import ChengyunCore
import Foundation

/// 智慧报表 as a workbook: the watermark, a title naming the area and the month, a header of each ledger's figures
/// (in the reader's language), then the area's row and its parts' rows in the tree's order.
struct LedgerSheet {
    var report: LedgerReport
    var english: Bool

    var title: String {
        english ? "Community ledgers · \(report.name) · \(report.from) to \(report.through)" : "社区台账月报 · \(report.name) · \(report.from) 至 \(report.through)"
    }

    /// Each ledger's columns: its name with what is counted.
    func columns(_ item: LedgerItem) -> [String] {
        let zh: [String], en: [String]
        switch item.source {
        case .cases: (zh, en) = (["结案", "上报"], ["closed", "reported"])
        case .consultations: (zh, en) = (["场次", "参加人次"], ["held", "participants"])
        case .sweeps: (zh, en) = (["上门户数"], ["houses visited"])
        case .volunteers: (zh, en) = (["服务人次", "服务时长（小时）"], ["places done", "hours of service"])
        case .entries: (zh, en) = (["条", "参加人次"], ["entries", "participants"])
        }
        return (english ? en : zh).map { "\(item.name) · \($0)" }
    }

    static func values(_ f: LedgerReport.Figure, _ source: LedgerItem.Source) -> [Double] {
        switch source {
        case .cases: [f.count, f.reported ?? 0].map(Double.init)
        case .sweeps: [Double(f.count)]
        case .volunteers: [Double(f.count), (Double(f.minutes ?? 0) / 6).rounded() / 10]
        case .consultations, .entries: [f.count, f.participants ?? 0].map(Double.init)
        }
    }

    func sheet(watermark: ExportWatermark) -> Spreadsheet {
        var table: [[Spreadsheet.Cell]] = [[.text("# " + watermark.text)], [.text(title)]]
        table.append([.text(english ? "Area" : "区域"), .text(english ? "Level" : "层级")] + report.items.flatMap(columns).map { .text($0) })
        let sources = Dictionary(report.items.map { ($0.id, $0.source) }, uniquingKeysWith: { a, _ in a })
        for row in report.rows {
            let level = english ? row.level.rawValue : ["city": "市", "district": "区", "street": "街镇", "committee": "居村", "grid": "网格"][row.level.rawValue] ?? ""
            table.append([.text(row.name), .text(level)]
                + row.figures.flatMap { f in Self.values(f, sources[f.itemID] ?? .entries).map { .number($0) } })
        }
        let properties = Spreadsheet.Properties(title: title, subject: "template \(ExportTemplate.ledgers.id)", creator: watermark.exporter,
                                                keywords: "chengyun; \(watermark.grade.rawValue)", category: watermark.grade.label, description: watermark.text,
                                                created: watermark.at)
        return Spreadsheet(sheetName: english ? "Ledgers" : "台账月报", rows: table, properties: properties)
    }
}
