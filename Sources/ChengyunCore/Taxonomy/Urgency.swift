import Foundation

/// 一般 / 紧急 / 特急 — how urgent a case is; it picks the deadline from the category's table.
public enum Urgency: String, Sendable, Codable, CaseIterable, Comparable, CodingKeyRepresentable {
    /// 一般
    case normal
    /// 紧急
    case urgent
    /// 特急
    case critical

    /// The Chinese label shown in the console.
    public var label: String {
        switch self {
        case .normal: "一般"
        case .urgent: "紧急"
        case .critical: "特急"
        }
    }

    private var rank: Int {
        switch self {
        case .normal: 0
        case .urgent: 1
        case .critical: 2
        }
    }

    /// Less urgent sorts first: normal < urgent < critical.
    public static func < (a: Urgency, b: Urgency) -> Bool { a.rank < b.rank }
}
