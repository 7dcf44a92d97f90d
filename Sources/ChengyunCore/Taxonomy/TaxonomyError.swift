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
