/// A typed identifier: `Identifier<OrgNode>` and `Identifier<CaseRecord>` cannot be mixed up.
public struct Identifier<Tag>: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    public init(_ rawValue: Int64) { self.rawValue = rawValue }
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(Int64.self)
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
    public var description: String { String(rawValue) }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

public typealias NodeID = Identifier<OrgNode>
public typealias DepartmentID = Identifier<Department>
public typealias UserID = Identifier<User>
public typealias CaseID = Identifier<CaseRecord>
public typealias RuleID = Identifier<DispatchRule>
public typealias AttachmentID = Identifier<Attachment>
public typealias CameraID = Identifier<Camera>
