public import Foundation

/// The API's JSON member names: Swift's `nodeID` / `attachmentIDs` travel as `nodeId` / `attachmentIds`. Data files
/// (a catalogue, a taxonomy) are written in the same form.
public enum WireKeys {
    public static func wireKey(_ key: String) -> String {
        if key.hasSuffix("IDs"), key.count > 3 { return String(key.dropLast(3)) + "Ids" }
        if key.hasSuffix("ID"), key.count > 2 { return String(key.dropLast(2)) + "Id" }
        return key
    }

    /// The inverse of `wireKey(_:)`.
    public static func swiftKey(_ key: String) -> String {
        if key.hasSuffix("Ids"), key.count > 3 { return String(key.dropLast(3)) + "IDs" }
        if key.hasSuffix("Id"), key.count > 2 { return String(key.dropLast(2)) + "ID" }
        return key
    }

    /// A decoder of the wire form (ISO 8601 dates).
    public static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.keyDecodingStrategy = .custom { path in Key(swiftKey(path.last!.stringValue)) }
        d.dateDecodingStrategy = .iso8601
        return d
    }

    /// An encoder of the wire form (ISO 8601 dates, sorted keys).
    public static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.keyEncodingStrategy = .custom { path in Key(wireKey(path.last!.stringValue)) }
        e.dateEncodingStrategy = .iso8601
        e.outputFormatting = [.sortedKeys]
        return e
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int?
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { self.stringValue = String(intValue); self.intValue = intValue }
    }
}
