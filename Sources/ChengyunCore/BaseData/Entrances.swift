import Foundation

/// 出入方向 — which way people pass an entrance.
public enum EntranceDirection: String, Sendable, Hashable, Codable, CaseIterable {
    /// 进出 — both ways.
    case both
    /// 只进
    case entry
    /// 只出
    case exit
}

/// 卡口 — a step of an entrance's flow line (动线管理图, seed 002: "绘出人员信息登记、返沪人员管控、入门测温、快递外卖配送等流程动线，
/// 实现无接触式管理服务").
public enum CheckpointKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// 人员信息登记
    case registration
    /// 返沪人员管控 — people arriving from elsewhere are checked and reported.
    case returnees
    /// 入门测温
    case temperature
    /// 快递外卖配送 — a contactless drop point.
    case deliveries
}

/// A checkpoint at an entrance, in the order a person passes them: what is done, how it is staffed or kept (a note),
/// and where it stands when not at the gate itself (the delivery shelf outside, say).
public struct Checkpoint: Sendable, Hashable, Codable {
    public var kind: CheckpointKind
    public var note: String?
    public var location: GeoPoint?
    public init(kind: CheckpointKind, note: String? = nil, location: GeoPoint? = nil) {
        self.kind = kind
        self.note = note
        self.location = location
    }
}

/// 出入口 — an entrance of a compound: the points of the flow-line map, each with the way people pass, whether it is
/// open, and its checkpoints in order.
public struct Entrance: Sendable, Hashable, Codable {
    public var name: String
    public var location: GeoPoint
    /// Whether vehicles pass (else people only).
    public var vehicles: Bool
    public var direction: EntranceDirection
    /// Closed (封闭) when false: the map crosses it out and sends people to the open ones.
    public var open: Bool
    public var checkpoints: [Checkpoint]

    public init(name: String, location: GeoPoint, vehicles: Bool = false, direction: EntranceDirection = .both, open: Bool = true, checkpoints: [Checkpoint] = []) {
        self.name = name
        self.location = location
        self.vehicles = vehicles
        self.direction = direction
        self.open = open
        self.checkpoints = checkpoints
    }

    enum CodingKeys: String, CodingKey { case name, location, vehicles, direction, open, checkpoints }

    /// What a client leaves out takes its default: an entrance given as name and place is open both ways, people only.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try c.decode(String.self, forKey: .name), location: try c.decode(GeoPoint.self, forKey: .location),
                  vehicles: try c.decodeIfPresent(Bool.self, forKey: .vehicles) ?? false,
                  direction: try c.decodeIfPresent(EntranceDirection.self, forKey: .direction) ?? .both,
                  open: try c.decodeIfPresent(Bool.self, forKey: .open) ?? true,
                  checkpoints: try c.decodeIfPresent([Checkpoint].self, forKey: .checkpoints) ?? [])
    }

    /// At most this many entrances a compound.
    public static let most = 20
    /// At most this many metres from the compound's point: an entrance is at the compound, not across the city.
    public static let reach = 2_000.0
    /// A checkpoint stands at most this many metres from its entrance.
    public static let checkpointReach = 300.0

    /// Checks a compound's entrances as a keeper sends them and returns them tidied (names and notes trimmed, empty notes
    /// dropped): names of 1–20 characters, unique; places valid and within `reach` of the compound's point (when it has
    /// one); each checkpoint kind at most once an entrance, notes of at most 100 characters, a checkpoint's place within
    /// `checkpointReach` of its entrance.
    public static func checked(_ entrances: [Entrance], near compound: GeoPoint?) throws(DomainError) -> [Entrance] {
        guard entrances.count <= most else { throw EntranceError.tooMany }
        var names = Set<String>()
        var out: [Entrance] = []
        for (i, e) in entrances.enumerated() {
            var entrance = e
            entrance.name = e.name.trimmingCharacters(in: .whitespacesAndNewlines)
            guard (1...20).contains(entrance.name.count) else { throw EntranceError.name(field: "entrances[\(i)].name") }
            guard names.insert(entrance.name).inserted else { throw EntranceError.duplicateName(field: "entrances[\(i)].name") }
            guard e.location.isValid, compound.map({ DuplicatePolicy.metres($0, e.location) <= reach }) ?? true else {
                throw EntranceError.place(field: "entrances[\(i)].location")
            }
            var kinds = Set<CheckpointKind>()
            for (j, point) in e.checkpoints.enumerated() {
                let field = "entrances[\(i)].checkpoints[\(j)]"
                guard kinds.insert(point.kind).inserted else { throw EntranceError.duplicateCheckpoint(field: "\(field).kind") }
                let note = point.note?.trimmingCharacters(in: .whitespacesAndNewlines)
                guard (note?.count ?? 0) <= 100 else { throw EntranceError.note(field: "\(field).note") }
                entrance.checkpoints[j].note = note?.isEmpty == false ? note : nil
                if let at = point.location, !at.isValid || DuplicatePolicy.metres(at, e.location) > checkpointReach {
                    throw EntranceError.checkpointPlace(field: "\(field).location")
                }
            }
            out.append(entrance)
        }
        return out
    }
}

/// The error codes of a compound's entrances.
public enum EntranceError {
    /// 400 `entrance.too_many`
    public static let tooMany = DomainError.invalid("entrance.too_many", "A compound has at most \(Entrance.most) entrances.", field: "entrances")
    /// 400 `entrance.name`
    public static func name(field: String) -> DomainError { .invalid("entrance.name", "Give each entrance a name of 1 to 20 characters.", field: field) }
    /// 400 `entrance.duplicate_name`
    public static func duplicateName(field: String) -> DomainError { .invalid("entrance.duplicate_name", "Two entrances have the same name.", field: field) }
    /// 400 `entrance.place`
    public static func place(field: String) -> DomainError {
        .invalid("entrance.place", "An entrance lies within \(Int(Entrance.reach)) m of its compound (WGS-84 lon/lat).", field: field)
    }
    /// 400 `entrance.duplicate_checkpoint` — each checkpoint kind at most once an entrance.
    public static func duplicateCheckpoint(field: String) -> DomainError {
        .invalid("entrance.duplicate_checkpoint", "Each kind of checkpoint at most once an entrance.", field: field)
    }
    /// 400 `entrance.note`
    public static func note(field: String) -> DomainError { .invalid("entrance.note", "A checkpoint's note has at most 100 characters.", field: field) }
    /// 400 `entrance.checkpoint_place`
    public static func checkpointPlace(field: String) -> DomainError {
        .invalid("entrance.checkpoint_place", "A checkpoint stands within \(Int(Entrance.checkpointReach)) m of its entrance.", field: field)
    }
    /// 409 `compound.changed` — someone else changed the compound since the version the change was made on.
    public static let changed = DomainError.conflict("compound.changed", "Someone changed this compound meanwhile; reload it and make the change again.", field: "version")
}
