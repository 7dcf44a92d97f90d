import ChengyunCore
import Synchronization

/// 告警引擎 — the alarm rules in force and each rule's state on each datastream, in memory: a reading finds the rules
/// that watch its datastream by a dictionary look-up (rules on one datastream, rules by kind resolved once per
/// datastream), so thousands of rules cost little per reading. The alarms themselves are stored; this only decides.
final class AlarmEngine: Sendable {
    /// A rule's decision on a datastream (nil datastream: a coincidence over an area).
    struct Firing: Sendable, Hashable {
        var rule: AlarmRule
        var datastreamID: DatastreamID?
        var change: AlarmEvaluation.Change
    }

    struct Key: Hashable, Sendable {
        var rule: AlarmRuleID
        var stream: DatastreamID?
    }

    private struct State {
        var loaded = false
        var rules: [AlarmRuleID: AlarmRule] = [:]
        var byStream: [DatastreamID: [AlarmRuleID]] = [:]
        var byKind: [DeviceKind: [AlarmRuleID]] = [:]
        /// The rules that watch each datastream seen, resolved once.
        var watching: [DatastreamID: [AlarmRuleID]] = [:]
        var streams: [Key: AlarmEvaluation.StreamState] = [:]
        /// The stored alarm that is on for each rule and datastream.
        var on: [Key: AlarmID] = [:]
    }

    private let state = Mutex(State())

    var isLoaded: Bool { state.withLock { $0.loaded } }

    /// Puts `rules` in force, keeping the state of those that stay; `on` are the alarms stored as on now.
    func load(rules: [AlarmRule], on: [Alarm], now: Int64) {
        state.withLock { s in
            s.rules = Dictionary(uniqueKeysWithValues: rules.filter(\.active).map { ($0.id, $0) })
            s.byStream = [:]
            s.byKind = [:]
            s.watching = [:]
            for rule in s.rules.values {
                if let stream = rule.target.datastreamID {
                    s.byStream[stream, default: []].append(rule.id)
                    // A silence rule on one datastream counts from now until its first reading.
                    if rule.trigger.kind == .silence, s.streams[Key(rule: rule.id, stream: stream)] == nil {
                        s.streams[Key(rule: rule.id, stream: stream)] = AlarmEvaluation.StreamState(lastTime: now)
                    }
                } else if let kind = rule.target.kind {
                    s.byKind[kind, default: []].append(rule.id)
                }
            }
            s.on = [:]
            for alarm in on where s.rules[alarm.ruleID] != nil {
                let key = Key(rule: alarm.ruleID, stream: alarm.datastreamID)
                s.on[key] = alarm.id
                s.streams[key, default: AlarmEvaluation.StreamState(lastTime: now)].on = true
            }
            s.streams = s.streams.filter { s.rules[$0.key.rule] != nil }
            s.loaded = true
        }
    }

    /// Evaluates readings (each datastream's in time order) and returns what fired.
    func evaluate(_ readings: [Observation], streams: [DatastreamID: Datastream]) -> [Firing] {
        state.withLock { s in
            var out: [Firing] = []
            for o in readings.sorted(by: { ($0.datastreamID, $0.time) < ($1.datastreamID, $1.time) }) {
                let ids: [AlarmRuleID]
                if let known = s.watching[o.datastreamID] {
                    ids = known
                } else {
                    guard let stream = streams[o.datastreamID] else { continue }
                    let candidates = (s.byStream[stream.id] ?? []) + (s.byKind[stream.kind] ?? [])
                    ids = candidates.filter { s.rules[$0]?.watches(stream) == true }
                    s.watching[o.datastreamID] = ids
                }
                for id in ids {
                    guard let rule = s.rules[id] else { continue }
                    let key = Key(rule: id, stream: o.datastreamID)
                    var st = s.streams[key] ?? AlarmEvaluation.StreamState()
                    if let change = AlarmEvaluation.step(rule.trigger, &st, o) { out.append(Firing(rule: rule, datastreamID: o.datastreamID, change: change)) }
                    s.streams[key] = st
                }
            }
            return out
        }
    }

    /// The silence rules whose datastreams have been quiet for their time.
    func tick(now: Int64) -> [Firing] {
        state.withLock { s in
            var out: [Firing] = []
            for (key, var st) in s.streams {
                guard let rule = s.rules[key.rule], rule.trigger.kind == .silence else { continue }
                if let change = AlarmEvaluation.tick(rule.trigger, &st, now: now) {
                    out.append(Firing(rule: rule, datastreamID: key.stream, change: change))
                    s.streams[key] = st
                }
            }
            return out
        }
    }

    /// The coincidence rules that have `member` among their members.
    func coincidences(with members: Set<AlarmRuleID>) -> [AlarmRule] {
        state.withLock { s in
            s.rules.values.filter { $0.trigger.kind == .coincidence && !members.isDisjoint(with: $0.trigger.members) }.sorted { $0.id < $1.id }
        }
    }

    func rule(_ id: AlarmRuleID) -> AlarmRule? { state.withLock { $0.rules[id] } }

    /// The stored alarm on for a rule (and datastream), if any.
    func alarmOn(_ key: Key) -> AlarmID? { state.withLock { $0.on[key] } }

    func setOn(_ key: Key, _ alarm: AlarmID?) {
        state.withLock { s in
            s.on[key] = alarm
            if alarm == nil, key.stream == nil { s.streams[key] = nil }
        }
    }

    /// Marks a rule's state on a datastream off (an operator cleared its alarm by hand).
    func reset(_ key: Key) {
        state.withLock { s in
            s.on[key] = nil
            s.streams[key]?.on = false
        }
    }
}
