import Foundation

/// 值班值守 — the error codes of rosters, shifts, handovers and the roster CSV, each with its message.
/// The codes are stable: clients, the console and the OpenAPI document rely on them.
public enum DutyError {
    /// 422 `duty.not_a_centre` — rosters belong to centres and stations.
    public static let notACentre = DomainError.unprocessable(
        "duty.not_a_centre", "Rosters belong to an ops centre (city, district, street) or a committee's station, not to a grid.", field: "nodeId")
    /// 422 `user.not_found` — the person to put on the roster.
    public static func noActiveUser(_ id: UserID) -> DomainError {
        .unprocessable("user.not_found", "There is no active user \(id) to put on the roster.", field: "userId")
    }
    /// 422 `user.not_found` — the person to hand over to.
    public static func noActiveSuccessor(_ id: UserID) -> DomainError {
        .unprocessable("user.not_found", "There is no active user \(id) to hand over to.", field: "toUserId")
    }
    /// 422 `roster.unknown_user` — a roster line names no active user.
    public static func unknownUser(line: Int, username: String) -> DomainError {
        .unprocessable("roster.unknown_user", "Line \(line), column username: there is no active user '\(username.prefix(40))'.", field: "line \(line) username")
    }
    /// 404 `duty.shift_not_found`
    public static func shiftNotFound(_ id: ShiftID) -> DomainError {
        .notFound("duty.shift_not_found", "There is no shift \(id) in your area.", field: "id")
    }
    /// 400 `duty.invalid_period`
    public static let invalidPeriod = DomainError.invalid("duty.invalid_period", "Ask for a roster period of up to 62 days, from before to.", field: "from")
    /// 403 `duty.person_required` — a handover is a person's.
    public static let personRequired = DomainError.forbidden("duty.person_required", "A handover is recorded by a person signed in, not by a system.")
    /// 400 `duty.note_required`
    public static let noteRequired = DomainError.invalid("duty.note_required", "Say how the shift went and what the next one must know.", field: "note")
    /// 400 `duty.node_required` — which centre or station (`hint` says what the request is for).
    public static func nodeRequired(_ hint: String = "Name the centre or station: nodeId.") -> DomainError {
        .invalid("duty.node_required", hint, field: "nodeId")
    }

    // The pure rules of a shift and of the roster CSV.

    /// 400 `duty.end_before_start`
    public static let endBeforeStart = DomainError.invalid(
        "duty.end_before_start", "A shift ends after it starts: check the end time (a night shift that ends the next morning ends on the next day).", field: "end")
    /// 400 `duty.too_long`
    public static func tooLong(maxHours: Double) -> DomainError {
        .invalid("duty.too_long", "A shift lasts at most \(Int(maxHours)) hours; split longer duty into shifts.", field: "end")
    }
    /// 409 `duty.double_booked` — the person holds another shift then.
    public static func doubleBooked(_ shift: Shift, clash: Shift, field: String) -> DomainError {
        .conflict("duty.double_booked", "\(shift.userName) is already on duty from \(clash.start.formatted(.iso8601)) to \(clash.end.formatted(.iso8601)) (shift \(clash.id)); a person holds one shift at a time.", field: field)
    }
    /// 400 `roster.header`
    public static func rosterHeader(_ header: String) -> DomainError {
        .invalid("roster.header", "The first line of a roster is the header \(header).", field: "line 1")
    }
    /// 400 `roster.columns`
    public static func rosterColumns(line n: Int, count: Int, header: String) -> DomainError {
        .invalid("roster.columns", "Line \(n) has \(count) columns; a roster line has 5: \(header).", field: "line \(n)")
    }
    /// 400 `roster.date`
    public static func rosterDate(line n: Int, _ cell: String) -> DomainError {
        .invalid("roster.date", "Line \(n), column date: '\(cell.prefix(20))' is not a date like 2026-11-24.", field: "line \(n) date")
    }
    /// 400 `roster.time` — `column` is start or end; `example` a time like 08:30.
    public static func rosterTime(line n: Int, column: String, _ cell: String, example: String) -> DomainError {
        .invalid("roster.time", "Line \(n), column \(column): '\(cell.prefix(10))' is not a time like \(example).", field: "line \(n) \(column)")
    }
    /// 400 `roster.post`
    public static func rosterPost(line n: Int, _ cell: String) -> DomainError {
        .invalid("roster.post", "Line \(n), column post: '\(cell.prefix(20))' is not a post; use \(DutyPost.allCases.map { "\($0.rawValue) (\($0.chinese))" }.joined(separator: ", ")).", field: "line \(n) post")
    }
    /// 400 `roster.username`
    public static func rosterUsername(line n: Int) -> DomainError {
        .invalid("roster.username", "Line \(n), column username is empty.", field: "line \(n) username")
    }
    /// 400 `roster.empty`
    public static let rosterEmpty = DomainError.invalid("roster.empty", "The roster has no shifts below its header.", field: "body")

    /// 404 `duty.shift_not_found` — as the store reports a shift it does not have.
    public static func noShift(_ id: ShiftID) -> DomainError {
        .notFound("duty.shift_not_found", "There is no shift \(id).")
    }
    /// 404 `duty.reinforcement_not_found`
    public static func reinforcementNotFound(_ id: DutyReinforcementID) -> DomainError {
        .notFound("duty.reinforcement_not_found", "There is no open reinforcement post \(id) you may fill.")
    }
    /// 409 `duty.reinforcement_filled` — someone holds the post already.
    public static func reinforcementFilled(_ id: DutyReinforcementID) -> DomainError {
        .conflict("duty.reinforcement_filled", "Reinforcement post \(id) is filled already.", field: "userId")
    }
}
