/// Where a request came from, for sign-in limits and the audit trail.
public struct Caller: Sendable, Hashable {
    public var address: String?
    public init(address: String?) { self.address = address }
}
