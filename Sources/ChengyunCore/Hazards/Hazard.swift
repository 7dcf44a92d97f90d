public import Foundation

public typealias InspectionID = Identifier<Inspection>
public typealias HazardID = Identifier<Hazard>

/// 排查 — an inspection of an area or a key supervised unit (docs/HAZARDS.md), of one of three kinds (seed 001, flood
/// hazards): a district's self-inspection with its report (自查), a third party's round with instruments or unannounced
/// checks (第三方排查：仪器检查 / 暗访抽查), or oversight across districts (督察, not 督办). What it finds are hazards.
public struct Inspection: Sendable, Hashable, Codable, Identifiable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case selfInspection, thirdPartyRound, oversight
    }
    public enum Method: String, Sendable, Hashable, Codable, CaseIterable {
        /// 现场检查
        case onSite
        /// 仪器检查
        case instrument
        /// 暗访抽查
        case unannounced
    }

    public var id: InspectionID
    public var kind: Kind
    public var method: Method
    /// The area inspected (a district, street or committee).
    public var nodeID: NodeID
    public var nodePath: String
    /// The key supervised unit inspected, if one.
    public var keyPlaceID: KeyPlaceID?
    /// Who inspected: the district's office, the third party's name, the oversight team.
    public var inspector: String
    public var note: String
    public var inspectedOn: LocalDate
    public var recordedBy: String
    public var recordedAt: Date
    /// The hazards it found.
    public var findings: Int

    public init(id: InspectionID, kind: Kind, method: Method, nodeID: NodeID, nodePath: String, keyPlaceID: KeyPlaceID?, inspector: String, note: String,
                inspectedOn: LocalDate, recordedBy: String, recordedAt: Date, findings: Int = 0) {
        self.id = id
        self.kind = kind
        self.method = method
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.keyPlaceID = keyPlaceID
        self.inspector = inspector
        self.note = note
        self.inspectedOn = inspectedOn
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
        self.findings = findings
    }
}

/// 隐患 — a hazard found by an inspection (or confirmed from a whistle-blower's report), rectified by the unit
/// responsible by its day, rechecked by someone else, and closed out (隐患排查销项: 排查 → 整改 → 复查 → 销项). The day
/// to rectify is counted in working days on the city's calendar (the case clock) from the day it was found.
public struct Hazard: Sendable, Hashable, Codable, Identifiable {
    public enum Severity: String, Sendable, Hashable, Codable, CaseIterable {
        /// 一般隐患
        case general
        /// 重大隐患
        case major

        /// Working days to rectify when the inspector gives no day (our design): 10 for a general hazard, 30 for a major one.
        public var workingDays: Int { self == .general ? 10 : 30 }
    }

    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        /// 待整改
        case open
        /// 已整改，待复查
        case rectified
        /// 已销项 — rechecked and closed out
        case closedOut

        public var isOpen: Bool { self != .closedOut }
    }

    /// Where a hazard came from.
    public enum Origin: String, Sendable, Hashable, Codable, CaseIterable {
        case inspection, whistleblower
    }

    /// 整改 (by the unit responsible, or whoever records it for them), 复查通过 (closes it out), 复查未通过 (back to open).
    public enum Action: String, Sendable, Hashable, Codable, CaseIterable {
        case find, rectify, pass, fail
    }

    public var id: HazardID
    /// 隐患编号: YH, the day found, the id.
    public var number: String
    public var origin: Origin
    public var inspectionID: InspectionID?
    public var kind: HazardKind
    public var severity: Severity
    public var description: String
    /// Where: a committee or a grid (or a street, when that is all that is known).
    public var nodeID: NodeID
    public var nodePath: String
    public var keyPlaceID: KeyPlaceID?
    public var location: GeoPoint?
    /// 责任单位 — the unit that must put it right.
    public var responsibleUnit: String
    public var foundOn: LocalDate
    public var rectifyBy: LocalDate
    public var state: State
    /// Who said it was rectified (the recheck is someone else's).
    public var rectifiedBy: UserID?
    public var closedAt: Date?
    public var closedOnTime: Bool?
    public var createdAt: Date
    public var version: Int

    public init(id: HazardID, number: String, origin: Origin, inspectionID: InspectionID?, kind: HazardKind, severity: Severity, description: String, nodeID: NodeID,
                nodePath: String, keyPlaceID: KeyPlaceID?, location: GeoPoint?, responsibleUnit: String, foundOn: LocalDate, rectifyBy: LocalDate, state: State = .open,
                rectifiedBy: UserID? = nil, closedAt: Date? = nil, closedOnTime: Bool? = nil, createdAt: Date, version: Int = 1) {
        self.id = id
        self.number = number
        self.origin = origin
        self.inspectionID = inspectionID
        self.kind = kind
        self.severity = severity
        self.description = description
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.keyPlaceID = keyPlaceID
        self.location = location
        self.responsibleUnit = responsibleUnit
        self.foundOn = foundOn
        self.rectifyBy = rectifyBy
        self.state = state
        self.rectifiedBy = rectifiedBy
        self.closedAt = closedAt
        self.closedOnTime = closedOnTime
        self.createdAt = createdAt
        self.version = version
    }

    /// Whether it is still open past its day.
    public func isOverdue(today: LocalDate) -> Bool { state.isOpen && rectifyBy < today }

    /// The number's day part; the store adds the id (`number(prefix:id:)`).
    public static func numberPrefix(day: LocalDate) -> String { "YH" + ServiceRequest.numberPrefix(day: day).dropFirst(2) }
    public static func number(prefix: String, id: HazardID) -> String { prefix + "-" + ServiceRequest.padded(id.rawValue, 6) }

    /// The state a step leads to from `state`, or nil when the step is not allowed then.
    public static func next(_ state: State, _ action: Action) -> State? {
        switch (state, action) {
        case (.open, .rectify): .rectified
        case (.rectified, .pass): .closedOut
        case (.rectified, .fail): .open
        default: nil
        }
    }
}

/// A step of a hazard: found, rectified, recheck passed or failed, by whom, when, what was done or found.
public struct HazardStep: Sendable, Hashable, Codable {
    public var hazardID: HazardID
    public var seq: Int
    public var action: Hazard.Action
    public var by: String
    public var at: Date
    public var note: String

    public init(hazardID: HazardID, seq: Int, action: Hazard.Action, by: String, at: Date, note: String) {
        self.hazardID = hazardID
        self.seq = seq
        self.action = action
        self.by = by
        self.at = at
        self.note = note
    }
}

/// 隐患销项率 — an area's hazards counted: found, still open, open past their day, closed out, closed out by their day.
public struct HazardTally: Sendable, Hashable, Codable {
    public var found = 0
    public var open = 0
    public var overdue = 0
    public var closedOut = 0
    public var closedOnTime = 0

    public init() {}

    /// Closed out of found, 0…1 (nil with none found).
    public var closeOutRate: Double? { found == 0 ? nil : Double(closedOut) / Double(found) }
    /// Closed out by their day, of those closed out.
    public var onTimeRate: Double? { closedOut == 0 ? nil : Double(closedOnTime) / Double(closedOut) }
}

/// The rollups of hazards, kept in the transaction of every change: per node from the city down to the committee, per
/// kind, a bucket (`open` on its day to rectify, `onTime` / `late` on the day closed out) and the day.
public enum HazardRollups {
    public struct Key: Hashable, Sendable {
        public var node: Int64
        public var kind: String
        public var bucket: String
        public var day: Int

        public init(node: Int64, kind: String, bucket: String, day: Int) {
            self.node = node
            self.kind = kind
            self.bucket = bucket
            self.day = day
        }
    }

    /// The nodes a hazard under `path` counts for: the city down to the committee.
    public static func nodes(_ path: String) -> [Int64] { OrgNode.ids(inPath: path).prefix(4).map(\.rawValue) }

    static func add(_ into: inout [Key: Int], _ h: Hazard, closedDay closed: Int?, sign: Int) {
        let (bucket, day): (String, Int) = h.state.isOpen ? ("open", h.rectifyBy.daysSince1970) : (h.closedOnTime == true ? "onTime" : "late", closed ?? 0)
        for node in nodes(h.nodePath) { into[Key(node: node, kind: h.kind.rawValue, bucket: bucket, day: day), default: 0] += sign }
    }

    /// The change between a hazard before and after a step (a closed-out hazard moves no more, so `before` is open);
    /// `closedDay` the city's day it was closed out, if it was.
    public static func delta(before: Hazard?, after: Hazard, closedDay: Int? = nil) -> [Key: Int] {
        var out: [Key: Int] = [:]
        if let before { add(&out, before, closedDay: nil, sign: -1) }
        add(&out, after, closedDay: closedDay, sign: 1)
        return out.filter { $0.value != 0 }
    }

    /// Tallies from rows `(node, kind, bucket, day, n)`, overdue counted against `today`; per node, and per node and kind.
    public static func tallies(_ rows: [(node: Int64, kind: String, bucket: String, day: Int, n: Int)], today: LocalDate) -> (byNode: [NodeID: HazardTally], byKind: [NodeID: [HazardKind: HazardTally]]) {
        var byNode: [NodeID: HazardTally] = [:], byKind: [NodeID: [HazardKind: HazardTally]] = [:]
        func count(_ t: inout HazardTally, _ row: (node: Int64, kind: String, bucket: String, day: Int, n: Int)) {
            t.found += row.n
            switch row.bucket {
            case "open":
                t.open += row.n
                if row.day < today.daysSince1970 { t.overdue += row.n }
            case "onTime": t.closedOut += row.n; t.closedOnTime += row.n
            default: t.closedOut += row.n
            }
        }
        for row in rows {
            let node = NodeID(row.node), kind = HazardKind(rawValue: row.kind) ?? .other
            count(&byNode[node, default: HazardTally()], row)
            count(&byKind[node, default: [:]][kind, default: HazardTally()], row)
        }
        return (byNode, byKind)
    }
}

/// The errors of the hazard register, each with its stable code.
public enum HazardError {
    /// 400 `hazard.description`
    public static let description = DomainError.invalid("hazard.description", "Say what the hazard is (2 to 500 characters).", field: "description")
    /// 400 `hazard.responsible_unit`
    public static let responsibleUnit = DomainError.invalid("hazard.responsible_unit", "Name the unit that must put it right (1 to 100 characters).", field: "responsibleUnit")
    /// 400 `hazard.inspector`
    public static let inspector = DomainError.invalid("hazard.inspector", "Name who inspected (1 to 100 characters).", field: "inspector")
    /// 422 `hazard.rectify_by` — the day to rectify is after the day found and within a year.
    public static let rectifyBy = DomainError.unprocessable("hazard.rectify_by", "The day to rectify falls after the day it was found and within a year.", field: "rectifyBy")
    /// 422 `hazard.inspected_on` — not in the future, not more than 90 days back.
    public static let inspectedOn = DomainError.unprocessable("hazard.inspected_on", "The inspection day is today or within the last 90 days.", field: "inspectedOn")
    /// 400 `hazard.findings` — at most 50 hazards with one inspection.
    public static let findings = DomainError.invalid("hazard.findings", "Record at most 50 hazards with one inspection.", field: "hazards")
    /// 422 `hazard.place` — the key place is not in the area inspected.
    public static let place = DomainError.unprocessable("hazard.place", "The key place must lie in the area inspected.", field: "keyPlaceId")
    /// 422 `hazard.area` — a hazard lies in the area inspected, at a committee or grid.
    public static let area = DomainError.unprocessable("hazard.area", "Place the hazard in the area inspected, at a committee or a grid.", field: "nodeId")
    /// 403 `hazard.oversight` — oversight (督察) is the district's or the city's.
    public static let oversight = DomainError.forbidden("hazard.oversight", "Oversight inspections are recorded by a district's or the city's duty officers, leaders or admins.", field: "kind")
    /// 404 `hazard.not_found`
    public static func notFound(_ id: HazardID) -> DomainError { .notFound("hazard.not_found", "There is no hazard \(id) you may see.", field: "id") }
    /// 404 `hazard.inspection_not_found`
    public static func inspectionNotFound(_ id: InspectionID) -> DomainError { .notFound("hazard.inspection_not_found", "There is no inspection \(id) you may see.", field: "id") }
    /// 409 `hazard.state` — the step does not follow from the hazard's state.
    public static let state = DomainError.conflict("hazard.state", "The hazard is not in a state that allows this step.", field: "action")
    /// 409 `hazard.version`
    public static let version = DomainError.conflict("hazard.version", "The hazard was changed meanwhile; reload it and try again.", field: "version")
    /// 400 `hazard.note_required` — a rectification says what was done; a failed recheck says what is still wrong.
    public static let noteRequired = DomainError.invalid("hazard.note_required", "Say what was done or what is still wrong (1 to 500 characters).", field: "note")
    /// 409 `hazard.same_person` — the recheck is someone else's than the rectification's.
    public static let samePerson = DomainError.conflict("hazard.same_person", "Someone other than who recorded the rectification rechecks it.")
    /// 400 `hazard.client_key`
    public static let clientKey = DomainError.invalid("hazard.client_key", "Send a clientKey of 8 to 64 characters, the same for every retry.", field: "clientKey")
    /// 400 `hazard.cursor`
    public static let cursor = DomainError.invalid("hazard.cursor", "Give the cursor of the page before.", field: "cursor")
}
