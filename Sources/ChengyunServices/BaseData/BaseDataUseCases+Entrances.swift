public import ChengyunCore
import ChengyunStore
import Foundation

/// 动线管理图 — what a compound's entrances are: the way people pass, open or closed (封闭), the checkpoints of the
/// flow line in order (人员信息登记、返沪人员管控、入门测温、快递外卖配送). Seed 002: "形成'动线管理图'规范入口".
public struct EntrancesInput: Sendable, Hashable, Codable {
    public var entrances: [Entrance]
    /// The compound's version the change was made on: refused (409 `compound.changed`) when someone changed it since.
    public var version: Int?
    public init(entrances: [Entrance], version: Int? = nil) {
        self.entrances = entrances
        self.version = version
    }
}

extension BaseDataUseCases {
    /// Replaces a compound's entrances with their checkpoints (a committee's keepers), checked and audited; the flow-line
    /// map is drawn from them.
    public func replaceEntrances(of id: CompoundID, _ input: EntrancesInput, by identity: Identity) async throws -> Compound {
        let compound = try await compound(id, by: identity)
        try identity.require(anyOf: Self.keepers, at: compound.nodePath, to: "keep this committee's base data")
        let entrances = try Entrance.checked(input.entrances, near: compound.location)
        guard let changed = try await store.replaceEntrances(of: id, entrances, version: input.version) else { throw BaseDataError.compoundNotFound(id) }
        let open = entrances.filter(\.open).count
        try await audit("compound.entrances_changed", "compound:\(id)", identity,
                        detail: "\(compound.name): \(entrances.count) entrances, \(open) open, \(entrances.reduce(0) { $0 + $1.checkpoints.count }) checkpoints")
        return changed
    }
}
