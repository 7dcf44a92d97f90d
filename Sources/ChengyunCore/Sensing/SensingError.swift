/// 感知 — the error codes of devices, datastreams, readings, alarm rules and alarms, each with its message.
/// The codes are stable: gateways, the console and the OpenAPI document rely on them.
public enum SensingError {
    /// 400 `device.invalid_code`
    public static let deviceCode = DomainError.invalid("device.invalid_code", "Give the device's code (its id at its owner).", field: "properties/code")
    /// 400 `device.invalid_name`
    public static let deviceName = DomainError.invalid("device.invalid_name", "Give the device's name.", field: "name")
    /// 400 `device.invalid_kind`
    public static func deviceKind(_ given: String) -> DomainError {
        .invalid("device.invalid_kind", "'\(given)' is not a device kind; one of \(DeviceKind.allCases.map(\.rawValue).joined(separator: ", ")).", field: "properties/kind")
    }
    /// 400 `device.invalid_owner`
    public static let deviceOwner = DomainError.invalid("device.invalid_owner", "Give the device's owner (所有者).", field: "properties/owner")
    /// 400 `device.location_required`
    public static let locationRequired = DomainError.invalid(
        "device.location_required", "Place the device: a Location with a GeoJSON Point, or properties/nodeId.", field: "Locations")
    /// 409 `device.duplicate_code`
    public static func duplicateCode(_ code: String) -> DomainError {
        .conflict("device.duplicate_code", "A device with code \(code) is registered already.", field: "properties/code")
    }
    /// 404 `device.not_found`
    public static func deviceNotFound(_ id: Int64) -> DomainError { .notFound("device.not_found", "There is no device \(id) you may see.") }
    /// 404 `datastream.not_found`
    public static func datastreamNotFound(_ id: Int64) -> DomainError { .notFound("datastream.not_found", "There is no datastream \(id) you may see.") }
    /// 404 `sensor.not_found`
    public static func sensorNotFound(_ id: Int64) -> DomainError { .notFound("sensor.not_found", "There is no sensor \(id).") }
    /// 404 `observed_property.not_found`
    public static func propertyNotFound(_ id: Int64) -> DomainError { .notFound("observed_property.not_found", "There is no observed property \(id).") }
    /// 404 `observation.not_found`
    public static func observationNotFound(_ key: String) -> DomainError { .notFound("observation.not_found", "There is no observation \(key) you may see.") }
    /// 400 `sensing.missing` — a required member of an entity.
    public static func missing(_ field: String) -> DomainError { .invalid("sensing.missing", "Give \(field).", field: field) }
    /// 400 `sensing.invalid` — a member of the wrong form.
    public static func invalid(_ field: String, _ why: String) -> DomainError { .invalid("sensing.invalid", "\(field): \(why)", field: field) }
    /// 400 `observation.invalid_result` — not a finite number.
    public static let result = DomainError.invalid("observation.invalid_result", "An observation's result must be a finite number.", field: "result")
    /// 400 `observation.invalid_time`
    public static let time = DomainError.invalid(
        "observation.invalid_time", "phenomenonTime must be an ISO 8601 instant within the retention and at most 5 minutes ahead.", field: "phenomenonTime")
    /// 403 `observation.not_yours` — a gateway posting for a device outside its key's area.
    public static func notYours(_ id: Int64) -> DomainError {
        .forbidden("observation.not_yours", "Datastream \(id) is outside the area your key may report for.", field: "Datastream")
    }
    /// 413 `observation.batch_too_large`
    public static func batchTooLarge(_ max: Int) -> DomainError {
        DomainError(.tooLarge, "observation.batch_too_large", "Send at most \(max) observations in one request.")
    }
    /// 400 `alarm_rule.invalid_name`
    public static let ruleName = DomainError.invalid("alarm_rule.invalid_name", "Give the rule's name.", field: "name")
    /// 400 `alarm_rule.invalid_target`
    public static let ruleTarget = DomainError.invalid("alarm_rule.invalid_target", "Name a datastream or a device kind for the rule to watch.", field: "target")
    /// 400 `alarm_rule.invalid_value`
    public static func ruleValue(_ field: String) -> DomainError { .invalid("alarm_rule.invalid_value", "\(field) is out of range.", field: field) }
    /// 400 `alarm_rule.hysteresis` — the clear value must lie on the safe side of the raise value.
    public static func hysteresis(above: Bool) -> DomainError {
        .invalid("alarm_rule.hysteresis", above ? "For a rule on readings above raise, clear must not exceed raise." : "For a rule on readings below raise, clear must not be below raise.",
                 field: "trigger.clear")
    }
    /// 400 `alarm_rule.invalid_members`
    public static let coincidenceMembers = DomainError.invalid(
        "alarm_rule.invalid_members", "A coincidence names at least two other rules, each once.", field: "trigger.members")
    /// 422 `alarm_rule.unknown_member`
    public static func unknownMember(_ id: AlarmRuleID) -> DomainError {
        .unprocessable("alarm_rule.unknown_member", "There is no alarm rule \(id) to combine.", field: "trigger.members")
    }
    /// 404 `alarm_rule.not_found`
    public static func ruleNotFound(_ id: AlarmRuleID) -> DomainError { .notFound("alarm_rule.not_found", "There is no alarm rule \(id) you may see.") }
    /// 404 `alarm.not_found`
    public static func alarmNotFound(_ id: AlarmID) -> DomainError { .notFound("alarm.not_found", "There is no alarm \(id) you may see.") }
    /// 409 `alarm.cleared` — acknowledging or clearing an alarm that is cleared already.
    public static func alarmCleared(_ id: AlarmID) -> DomainError { .conflict("alarm.cleared", "Alarm \(id) is cleared already.") }
}
