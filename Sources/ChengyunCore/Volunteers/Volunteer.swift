public import Foundation

public typealias VolunteerID = Identifier<Volunteer>
public typealias VolunteerTeamID = Identifier<VolunteerTeam>
public typealias VolunteerTaskID = Identifier<VolunteerTask>
public typealias PairingID = Identifier<Pairing>

/// 志愿者 — a resident who registered by their building group's code, was verified, and volunteers in their committee:
/// in a team at most, grabbing tasks and micro-wishes (抢单), paired with people in need (结对), earning points (积分)
/// for what the committee confirms done (docs/VOLUNTEERS.md).
public struct Volunteer: Sendable, Hashable, Codable, Identifiable {
    public var id: VolunteerID
    /// The account they sign in with (a resident's, verified).
    public var userID: UserID
    public var residentID: ResidentID
    /// The committee.
    public var nodeID: NodeID
    public var nodePath: String
    /// The account's display name (masked).
    public var name: String
    public var teamID: VolunteerTeamID?
    /// What they offer: 理发, 维修, 陪聊 …
    public var skills: String
    /// 积分 — the points of every task confirmed done.
    public var points: Int
    /// The points spent on items (积分兑换), never more than earned.
    public var spent: Int
    public var joinedAt: Date
    /// 服务时长 — the minutes of every place confirmed done.
    public var minutes: Int
    /// The points left to spend.
    public var balance: Int { points - spent }

    public init(id: VolunteerID, userID: UserID, residentID: ResidentID, nodeID: NodeID, nodePath: String, name: String, teamID: VolunteerTeamID? = nil, skills: String = "",
                points: Int = 0, spent: Int = 0, joinedAt: Date, minutes: Int = 0) {
        self.id = id
        self.userID = userID
        self.residentID = residentID
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.name = name
        self.teamID = teamID
        self.skills = skills
        self.points = points
        self.spent = spent
        self.joinedAt = joinedAt
        self.minutes = minutes
    }
}

/// 志愿者队伍 — a committee's team: 护楼队 (guards a building), 护村队 (a village), 先锋队 (a vanguard of party members).
public struct VolunteerTeam: Sendable, Hashable, Codable, Identifiable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case buildingGuard, villageGuard, vanguard
    }
    public var id: VolunteerTeamID
    public var nodeID: NodeID
    public var nodePath: String
    public var kind: Kind
    public var name: String
    /// How many volunteers are in it (counted when read).
    public var members: Int

    public init(id: VolunteerTeamID, nodeID: NodeID, nodePath: String, kind: Kind, name: String, members: Int = 0) {
        self.id = id
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.kind = kind
        self.name = name
        self.members = members
    }
}

/// 任务 / 微心愿 — something a committee asks its volunteers to do on a day, for a number of volunteers, worth points;
/// a micro-wish is a resident's small wish (a radio, a haircut at home) that one volunteer fulfils. Volunteers grab
/// places (抢单) while any are left; the committee confirms each done, which credits the points once.
public struct VolunteerTask: Sendable, Hashable, Codable, Identifiable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case task, microWish
    }
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        /// Open to grab while places are left.
        case open
        /// Closed by the committee: no more grabbing; places taken may still be confirmed.
        case closed
    }
    public var id: VolunteerTaskID
    public var nodeID: NodeID
    public var nodePath: String
    public var kind: Kind
    public var title: String
    public var detail: String
    public var place: String
    public var day: LocalDate
    /// How many volunteers it needs (1 for a micro-wish).
    public var slots: Int
    /// How many have grabbed it.
    public var taken: Int
    public var points: Int
    public var state: State
    /// A micro-wish's resident (shown masked).
    public var beneficiaryID: ResidentID?
    public var createdBy: String
    public var createdAt: Date
    public var clientKey: String
    /// 服务时长 — the minutes a place takes, credited to each volunteer confirmed (0: not counted in time).
    public var minutes: Int

    public init(id: VolunteerTaskID, nodeID: NodeID, nodePath: String, kind: Kind, title: String, detail: String, place: String, day: LocalDate, slots: Int, taken: Int = 0,
                points: Int, state: State = .open, beneficiaryID: ResidentID? = nil, createdBy: String, createdAt: Date, clientKey: String, minutes: Int = 0) {
        self.id = id
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.kind = kind
        self.title = title
        self.detail = detail
        self.place = place
        self.day = day
        self.slots = slots
        self.taken = taken
        self.points = points
        self.state = state
        self.beneficiaryID = beneficiaryID
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.clientKey = clientKey
        self.minutes = minutes
    }

    /// The most a place may take: a day.
    public static let maxMinutes = 1_440
}

/// A place in a task grabbed by a volunteer, and its confirmation (which credited the points).
public struct TaskClaim: Sendable, Hashable, Codable {
    public var taskID: VolunteerTaskID
    public var volunteerID: VolunteerID
    public var volunteerName: String
    public var claimedAt: Date
    public var confirmedAt: Date?
    public var confirmedBy: String?
    public var points: Int?
    /// The minutes credited when confirmed.
    public var minutes: Int?

    public init(taskID: VolunteerTaskID, volunteerID: VolunteerID, volunteerName: String, claimedAt: Date, confirmedAt: Date? = nil, confirmedBy: String? = nil, points: Int? = nil,
                minutes: Int? = nil) {
        self.taskID = taskID
        self.volunteerID = volunteerID
        self.volunteerName = volunteerName
        self.claimedAt = claimedAt
        self.confirmedAt = confirmedAt
        self.confirmedBy = confirmedBy
        self.points = points
        self.minutes = minutes
    }
}

/// What grabbing a task came to.
public enum GrabOutcome: Sendable, Hashable {
    /// A place is now the volunteer's.
    case grabbed(TaskClaim)
    /// The volunteer had a place already (a retry): the same place.
    case already(TaskClaim)
    /// Every place is taken.
    case full
    /// The task is closed, or there is no such task.
    case closed
}

/// 结对 — a volunteer paired with a resident in need (living alone, disabled, home-isolated …) whom they visit.
public struct Pairing: Sendable, Hashable, Codable, Identifiable {
    public var id: PairingID
    public var volunteerID: VolunteerID
    public var residentID: ResidentID
    public var nodePath: String
    public var since: LocalDate
    public var note: String

    public init(id: PairingID, volunteerID: VolunteerID, residentID: ResidentID, nodePath: String, since: LocalDate, note: String) {
        self.id = id
        self.volunteerID = volunteerID
        self.residentID = residentID
        self.nodePath = nodePath
        self.since = since
        self.note = note
    }

    /// The resident tags (the city's dictionary) of people a volunteer pairs with.
    public static let inNeed: Set<String> = ["elderlyAlone", "emptyNest", "elderly80", "disabled", "seriousIllness", "homeIsolation", "leftBehindChild"]
}

public enum VolunteerError {
    /// 404 `volunteer.not_found`
    public static func notFound(_ id: VolunteerID) -> DomainError { .notFound("volunteer.not_found", "There is no volunteer \(id) you may see.", field: "volunteerId") }
    /// 422 `volunteer.not_verified` — volunteers are residents whose registration the committee verified.
    public static let notVerified = DomainError.unprocessable("volunteer.not_verified",
        "Volunteers are residents registered by their building group's code and verified by the committee.", field: "userId")
    /// 409 `volunteer.already`
    public static let already = DomainError.conflict("volunteer.already", "This resident volunteers already.", field: "userId")
    /// 422 `volunteer.list_level` — volunteers are listed per committee.
    public static let listLevel = DomainError.unprocessable("volunteer.list_level", "Volunteers are listed per residents' or village committee.", field: "nodeId")
    /// 404 `volunteer.not_volunteer` — the signed-in user does not volunteer.
    public static let notVolunteer = DomainError.notFound("volunteer.not_volunteer", "You do not volunteer yet: join first (a resident verified by the committee).")
    /// 400 `volunteer_team.name`
    public static let teamName = DomainError.invalid("volunteer_team.name", "Give the team a name (at most 50 characters).", field: "name")
    /// 400 `volunteer_task.client_key`
    public static let clientKey = DomainError.invalid("volunteer_task.client_key", "Send a clientKey of 8 to 64 characters, the same for every retry.", field: "clientKey")
    /// 400 `volunteer_task.cursor`
    public static let cursor = DomainError.invalid("volunteer_task.cursor", "The cursor is the previous page's next.", field: "cursor")
    /// 404 `volunteer_team.not_found`
    public static let teamNotFound = DomainError.notFound("volunteer_team.not_found", "There is no such team in the volunteer's committee.", field: "teamId")
    /// 404 `volunteer_task.not_found`
    public static func taskNotFound(_ id: VolunteerTaskID) -> DomainError { .notFound("volunteer_task.not_found", "There is no task \(id) you may see.", field: "id") }
    /// 409 `volunteer_task.full` — every place is taken (抢单: someone was quicker).
    public static let full = DomainError.conflict("volunteer_task.full", "Every place of this task has been taken.")
    /// 409 `volunteer_task.closed`
    public static let closed = DomainError.conflict("volunteer_task.closed", "The committee has closed this task.")
    /// 400 `volunteer_task.title`
    public static let title = DomainError.invalid("volunteer_task.title", "Give the task a title of at most 60 characters.", field: "title")
    /// 400 `volunteer_task.slots` — 1 to 200 places; a micro-wish has one.
    public static let slots = DomainError.invalid("volunteer_task.slots", "A task needs 1 to 200 volunteers; a micro-wish one.", field: "slots")
    /// 400 `volunteer_task.points`
    public static let points = DomainError.invalid("volunteer_task.points", "A task is worth 0 to 100 points.", field: "points")
    /// 400 `volunteer_task.minutes` — a place takes 0 to 1,440 minutes (a day).
    public static let minutes = DomainError.invalid("volunteer_task.minutes", "A place takes 0 to 1440 minutes of service.", field: "minutes")
    /// 400 `volunteer_task.day` — today or later, within a year.
    public static let day = DomainError.invalid("volunteer_task.day", "Give the day as 2026-12-06: today or later, within a year.", field: "day")
    /// 422 `volunteer_task.beneficiary` — a micro-wish names a resident living in the committee; a task names none.
    public static let beneficiary = DomainError.unprocessable("volunteer_task.beneficiary",
        "A micro-wish names the resident of this committee whose wish it is; a task names nobody.", field: "beneficiaryId")
    /// 404 `volunteer_task.no_claim` — the volunteer holds no place in the task.
    public static let noClaim = DomainError.notFound("volunteer_task.no_claim", "That volunteer holds no place in this task.", field: "volunteerId")
    /// 422 `pairing.not_in_need` — pairs are made with residents in need, living in the committee.
    public static let notInNeed = DomainError.unprocessable("pairing.not_in_need",
        "Pair volunteers with residents of the committee in need (living alone, disabled, home-isolated …).", field: "residentId")
    /// 409 `pairing.duplicate`
    public static let duplicatePairing = DomainError.conflict("pairing.duplicate", "This volunteer is paired with this resident already.", field: "residentId")
}
