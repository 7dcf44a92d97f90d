public import Foundation

public typealias RewardItemID = Identifier<RewardItem>
public typealias RedemptionID = Identifier<Redemption>

/// 积分兑换 — what a committee offers its volunteers for their points (a towel, a haircut voucher, a bag of rice …):
/// its cost in points and the stock left; withdrawn items are offered no more (docs/VOLUNTEERS.md).
public struct RewardItem: Sendable, Hashable, Codable, Identifiable {
    public var id: RewardItemID
    public var nodeID: NodeID
    public var nodePath: String
    public var name: String
    public var cost: Int
    /// How many are left.
    public var stock: Int
    public var active: Bool
    public var createdAt: Date
    public var clientKey: String

    public init(id: RewardItemID, nodeID: NodeID, nodePath: String, name: String, cost: Int, stock: Int, active: Bool = true, createdAt: Date, clientKey: String) {
        self.id = id
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.name = name
        self.cost = cost
        self.stock = stock
        self.active = active
        self.createdAt = createdAt
        self.clientKey = clientKey
    }
}

/// A volunteer's exchange of points for an item: the points and one of the stock taken at once; handed over by the
/// committee, or cancelled before that (the points and the item given back).
public struct Redemption: Sendable, Hashable, Codable, Identifiable {
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        /// 待领取.
        case requested
        /// 已领取.
        case handedOver
        /// 已取消 — the points and the item given back.
        case cancelled
    }
    public var id: RedemptionID
    public var itemID: RewardItemID
    public var itemName: String
    public var volunteerID: VolunteerID
    public var volunteerName: String
    public var nodePath: String
    public var points: Int
    public var state: State
    public var at: Date
    public var closedAt: Date?
    public var closedBy: String?
    public var clientKey: String

    public init(id: RedemptionID, itemID: RewardItemID, itemName: String, volunteerID: VolunteerID, volunteerName: String, nodePath: String, points: Int,
                state: State = .requested, at: Date, closedAt: Date? = nil, closedBy: String? = nil, clientKey: String) {
        self.id = id
        self.itemID = itemID
        self.itemName = itemName
        self.volunteerID = volunteerID
        self.volunteerName = volunteerName
        self.nodePath = nodePath
        self.points = points
        self.state = state
        self.at = at
        self.closedAt = closedAt
        self.closedBy = closedBy
        self.clientKey = clientKey
    }
}

/// What an exchange came to.
public enum RedeemOutcome: Sendable, Hashable {
    case redeemed(Redemption)
    /// The same key again (a retry): the exchange made.
    case already(Redemption)
    case outOfStock
    case notEnoughPoints
    /// Withdrawn, or no such item in the volunteer's committee.
    case withdrawn
}

public enum RewardError {
    /// 400 `reward.name`
    public static let name = DomainError.invalid("reward.name", "Give the item a name of at most 50 characters.", field: "name")
    /// 400 `reward.cost` — 1 to 10,000 points.
    public static let cost = DomainError.invalid("reward.cost", "An item costs 1 to 10,000 points.", field: "cost")
    /// 400 `reward.stock` — 0 to 100,000 in stock; a restock never leaves fewer than none.
    public static let stock = DomainError.invalid("reward.stock", "Keep 0 to 100,000 in stock.", field: "stock")
    /// 400 `reward.client_key`
    public static let clientKey = DomainError.invalid("reward.client_key", "Send a clientKey of 8 to 64 characters, the same for every retry.", field: "clientKey")
    /// 404 `reward.not_found`
    public static func notFound(_ id: RewardItemID) -> DomainError { .notFound("reward.not_found", "There is no item \(id) you may see.", field: "id") }
    /// 409 `reward.out_of_stock`
    public static let outOfStock = DomainError.conflict("reward.out_of_stock", "None of this item is left.")
    /// 409 `reward.not_enough_points`
    public static let notEnoughPoints = DomainError.conflict("reward.not_enough_points", "You do not have enough points for this item.")
    /// 409 `reward.withdrawn`
    public static let withdrawn = DomainError.conflict("reward.withdrawn", "The committee no longer offers this item.")
    /// 404 `redemption.not_found`
    public static func redemptionNotFound(_ id: RedemptionID) -> DomainError { .notFound("redemption.not_found", "There is no exchange \(id) you may see.", field: "id") }
    /// 409 `redemption.closed` — handed over or cancelled already.
    public static let closed = DomainError.conflict("redemption.closed", "This exchange has been handed over or cancelled already.")
}
