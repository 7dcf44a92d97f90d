public import Foundation

public typealias BuildingGroupID = Identifier<BuildingGroup>
public typealias BuildingGroupCheckID = Identifier<BuildingGroupCheck>

/// 楼组 / 村组 — a building group (one or several buildings of a committee) or, in a village, a village group: its leader
/// (楼组长, a resident, with an account to work sweeps on a phone), a second leader only where the leader is not a party
/// member (双楼长制), its party group (楼组党小组) where one is built, its chat group (楼组群), the code its QR code
/// carries for residents to register and report, and the chain of people answering for it (楼组包干).
public struct BuildingGroup: Sendable, Hashable, Codable, Identifiable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// 楼组
        case building
        /// 村组 / 队组
        case village
    }

    public var id: BuildingGroupID
    public var code: String
    public var name: String
    public var kind: Kind
    /// The committee it belongs to.
    public var nodeID: NodeID
    public var nodePath: String
    /// The buildings a building group covers (none for a village group).
    public var buildingIDs: [BuildingID]
    /// 楼组长 / 队组长 — a resident of the committee.
    public var leaderID: ResidentID?
    /// The leader's account, when they work sweeps and notices in the platform.
    public var leaderUserID: UserID?
    /// 双楼长 — a second leader, a party member, only where the leader is not one.
    public var secondLeaderID: ResidentID?
    /// 楼组党小组 — its name, where one is built (the leader leads it when a party member).
    public var partyGroup: String?
    /// 楼组群 — the chat group notices are relayed through.
    public var chatGroup: String?
    /// What the group's QR code carries: residents scan it to register and report.
    public var registrationCode: String
    /// 楼组包干 — who answers for the group, from the committee's secretary and social workers to cadres sent down.
    public var cadres: [BuildingGroupCadre]
    public var version: Int

    public init(id: BuildingGroupID, code: String, name: String, kind: Kind, nodeID: NodeID, nodePath: String, buildingIDs: [BuildingID], leaderID: ResidentID? = nil,
                leaderUserID: UserID? = nil, secondLeaderID: ResidentID? = nil, partyGroup: String? = nil, chatGroup: String? = nil, registrationCode: String,
                cadres: [BuildingGroupCadre] = [], version: Int = 1) {
        self.id = id
        self.code = code
        self.name = name
        self.kind = kind
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.buildingIDs = buildingIDs
        self.leaderID = leaderID
        self.leaderUserID = leaderUserID
        self.secondLeaderID = secondLeaderID
        self.partyGroup = partyGroup
        self.chatGroup = chatGroup
        self.registrationCode = registrationCode
        self.cadres = cadres
        self.version = version
    }
}

/// 包干 — one person answering for a group, and as what.
public struct BuildingGroupCadre: Sendable, Hashable, Codable {
    public enum Duty: String, Sendable, Hashable, Codable, CaseIterable {
        /// 居委书记
        case secretary
        /// 社工
        case socialWorker
        /// 居委委员
        case committeeMember
        /// 下沉干部 — a cadre sent down to the compound
        case cadreSentDown
    }
    public var userID: UserID
    public var userName: String?
    public var duty: Duty
    public var since: Date
    public init(userID: UserID, userName: String? = nil, duty: Duty, since: Date) {
        self.userID = userID
        self.userName = userName
        self.duty = duty
        self.since = since
    }
}

/// 检查 — a building group checked by site visit, video review or re-inspection; a village group by information,
/// guidance or a negotiated fix (seed 002).
public struct BuildingGroupCheck: Sendable, Hashable, Codable, Identifiable {
    public enum Method: String, Sendable, Hashable, Codable, CaseIterable {
        case siteVisit, videoReview, reinspection
        case information, guidance, negotiation

        /// The methods a group of `kind` is checked by.
        public static func of(_ kind: BuildingGroup.Kind) -> [Method] {
            kind == .building ? [.siteVisit, .videoReview, .reinspection] : [.information, .guidance, .negotiation]
        }
    }
    public var id: BuildingGroupCheckID
    public var groupID: BuildingGroupID
    public var method: Method
    public var at: Date
    public var by: String
    public var note: String
    /// Whether what was checked was found in order.
    public var passed: Bool
    /// The recording client's key: a check sent again with the same key is the one recorded, not a second.
    public var clientKey: String?
    public init(id: BuildingGroupCheckID, groupID: BuildingGroupID, method: Method, at: Date, by: String, note: String, passed: Bool, clientKey: String? = nil) {
        self.id = id
        self.groupID = groupID
        self.method = method
        self.at = at
        self.by = by
        self.note = note
        self.passed = passed
        self.clientKey = clientKey
    }
}

/// 楼组 — the error codes of building groups.
public enum BuildingGroupError {
    /// 404 `building_group.not_found`
    public static func notFound(_ id: BuildingGroupID) -> DomainError { .notFound("building_group.not_found", "There is no building group \(id) you may see.") }
    /// 409 `building_group.duplicate_code`
    public static func duplicateCode(_ code: String) -> DomainError {
        .conflict("building_group.duplicate_code", "A building group with code \(code.prefix(32)) exists already.", field: "code")
    }
    /// 400 `building_group.buildings` — a building group covers buildings of its committee; a village group none.
    public static func buildings(index: Int?) -> DomainError {
        .invalid("building_group.buildings", "A building group covers one or more buildings of its committee; a village group covers none.",
                 field: index.map { "buildingIds[\($0)]" } ?? "buildingIds")
    }
    /// 409 `building_group.building_taken` — a building is in one group at most.
    public static func buildingTaken(index: Int, by group: String) -> DomainError {
        .conflict("building_group.building_taken", "That building belongs to \(group.prefix(60)) already.", field: "buildingIds[\(index)]")
    }
    /// 422 `building_group.leader` — the leader is a resident living in the committee.
    public static func leader(field: String) -> DomainError {
        .unprocessable("building_group.leader", "A leader is a resident living in the group's committee.", field: field)
    }
    /// 422 `building_group.second_leader` — 双楼长制: a second leader only where the leader is not a party member, and
    /// the second is one.
    public static let secondLeader = DomainError.unprocessable(
        "building_group.second_leader", "A second leader is named only where the leader is not a party member, and must be one.", field: "secondLeaderId")
    /// 400 `building_group.check_method`
    public static func checkMethod(_ kind: BuildingGroup.Kind) -> DomainError {
        .invalid("building_group.check_method", "A \(kind == .building ? "building" : "village") group is checked by \(BuildingGroupCheck.Method.of(kind).map(\.rawValue).joined(separator: ", ")).",
                 field: "method")
    }
    /// 400 `building_group.note_required`
    public static let noteRequired = DomainError.invalid("building_group.note_required", "Say what was checked and found (at most 500 characters).", field: "note")
    /// 422 `building_group.cadre` — a person answering for the group works in its committee, street or district.
    public static let cadre = DomainError.unprocessable("building_group.cadre", "Name a user who works in the group's committee or above it.", field: "userId")
}
