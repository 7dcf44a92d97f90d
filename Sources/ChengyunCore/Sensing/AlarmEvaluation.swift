/// 告警判定 — how one rule's state on one datastream moves with each reading (pure: the service keeps the states).
public enum AlarmEvaluation {
    /// A rule's state on one datastream.
    public struct StreamState: Sendable, Hashable {
        /// Whether the rule's alarm is on for this datastream.
        public var on = false
        /// Since when readings have been over the raise value, not yet for the sustain time (ms).
        public var pendingSince: Int64?
        /// The last reading evaluated (ms, value): readings older than it are stored but not evaluated again.
        public var lastTime: Int64?
        public var lastValue: Double?
        public init(on: Bool = false, lastTime: Int64? = nil) {
            self.on = on
            self.lastTime = lastTime
        }
    }

    /// What a reading (or the passing of time) did to a rule on a datastream.
    public enum Change: Sendable, Hashable {
        case raise(value: Double?, at: Int64)
        case clear(value: Double?, at: Int64)
    }

    /// Moves `state` with reading `o` under `trigger`; readings of a datastream must come in time order (an older
    /// one than the last is ignored here).
    public static func step(_ trigger: AlarmRule.Trigger, _ state: inout StreamState, _ o: Observation) -> Change? {
        if let last = state.lastTime, o.time <= last { return nil }
        defer {
            state.lastTime = o.time
            state.lastValue = o.result
        }
        switch trigger.kind {
        case .threshold:
            return cross(trigger, &state, value: o.result, reading: o.result, at: o.time, sustainMillis: Int64(trigger.sustainSeconds) * 1000)
        case .rate:
            guard let lt = state.lastTime, let lv = state.lastValue, o.time > lt else { return nil }
            let perMinute = (o.result - lv) / (Double(o.time - lt) / 60_000)
            return cross(trigger, &state, value: perMinute, reading: o.result, at: o.time, sustainMillis: 0)
        case .silence:
            guard state.on else { return nil }
            state.on = false
            return .clear(value: o.result, at: o.time)
        case .coincidence:
            return nil
        }
    }

    /// For a silence rule: raises when no reading came for the rule's time before `now` (ms).
    public static func tick(_ trigger: AlarmRule.Trigger, _ state: inout StreamState, now: Int64) -> Change? {
        guard trigger.kind == .silence, !state.on, let last = state.lastTime, now - last >= Int64(trigger.silenceSeconds) * 1000 else { return nil }
        state.on = true
        return .raise(value: nil, at: now)
    }

    /// Threshold with hysteresis and sustain: raised once `value` has stayed over `raise` for the sustain time,
    /// cleared once it passes back over `clear`.
    static func cross(_ trigger: AlarmRule.Trigger, _ state: inout StreamState, value: Double, reading: Double, at time: Int64, sustainMillis: Int64) -> Change? {
        let over = trigger.above ? value >= trigger.raise : value <= trigger.raise
        let back = trigger.above ? value < trigger.clear : value > trigger.clear
        if state.on {
            guard back else { return nil }
            state.on = false
            state.pendingSince = nil
            return .clear(value: reading, at: time)
        }
        guard over else {
            state.pendingSince = nil
            return nil
        }
        let since = state.pendingSince ?? time
        state.pendingSince = since
        guard time - since >= sustainMillis else { return nil }
        state.on = true
        state.pendingSince = nil
        return .raise(value: reading, at: time)
    }

    /// 多碰头 — whether a coincidence holds in the area at `path`: every member rule (or any, as the rule says) has
    /// an alarm on somewhere under it. `on` lists the alarms on now as (rule, path).
    public static func coincides(_ rule: AlarmRule, on: [(rule: AlarmRuleID, path: String)]) -> Bool {
        let present = Set(on.filter { $0.path.hasPrefix(rule.nodePath) }.map(\.rule))
        let members = rule.trigger.members
        return rule.trigger.all ? members.allSatisfy(present.contains) : members.contains(where: present.contains)
    }
}
