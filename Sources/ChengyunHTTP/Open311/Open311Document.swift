import ChengyunCore
import Foundation

/// An Open311 response as an ordered tree, rendered as JSON or as XML by the GeoReport v2 conventions: the JSON
/// is the mechanical mapping of the XML, lists are top-level arrays, and in XML each list item is an element
/// named for its kind (`<services><service>…`).
indirect enum Open311Node: Sendable {
    case object([(String, Open311Node)])
    /// A list: the XML element name of each item, and the items.
    case list(String, [Open311Node])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    static func text(_ value: String?) -> Open311Node { value.map(Open311Node.string) ?? .null }

    // MARK: JSON

    func json() -> String {
        var out = ""
        writeJSON(into: &out)
        return out
    }

    private func writeJSON(into out: inout String) {
        switch self {
        case .object(let fields):
            out += "{"
            for (i, (key, value)) in fields.enumerated() {
                if i > 0 { out += "," }
                out += Self.quoted(key) + ":"
                value.writeJSON(into: &out)
            }
            out += "}"
        case .list(_, let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.writeJSON(into: &out)
            }
            out += "]"
        case .string(let s): out += Self.quoted(s)
        case .number(let n): out += n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        }
    }

    static func quoted(_ s: String) -> String { JSONText.quoted(s) }

    // MARK: XML

    /// The document with `root` as its outer element (for a top-level list, the list's own name).
    func xml(root: String) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        writeXML(name: root, into: &out)
        return out
    }

    private func writeXML(name: String, into out: inout String) {
        switch self {
        case .object(let fields):
            out += "<\(name)>"
            for (key, value) in fields { value.writeXML(name: key, into: &out) }
            out += "</\(name)>"
        case .list(let item, let items):
            out += "<\(name)>"
            for i in items { i.writeXML(name: item, into: &out) }
            out += "</\(name)>"
        case .string(let s): out += "<\(name)>\(XMLText.escaped(s))</\(name)>"
        case .number, .bool: out += "<\(name)>\(json())</\(name)>"
        case .null: out += "<\(name)/>"
        }
    }
}
