public import Foundation

public typealias RegistrationID = Identifier<ResidentRegistration>

/// 扫码注册 — a resident who scanned their building group's QR code and registered: an account of the `resident` role at
/// the committee, the house they say they live in, and — once matched to the committee's base data — the resident
/// record it is (实名核验). Matched at once when the ID number given is recorded in the group's buildings under the same
/// name; otherwise the committee's workers match it or refuse it. The name and phone are personal data: sealed in the
/// database, masked in answers (docs/REGISTRATIONS.md).
public struct ResidentRegistration: Sendable, Hashable, Codable, Identifiable {
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        /// 待核验 — not yet matched to a resident of the base data.
        case pending
        /// 已核验 — matched to a resident living in the committee.
        case verified
        /// 未通过 — refused by the committee (the account is disabled).
        case refused
    }

    public var id: RegistrationID
    public var groupID: BuildingGroupID
    /// The committee.
    public var nodeID: NodeID
    public var nodePath: String
    /// The account made by the registration.
    public var userID: UserID
    public var name: String
    public var phone: String
    /// The building they live in (one of the group's; none for a village group).
    public var buildingID: BuildingID?
    /// The room (`1单元302`) as they typed it.
    public var room: String
    /// The resident of the base data it is, once verified.
    public var residentID: ResidentID?
    public var status: Status
    public var createdAt: Date
    public var decidedAt: Date?
    public var decidedBy: String?
    /// Why the committee refused it.
    public var note: String
    /// The last day (in the city's time) the resident used the platform: signed in, reported a problem.
    public var lastActiveDay: LocalDate?
    /// The key the resident's phone sent: the same key in the same group is the same registration.
    public var clientKey: String

    public init(id: RegistrationID, groupID: BuildingGroupID, nodeID: NodeID, nodePath: String, userID: UserID, name: String, phone: String, buildingID: BuildingID?,
                room: String, residentID: ResidentID?, status: Status, createdAt: Date, decidedAt: Date? = nil, decidedBy: String? = nil, note: String = "",
                lastActiveDay: LocalDate? = nil, clientKey: String) {
        self.id = id
        self.groupID = groupID
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.userID = userID
        self.name = name
        self.phone = phone
        self.buildingID = buildingID
        self.room = room
        self.residentID = residentID
        self.status = status
        self.createdAt = createdAt
        self.decidedAt = decidedAt
        self.decidedBy = decidedBy
        self.note = note
        self.lastActiveDay = lastActiveDay
        self.clientKey = clientKey
    }
}

/// 注册率 / 活跃率 — an area's residents (living there, from the base data's tallies), the registrations verified
/// among them, those active in the last 30 days, and those waiting to be matched.
public struct RegistrationTally: Sendable, Hashable, Codable {
    public var residents: Int = 0
    public var verified: Int = 0
    public var active: Int = 0
    public var pending: Int = 0
    public init(residents: Int = 0, verified: Int = 0, active: Int = 0, pending: Int = 0) {
        self.residents = residents
        self.verified = verified
        self.active = active
        self.pending = pending
    }
    /// Verified registrations per resident, in per cent with one decimal (nil without residents).
    public var registrationRate: Double? { residents > 0 ? (Double(verified) * 1000 / Double(residents)).rounded() / 10 : nil }
    /// Active in the last 30 days per verified registration, in per cent with one decimal.
    public var activityRate: Double? { verified > 0 ? (Double(active) * 1000 / Double(verified)).rounded() / 10 : nil }
}

/// The rollups behind the rates, the same in both stores: one row per (node from the city down to the committee,
/// status, last active day) holding how many registrations are there; a registration's row moves when it is verified,
/// refused or active on a new day, in the same transaction. Active in the last 30 days is the sum of the days since.
public enum RegistrationRollups {
    /// The day of a registration never active (and of pending ones).
    public static let never = 0
    /// How many days count as active.
    public static let activeDays = 30

    /// The nodes a registration under `path` counts for.
    public static func nodes(_ path: String) -> [Int64] { OrgNode.ids(inPath: path).prefix(4).map(\.rawValue) }

    public struct Key: Hashable, Sendable {
        public var node: Int64
        public var status: String
        public var day: Int
    }

    /// A registration's share (`sign` 1 to add, -1 to take out); refused ones count nowhere.
    public static func add(_ into: inout [Key: Int], _ r: ResidentRegistration, sign: Int) {
        guard r.status != .refused else { return }
        let day = r.status == .verified ? (r.lastActiveDay?.daysSince1970 ?? never) : never
        for node in nodes(r.nodePath) { into[Key(node: node, status: r.status.rawValue, day: day), default: 0] += sign }
    }

    /// The change between a registration before and after.
    public static func delta(before: ResidentRegistration?, after: ResidentRegistration) -> [Key: Int] {
        var out: [Key: Int] = [:]
        if let before { add(&out, before, sign: -1) }
        add(&out, after, sign: 1)
        return out.filter { $0.value != 0 }
    }

    /// The tallies read back from rows `(node, status, day, n)`, active counted from `since` (a day number).
    public static func tallies(_ rows: [(node: Int64, status: String, day: Int, n: Int)], since: Int) -> [NodeID: RegistrationTally] {
        var out: [NodeID: RegistrationTally] = [:]
        for row in rows {
            var t = out[NodeID(row.node)] ?? RegistrationTally()
            switch row.status {
            case ResidentRegistration.Status.verified.rawValue:
                t.verified += row.n
                if row.day != never, row.day >= since { t.active += row.n }
            case ResidentRegistration.Status.pending.rawValue: t.pending += row.n
            default: break
            }
            out[NodeID(row.node)] = t
        }
        return out
    }
}

public enum RegistrationError {
    /// 404 `registration.code` — the QR code names no building group (or one whose registration is closed).
    public static let code = DomainError.notFound("registration.code", "This QR code is not a building group's registration code; ask your building-group leader for the current one.", field: "code")
    /// 404 `registration.not_found`
    public static func notFound(_ id: RegistrationID) -> DomainError { .notFound("registration.not_found", "There is no registration \(id) you may see.", field: "id") }
    /// 404 `registration.none` — the signed-in user did not register by a building group's code.
    public static let none = DomainError.notFound("registration.none", "You did not register by a building group's QR code.")
    /// 422 `registration.building` — the building is not one of the group's.
    public static let building = DomainError.unprocessable("registration.building", "Choose the building you live in from this building group's buildings.", field: "buildingId")
    /// 400 `registration.room`
    public static let room = DomainError.invalid("registration.room", "Give your room, as 1单元302 (at most 16 characters).", field: "room")
    /// 400 `registration.phone_required`
    public static let phoneRequired = DomainError.invalid("registration.phone_required", "Give a mobile phone number the committee can reach you at.", field: "phone")
    /// 409 `registration.decided` — verified or refused already.
    public static let decided = DomainError.conflict("registration.decided", "This registration has been decided already.")
    /// 422 `registration.resident` — the resident chosen does not live in the committee, or has an account already.
    public static let resident = DomainError.unprocessable("registration.resident", "Choose a resident living in this committee who has no verified registration yet.", field: "residentId")
    /// 400 `registration.reason_required`
    public static let reasonRequired = DomainError.invalid("registration.reason_required", "Say why the registration is refused (at most 200 characters).", field: "reason")
    /// 400 `registration.client_key` — the key that makes a retry the same registration.
    public static let clientKey = DomainError.invalid("registration.client_key", "Send a clientKey of 8 to 64 characters, the same for every retry.", field: "clientKey")
    /// 422 `registration.level` — rates are of a committee or an area above it.
    public static let level = DomainError.unprocessable("registration.level", "Registration rates are of a committee, a street, a district or the city.", field: "nodeId")
    /// 422 `registration.list_level` — registrations are listed per committee.
    public static let listLevel = DomainError.unprocessable("registration.list_level", "Registrations are listed per residents' or village committee; an area's counts are its rates.", field: "nodeId")
    /// 429 `registration.too_many` — too many registrations from one address.
    public static func tooMany(retryAfterSeconds: Int?) -> DomainError {
        DomainError(.tooManyRequests, "registration.too_many", "Too many registrations from your address; try again later.", retryAfterSeconds: retryAfterSeconds)
    }
}
