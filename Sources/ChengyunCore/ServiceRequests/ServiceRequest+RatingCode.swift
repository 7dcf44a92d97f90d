public import Foundation

/// 扫码评价 — a resident who was served at the window, with no account on the platform (most of the elderly), rates the
/// service by scanning a code the station shows them once the request is closed: a one-off code of the request, valid
/// for `days`, that rates it once (好差评 for every resident, not only the registered ones). The store keeps only the
/// code's SHA-256; a new code replaces the last.
public struct ServiceRatingCode: Sendable, Hashable, Codable {
    public var code: String
    public var expiresAt: Date

    public init(code: String, expiresAt: Date) {
        self.code = code
        self.expiresAt = expiresAt
    }

    /// How long a code may be used.
    public static let days = 7
    /// 10 letters of 30 (`OneOffCode`): ~49 bits, against a guess rate the per-address limit holds to a few a second.
    public static let length = 10

    /// A new random code.
    public static func random() -> String { OneOffCode.random(length: length) }

    /// A code as typed: upper case, without spaces or dashes; nil when it cannot be one.
    public static func normalised(_ text: String) -> String? { OneOffCode.normalised(text, length: length) }
}

/// What a rating code shows to whoever holds it: the item, the station, when it was closed and how — no person.
public struct ServiceRatingInvite: Sendable, Hashable, Codable {
    public var itemName: String
    public var stationName: String
    public var state: ServiceRequest.State
    public var closedAt: Date?
    public var rated: Bool
    public var score: Int?

    public init(itemName: String, stationName: String, state: ServiceRequest.State, closedAt: Date?, rated: Bool, score: Int?) {
        self.itemName = itemName
        self.stationName = stationName
        self.state = state
        self.closedAt = closedAt
        self.rated = rated
        self.score = score
    }
}
