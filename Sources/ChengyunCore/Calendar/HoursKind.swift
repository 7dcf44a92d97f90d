import Foundation

/// 工作时 / 自然时 — whether a deadline counts only working hours or every hour of the clock.
public enum HoursKind: String, Sendable, Codable, CaseIterable {
    /// 工作时 — only the calendar's working periods count; nights, weekends and holidays are skipped.
    case working
    /// 自然时 — every hour counts, day and night.
    case natural
}
