public import ChengyunCore
import ChengyunStore
import Foundation

/// 积分兑换 — a committee offers items for points; its volunteers exchange their points (never past the balance or the
/// stock, a retry the same exchange); the committee hands the item over, or the exchange is cancelled and the points and
/// the item are given back.
public struct RewardItemInput: Sendable, Hashable, Codable {
    public var nodeID: Int64?
    public var name: String
    public var cost: Int
    public var stock: Int
    public var clientKey: String
}

public struct RewardItemChange: Sendable, Hashable, Codable {
    /// Added to the stock (negative: taken out).
    public var addStock: Int?
    /// Offered again, or withdrawn.
    public var active: Bool?
}

public struct RedeemInput: Sendable, Hashable, Codable {
    public var clientKey: String
}

public struct RedemptionPage: Sendable, Hashable, Codable {
    public var redemptions: [Redemption]
    /// The next page's cursor (the last id).
    public var next: String?
}

extension VolunteerUseCases {
    /// 上架 — a committee's keepers offer an item; the same key is the same item.
    public func offer(_ input: RewardItemInput, by identity: Identity) async throws -> (item: RewardItem, created: Bool) {
        let node = try await committee(input.nodeID, identity, roles: Self.keepers, to: "offer items for points")
        let name = input.name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 50 else { throw RewardError.name }
        try InputLimits.check(name, field: "name", max: 50)
        guard (1...10_000).contains(input.cost) else { throw RewardError.cost }
        guard (0...100_000).contains(input.stock) else { throw RewardError.stock }
        let key = input.clientKey.trimmingCharacters(in: .whitespaces)
        guard (8...64).contains(key.count) else { throw RewardError.clientKey }
        let (item, created) = try await store.createRewardItem(RewardItem(id: RewardItemID(0), nodeID: node.id, nodePath: node.path, name: name, cost: input.cost,
                                                                          stock: input.stock, createdAt: clock.now(), clientKey: key))
        if created { try await audit("reward.offered", target: "reward:\(item.id)", identity, detail: "\(name), \(item.cost) points, \(item.stock) in stock") }
        return (item, created)
    }

    /// A committee's items: a volunteer sees those on offer in their own committee; the committee's staff all of them.
    public func rewardItems(nodeID: Int64?, by identity: Identity) async throws -> [RewardItem] {
        if let own = try await ownVolunteer(identity, nodeID: nodeID) { return try await store.rewardItems(under: own.nodePath, activeOnly: true) }
        let node = try await committee(nodeID, identity, roles: Self.readers, to: "see the items offered for points")
        return try await store.rewardItems(under: node.path, activeOnly: false)
    }

    /// 补货 / 下架 — adds to the stock, withdraws the item or offers it again.
    public func changeItem(_ id: RewardItemID, _ change: RewardItemChange, by identity: Identity) async throws -> RewardItem {
        guard let item = try await store.rewardItem(id), identity.paths(for: Self.readers).contains(where: { item.nodePath.hasPrefix($0) }) else { throw RewardError.notFound(id) }
        try identity.require(anyOf: Self.keepers, at: item.nodePath, to: "change the items offered for points")
        let add = change.addStock ?? 0
        guard (-100_000...100_000).contains(add), item.stock + add <= 100_000 else { throw RewardError.stock }
        guard let changed = try await store.changeRewardItem(id, addStock: add, active: change.active) else { throw RewardError.stock }
        try await audit("reward.changed", target: "reward:\(id)", identity, detail: "stock \(add >= 0 ? "+" : "")\(add)\(change.active.map { $0 ? ", offered" : ", withdrawn" } ?? "")")
        return changed
    }

    /// 兑换 — a volunteer exchanges their points for one of an item of their committee.
    public func redeem(_ id: RewardItemID, _ input: RedeemInput, by identity: Identity) async throws -> (redemption: Redemption, created: Bool) {
        guard let user = identity.userID, let me = try await store.volunteer(user: user) else { throw VolunteerError.notVolunteer }
        let key = input.clientKey.trimmingCharacters(in: .whitespaces)
        guard (8...64).contains(key.count) else { throw RewardError.clientKey }
        switch try await store.redeem(id, volunteer: me, clientKey: key, at: clock.now()) {
        case .redeemed(let made):
            try await audit("reward.redeemed", target: "redemption:\(made.id)", identity, detail: "\(made.itemName), \(made.points) points")
            return (made, true)
        case .already(let made): return (made, false)
        case .outOfStock: throw RewardError.outOfStock
        case .notEnoughPoints: throw RewardError.notEnoughPoints
        case .withdrawn:
            guard let item = try await store.rewardItem(id), item.nodePath == me.nodePath else { throw RewardError.notFound(id) }
            throw RewardError.withdrawn
        }
    }

    /// A committee's exchanges, the latest first, a page at a time.
    public func redemptions(nodeID: Int64?, state: Redemption.State?, cursor: String?, limit: Int, by identity: Identity) async throws -> RedemptionPage {
        let node = try await committee(nodeID, identity, roles: Self.readers, to: "see the exchanges of points")
        var before: RedemptionID?
        if let cursor { guard let id = Int64(cursor), id > 0 else { throw VolunteerError.cursor }; before = RedemptionID(id) }
        let list = try await store.redemptions(under: node.path, state: state, before: before, limit: limit)
        return RedemptionPage(redemptions: list, next: list.count == limit ? list.last.map { String($0.id.rawValue) } : nil)
    }

    /// 领取 / 取消 — the committee hands the item over; the committee or the volunteer cancels (points and item given back).
    public func close(_ id: RedemptionID, as state: Redemption.State, by identity: Identity) async throws -> Redemption {
        guard let r = try await store.redemption(id) else { throw RewardError.redemptionNotFound(id) }
        let keeper = identity.paths(for: Self.keepers).contains { r.nodePath.hasPrefix($0) }
        let own = try await identity.userID.asyncMap { try await store.volunteer(user: $0) } ?? nil
        if !keeper && !(state == .cancelled && own?.id == r.volunteerID) {
            guard identity.paths(for: Self.readers).contains(where: { r.nodePath.hasPrefix($0) }) || own?.id == r.volunteerID else { throw RewardError.redemptionNotFound(id) }
            try identity.require(anyOf: Self.keepers, at: r.nodePath, to: "hand items over")
        }
        guard state != .requested, let closed = try await store.closeRedemption(id, as: state, by: identity.name, at: clock.now()) else { throw RewardError.closed }
        try await audit(state == .handedOver ? "reward.handed_over" : "reward.cancelled", target: "redemption:\(id)", identity, detail: "\(r.itemName), \(r.points) points")
        return closed
    }
}
