import Foundation

/// 工作日历错误 — what is wrong with a working calendar, with a stable code and the offending field.
public struct CalendarError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable code such as `calendar.invalid_time`; never reworded once shipped.
    public var code: String
    /// What is wrong and how to fix it. Never contains personal data.
    public var message: String
    /// The field at fault, e.g. `periods[1].start`, or nil when the whole calendar is at fault.
    public var field: String?

    public init(code: String, message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    public var description: String { "\(code): \(message)" + (field.map { " (field: \($0))" } ?? "") }
}
