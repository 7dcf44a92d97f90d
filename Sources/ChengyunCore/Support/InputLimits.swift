/// 输入限制 — how long each kind of free text may be and what it may contain: one place for the use cases, the
/// HTTP layer and docs/API.md. Lengths count Unicode scalars, so a Chinese character counts one (an emoji may count
/// two or more).
public enum InputLimits {
    /// A case's description (问题描述), a consultation's decision, a handover note, the taxonomy's note.
    public static let description = 2_000
    /// A note or reason on an action (退单说明, 处置反馈 …), a category's acceptance or closing criteria.
    public static let note = 1_000
    /// One matter in a list: a consultation task, a further matter handed over.
    public static let item = 500
    /// An address (地址).
    public static let address = 200
    /// A name: a reporter's, caller's or user's, an organisation node's, a department's, a category's, an API key's.
    public static let name = 50
    /// A longer label: a dispatch rule's or camera's name, a category's English name, the taxonomy's version, a
    /// 110 classification, a unit present at a consultation.
    public static let label = 100
    /// A code or an outside system's reference: node, department and camera codes, `externalRef`, 110 call and
    /// 12345 ticket ids.
    public static let code = 64
    /// An attachment's file name.
    public static let fileName = 120
    /// Entries in a list field (attendees, tasks, handover items).
    public static let listEntries = 50
    /// The free-text search `q` of a list.
    public static let search = 100
    /// Any other query parameter's value.
    public static let queryValue = 200
    /// A whole query string.
    public static let queryBytes = 4_096
    /// An ordinary JSON request body.
    public static let jsonBodyBytes = 256 * 1024
    /// A JSON body that replaces a whole table (taxonomy, calendar, handling powers) or carries a batch (shifts).
    public static let tableBodyBytes = 4 * 1024 * 1024

    /// Checks one free-text value: at most `max` characters and no control characters; text of several lines
    /// (`multiline`) may also hold line breaks and tabs. nil passes.
    /// - Throws: `DomainError` 400 `input.too_long` or `input.control_character`, naming `field`.
    public static func check(_ text: String?, field: String, max: Int, multiline: Bool = false) throws(DomainError) {
        guard let text else { return }
        var count = 0
        for scalar in text.unicodeScalars {
            count += 1
            if scalar.properties.generalCategory == .control, !(multiline && (scalar == "\n" || scalar == "\r" || scalar == "\t")) {
                throw InputError.controlCharacter(field, scalar: scalar, multiline: multiline)
            }
        }
        guard count <= max else {
            throw InputError.tooLong(field, count: count, max: max)
        }
    }

    /// Checks the number of entries of a list field.
    /// - Throws: `DomainError` 400 `input.too_many`, naming `field`.
    public static func check(count: Int, field: String, max: Int = listEntries) throws(DomainError) {
        guard count <= max else {
            throw InputError.tooMany(field, count: count, max: max)
        }
    }
}
