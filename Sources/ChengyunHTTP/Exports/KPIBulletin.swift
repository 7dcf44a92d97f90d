import ChengyunCore
import ChengyunServices
import Foundation

/// 考核通报 — the KPI export as a leader sends it on: a title naming the area and the period, then the area's
/// figures and its departments and handlers by rank with their score, rates as percentages; headers and kinds in the
/// reader's language (`lang=en`, else Chinese).
struct KPIBulletin {
    enum Kind: String {
        case area, department, handler
    }

    struct Row {
        var kind: Kind
        var name: String
        var rank: Int?
        var score: Double?
        var report: KPIReport
    }

    var area: String
    var from: LocalDate
    /// The last day the period holds.
    var through: LocalDate
    var english: Bool
    var rows: [Row]

    var title: String {
        english ? "Chengyun KPI bulletin · \(area) · \(from) to \(through)" : "城运考核通报 · \(area) · \(from) 至 \(through)"
    }

    /// Each figure: its header in Chinese and English, the decimals it prints with, and its value (nil when there is
    /// nothing to measure). Rates are percentages.
    static let columns: [(zh: String, en: String, decimals: Int, value: @Sendable (KPIReport) -> Double?)] = [
        ("上报", "Reported", 0, { Double($0.reported) }), ("立案", "Accepted", 0, { Double($0.accepted) }), ("结案", "Closed", 0, { Double($0.closed) }),
        ("自处置", "Self-handled", 0, { Double($0.selfHandled) }), ("立案率(%)", "Acceptance (%)", 1, { percent($0.acceptanceRate) }),
        ("派遣准确率(%)", "Dispatch accuracy (%)", 1, { percent($0.dispatchAccuracy) }), ("按期处置率(%)", "On time (%)", 1, { percent($0.onTimeHandlingRate) }),
        ("结案率(%)", "Closure (%)", 1, { percent($0.closureRate) }), ("返工率(%)", "Rework (%)", 1, { percent($0.reworkRate) }),
        ("超期率(%)", "Overdue (%)", 1, { percent($0.overdueRate) }), ("平均结案时长(小时)", "Mean hours to close", 1, { $0.meanHoursToClose }),
        ("被催办(次)", "Urged (times)", 0, { Double($0.urges) }),
    ]

    static func percent(_ rate: Double?) -> Double? { rate.map { ($0 * 1000).rounded() / 10 } }

    var header: [String] {
        (english ? ["Kind", "Rank", "Name", "Score"] : ["类别", "排名", "名称", "综合得分"]) + Self.columns.map { english ? $0.en : $0.zh }
    }

    func kindName(_ kind: Kind) -> String {
        switch kind {
        case .area: english ? "Area" : "区域"
        case .department: english ? "Department" : "部门"
        case .handler: english ? "Handler" : "处置人员"
        }
    }

    /// The cells of a row: kind, rank, name and score as text or numbers, then the figures.
    func cells(_ row: Row) -> (kind: String, rank: Int?, name: String, score: Double?, figures: [(Double?, Int)]) {
        (kindName(row.kind), row.rank, row.name, row.score, Self.columns.map { ($0.value(row.report), $0.decimals) })
    }

    func csv() -> String {
        var text = CSVText.line([CSVText.field(title)])
        text += CSVText.line(header.map(CSVText.field))
        for row in rows {
            let c = cells(row)
            let numbers = c.figures.map { value, decimals in value.map { String(format: "%.\(decimals)f", $0) } ?? "" }
            text += CSVText.line([CSVText.field(c.kind), c.rank.map(String.init) ?? "", CSVText.field(c.name), c.score.map { String(format: "%.3f", $0) } ?? ""] + numbers)
        }
        return text
    }

    /// The workbook; with a watermark, it is the first row and the document's properties.
    func sheet(watermark: ExportWatermark? = nil) -> Spreadsheet {
        var table: [[Spreadsheet.Cell]] = watermark.map { [[.text("# " + $0.text)]] } ?? []
        table.append([.text(title)])
        table.append(header.map { .text($0) })
        for row in rows {
            let c = cells(row)
            table.append([.text(c.kind), c.rank.map { .number(Double($0)) } ?? .empty, .text(c.name), c.score.map { .number($0) } ?? .empty]
                + c.figures.map { value, _ in value.map { .number($0) } ?? .empty })
        }
        let properties = watermark.map { mark in
            Spreadsheet.Properties(title: title, subject: "template \(ExportTemplate.kpis.id)", creator: mark.exporter,
                                   keywords: "chengyun; \(mark.grade.rawValue)", category: mark.grade.label, description: mark.text, created: mark.at)
        }
        return Spreadsheet(sheetName: english ? "KPI bulletin" : "考核通报", rows: table, properties: properties)
    }
}
