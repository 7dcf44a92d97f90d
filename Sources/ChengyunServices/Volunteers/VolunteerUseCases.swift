public import ChengyunCore
import ChengyunStore
import Foundation

/// 志愿者 — volunteers, their teams (护楼队, 护村队, 先锋队), tasks and micro-wishes grabbed (抢单) and confirmed for
/// points (积分), pairings with residents in need (结对) (docs/VOLUNTEERS.md). A volunteer is a resident whose QR-code
/// registration the committee verified (docs/REGISTRATIONS.md); the committee's workers run the rest.
public struct VolunteerUseCases: UseCaseGroup {
    let store: any VolunteerStore & RegistrationStore & BaseDataStore & OrganisationStore & UserStore & AuditStore
    let shared: UseCaseContext

    /// The committee's workers: teams, tasks, confirmations, pairings, enrolment.
    static let keepers: Set<Role> = [.communityWorker, .stationChief, .admin]
    /// Who reads a committee's volunteers, tasks and pairings.
    static let readers: Set<Role> = [.communityWorker, .stationChief, .admin, .dutyOfficer, .leader]
    public static let pageLimit = 50
}

public struct VolunteerInput: Sendable, Hashable, Codable {
    /// The resident's account to enrol (a worker); left out, the caller volunteers themselves.
    public var userID: Int64?
    public var skills: String?
    public var teamID: Int64?
}

public struct VolunteerTeamInput: Sendable, Hashable, Codable {
    public var nodeID: Int64?
    public var kind: VolunteerTeam.Kind
    public var name: String
}

public struct VolunteerTeamChoice: Sendable, Hashable, Codable {
    public var teamID: Int64?
}

public struct VolunteerTaskInput: Sendable, Hashable, Codable {
    public var nodeID: Int64?
    public var kind: VolunteerTask.Kind
    public var title: String
    public var detail: String?
    public var place: String?
    public var day: String
    public var slots: Int?
    public var points: Int
    public var beneficiaryID: Int64?
    public var clientKey: String
    /// 服务时长 — the minutes a place takes (0 by default: not counted in time).
    public var minutes: Int?
}

public struct TaskConfirmation: Sendable, Hashable, Codable {
    public var volunteerID: Int64
}

public struct PairingInput: Sendable, Hashable, Codable {
    public var volunteerID: Int64
    public var residentID: Int64
    public var note: String?
}

/// A task as the API shows it: the micro-wish's resident masked, the places taken, whether the caller holds one.
public struct VolunteerTaskView: Sendable, Hashable, Codable {
    public var task: VolunteerTask
    public var beneficiaryName: String?
    public var claims: [TaskClaim]
    public var mine: Bool
}

public struct VolunteerTaskPage: Sendable, Hashable, Codable {
    public var tasks: [VolunteerTaskView]
    /// The next page's cursor (`day.id`).
    public var next: String?
}

/// A pairing with its resident masked and why they are in need (their tags).
public struct PairingView: Sendable, Hashable, Codable {
    public var pairing: Pairing
    public var volunteerName: String
    public var residentName: String
    public var needs: [String]
}

/// What a volunteer sees of themselves: their record, their places (with the tasks' titles) and their pairings.
public struct VolunteerSelf: Sendable, Hashable, Codable {
    public struct Place: Sendable, Hashable, Codable {
        public var claim: TaskClaim
        public var title: String
        public var day: LocalDate
    }
    public var volunteer: Volunteer
    public var team: VolunteerTeam?
    public var places: [Place]
    public var pairings: [PairingView]
    /// 积分兑换 — their exchanges, the latest first.
    public var redemptions: [Redemption]
}

extension VolunteerUseCases {
    func committee(_ nodeID: Int64?, _ identity: Identity, roles: Set<Role>, to action: String) async throws -> OrgNode {
        let node = try await store.areaNode(nodeID.map { NodeID($0) }, of: identity, roles: roles, to: action)
        guard node.kind == .committee else { throw VolunteerError.listLevel }
        return node
    }

    func audit(_ action: String, target: String, _ identity: Identity, detail: String, subject: UserID? = nil) async throws {
        try await store.appendAudit([AuditEntry(at: clock.now(), actorID: identity.userID, actor: identity.name, action: action, target: target, subjectUserID: subject,
                                                detail: detail)])
    }

    /// 加入志愿者 — a verified resident volunteers (themselves, or enrolled by the committee's worker).
    public func join(_ input: VolunteerInput, by identity: Identity) async throws -> Volunteer {
        let user: UserID
        if let raw = input.userID { user = UserID(raw) } else {
            guard let own = identity.userID, identity.roles.contains(.resident) else { throw VolunteerError.notVerified }
            user = own
        }
        guard let registration = try await store.registration(user: user), registration.status == .verified, let resident = registration.residentID else {
            throw VolunteerError.notVerified
        }
        if input.userID != nil, user != identity.userID {
            try identity.require(anyOf: Self.keepers, at: registration.nodePath, to: "enrol volunteers")
        }
        let skills = (input.skills ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        try InputLimits.check(skills, field: "skills", max: InputLimits.label)
        var team: VolunteerTeamID?
        if let raw = input.teamID {
            guard let t = try await store.volunteerTeam(VolunteerTeamID(raw)), t.nodePath == registration.nodePath else { throw VolunteerError.teamNotFound }
            team = t.id
        }
        let name = try await store.user(user)?.displayName ?? ""
        let made = try await store.addVolunteer(Volunteer(id: VolunteerID(0), userID: user, residentID: resident, nodeID: registration.nodeID, nodePath: registration.nodePath,
                                                          name: name, teamID: team, skills: skills, joinedAt: clock.now()))
        try await audit("volunteer.joined", target: "volunteer:\(made.id)", identity, detail: team.map { "team \($0)" } ?? "", subject: user)
        return made
    }

    /// A committee's volunteers, by id.
    public func volunteers(nodeID: Int64?, after: VolunteerID?, limit: Int, by identity: Identity) async throws -> [Volunteer] {
        let node = try await committee(nodeID, identity, roles: Self.readers, to: "see volunteers")
        return try await store.volunteers(under: node.path, after: after, limit: limit)
    }

    func visibleVolunteer(_ id: VolunteerID, _ identity: Identity, roles: Set<Role>) async throws -> Volunteer {
        guard let v = try await store.volunteer(id), identity.paths(for: roles).contains(where: { v.nodePath.hasPrefix($0) }) else { throw VolunteerError.notFound(id) }
        return v
    }

    /// Puts a volunteer in one of their committee's teams, or in none.
    public func setTeam(_ id: VolunteerID, _ choice: VolunteerTeamChoice, by identity: Identity) async throws -> Volunteer {
        let v = try await visibleVolunteer(id, identity, roles: Self.keepers)
        if let raw = choice.teamID {
            guard let t = try await store.volunteerTeam(VolunteerTeamID(raw)), t.nodePath == v.nodePath else { throw VolunteerError.teamNotFound }
        }
        guard let changed = try await store.setVolunteerTeam(id, team: choice.teamID.map { VolunteerTeamID($0) }) else { throw VolunteerError.notFound(id) }
        return changed
    }

    /// The signed-in volunteer's own record, places and pairings.
    public func me(_ identity: Identity) async throws -> VolunteerSelf {
        guard let user = identity.userID, let v = try await store.volunteer(user: user) else { throw VolunteerError.notVolunteer }
        let claims = try await store.taskClaims(volunteer: v.id, limit: 30)
        let tasks = Dictionary(try await store.volunteerTasks(claims.map(\.taskID)).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let places = claims.compactMap { claim in tasks[claim.taskID].map { VolunteerSelf.Place(claim: claim, title: $0.title, day: $0.day) } }
        return VolunteerSelf(volunteer: v, team: try await v.teamID.asyncMap { try await store.volunteerTeam($0) } ?? nil, places: places,
                             pairings: try await pairingViews(try await store.pairings(volunteer: v.id)), redemptions: try await store.redemptions(volunteer: v.id, limit: 20))
    }

    public func createTeam(_ input: VolunteerTeamInput, by identity: Identity) async throws -> VolunteerTeam {
        let node = try await committee(input.nodeID, identity, roles: Self.keepers, to: "set up volunteer teams")
        let name = input.name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw VolunteerError.teamName }
        try InputLimits.check(name, field: "name", max: InputLimits.name)
        let team = try await store.createVolunteerTeam(VolunteerTeam(id: VolunteerTeamID(0), nodeID: node.id, nodePath: node.path, kind: input.kind, name: name))
        try await audit("volunteer_team.created", target: "volunteer_team:\(team.id)", identity, detail: "\(team.kind.rawValue) \(name)")
        return team
    }

    /// The teams of a committee, or of the caller's own committee for a volunteer.
    public func teams(nodeID: Int64?, by identity: Identity) async throws -> [VolunteerTeam] {
        if let own = try await ownVolunteer(identity, nodeID: nodeID) { return try await store.volunteerTeams(under: own.nodePath) }
        let node = try await committee(nodeID, identity, roles: Self.readers, to: "see volunteer teams")
        return try await store.volunteerTeams(under: node.path)
    }

    /// The caller's own volunteer record when they read as a volunteer (a resident who volunteers, naming no other node).
    func ownVolunteer(_ identity: Identity, nodeID: Int64?) async throws -> Volunteer? {
        guard nodeID == nil, identity.paths(for: Self.readers).isEmpty, let user = identity.userID else { return nil }
        guard let v = try await store.volunteer(user: user) else { throw VolunteerError.notVolunteer }
        return v
    }
}
