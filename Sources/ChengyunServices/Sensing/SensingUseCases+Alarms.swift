public import ChengyunCore
import ChengyunStore
import Foundation

/// 告警 — rules in force in the engine, alarms raised and cleared by readings, acknowledged and cleared by people,
/// and the case an alarm opens through the `sensor` intake (a re-fire while that case is open joins it).
extension SensingUseCases {
    /// Loads the rules and the alarms on into the engine (at start, and after a rule changes).
    public func loadRules() async throws {
        engine.load(rules: try await store.alarmRules(), on: try await store.alarmsOn(), now: Int64(clock.now().timeIntervalSince1970 * 1000))
    }

    func ensureLoaded() async throws {
        if !engine.isLoaded { try await loadRules() }
    }

    /// 规则 — a rule over a datastream the caller sees, or over a kind of device under a node it administers.
    public func createRule(_ draft: AlarmRule, by identity: Identity) async throws -> AlarmRule {
        var rule = try draft.checked()
        if let stream = rule.target.datastreamID {
            let s = try await datastream(stream, by: identity)
            let node = try await store.requireNode(rule.nodeID.rawValue == 0 ? OrgNode.ids(inPath: s.nodePath).last ?? rule.nodeID : rule.nodeID, field: "nodeId")
            rule.nodeID = node.id
            rule.nodePath = node.path
        } else {
            let node = try await store.requireNode(rule.nodeID, field: "nodeId")
            rule.nodeID = node.id
            rule.nodePath = node.path
        }
        try identity.require(anyOf: [.admin], at: rule.nodePath, to: "set alarm rules here")
        if let category = rule.categoryID { _ = try data.category(category) }
        if let parent = rule.groupUnder, try await store.alarmRule(parent) == nil { throw SensingError.ruleNotFound(parent) }
        let made = try await store.createAlarmRule(rule)
        try await loadRules()
        return made
    }

    public func rules(by identity: Identity) async throws -> [AlarmRule] {
        let scope = SensingScope.of(identity)
        return try await store.alarmRules().filter { rule in scope.paths.contains { rule.nodePath.hasPrefix($0) || $0.hasPrefix(rule.nodePath) } }
    }

    public func setRuleActive(_ id: AlarmRuleID, active: Bool, by identity: Identity) async throws -> AlarmRule {
        guard let rule = try await store.alarmRule(id), SensingScope.of(identity).paths.contains(where: { rule.nodePath.hasPrefix($0) }) else {
            throw SensingError.ruleNotFound(id)
        }
        try identity.require(anyOf: [.admin], at: rule.nodePath, to: "change alarm rules here")
        try await store.setAlarmRuleActive(id, active: active)
        try await loadRules()
        var changed = rule
        changed.active = active
        return changed
    }

    // MARK: Alarms

    public func alarms(onOnly: Bool, before: AlarmID?, limit: Int, by identity: Identity) async throws -> [Alarm] {
        try await store.alarms(in: SensingScope.of(identity), onOnly: onOnly, before: before, limit: limit)
    }

    /// How many alarms are on in the caller's area, by level.
    public func alarmCounts(by identity: Identity) async throws -> [AlarmLevel: Int] {
        try await store.alarmCounts(in: SensingScope.of(identity))
    }

    public func alarm(_ id: AlarmID, by identity: Identity) async throws -> Alarm {
        guard let alarm = try await store.alarm(id) else { throw SensingError.alarmNotFound(id) }
        let scope = SensingScope.of(identity)
        if scope.paths.contains(where: { alarm.nodePath.hasPrefix($0) }) { return alarm }
        // A device shared with the caller's department: its alarms are the caller's to see too.
        guard let device = alarm.deviceID, let shared = try await store.device(device), scope.sees(shared) else { throw SensingError.alarmNotFound(id) }
        return alarm
    }

    /// 确认 — someone on duty has seen the alarm.
    public func acknowledge(_ id: AlarmID, by identity: Identity) async throws -> Alarm {
        let alarm = try await self.alarm(id, by: identity)
        guard alarm.state != .cleared else { throw SensingError.alarmCleared(id) }
        guard alarm.state == .raised else { return alarm }
        return try await store.acknowledgeAlarm(id, by: identity.name, at: clock.now())
    }

    /// 解除 — cleared by hand (a false alarm, a device fixed); readings raise it again if the condition returns.
    public func clear(_ id: AlarmID, by identity: Identity) async throws -> Alarm {
        _ = try await self.alarm(id, by: identity)
        let cleared = try await store.clearAlarm(id, by: identity.name, at: clock.now())
        engine.reset(AlarmEngine.Key(rule: cleared.ruleID, stream: cleared.datastreamID))
        return cleared
    }

    /// 闭环 — the case an alarm opened has closed: the alarm's loop is closed.
    public func caseClosed(_ id: CaseID) async throws {
        _ = try await store.closeAlarmLoop(case: id, at: clock.now())
    }

    /// Silence rules: raises the alarms of datastreams quiet for their time (the background service's tick).
    public func tick() async throws {
        try await ensureLoaded()
        try await apply(engine.tick(now: Int64(clock.now().timeIntervalSince1970 * 1000)), streams: [:], arrival: .now)
    }

    func evaluate(_ readings: [Observation], streams known: [DatastreamID: Datastream], arrival: ContinuousClock.Instant) async throws {
        try await ensureLoaded()
        let firings = engine.evaluate(readings, streams: known)
        if !firings.isEmpty { try await apply(firings, streams: known, arrival: arrival) }
    }

    /// Stores what fired: raised alarms (opening or joining cases), cleared ones, and the coincidences they complete or break.
    func apply(_ firings: [AlarmEngine.Firing], streams known: [DatastreamID: Datastream], arrival: ContinuousClock.Instant) async throws {
        var changedRules: Set<AlarmRuleID> = []
        for firing in firings {
            let key = AlarmEngine.Key(rule: firing.rule.id, stream: firing.datastreamID)
            switch firing.change {
            case .raise(let value, let at):
                guard engine.alarmOn(key) == nil else { continue }
                var stream = firing.datastreamID.flatMap { known[$0] }
                if stream == nil, let id = firing.datastreamID { stream = try await store.datastream(id) }
                let alarm = try await raise(firing.rule, stream: stream, value: value, at: Date(timeIntervalSince1970: TimeInterval(at) / 1000), arrival: arrival)
                engine.setOn(key, alarm.id)
            case .clear(_, let at):
                guard let id = engine.alarmOn(key) else { continue }
                _ = try? await store.clearAlarm(id, by: Identity.platform.name, at: Date(timeIntervalSince1970: TimeInterval(at) / 1000))
                engine.setOn(key, nil)
            }
            changedRules.insert(firing.rule.id)
        }
        if !changedRules.isEmpty { try await coincide(changedRules, arrival: arrival) }
    }

    /// 多碰头 — raises or clears the coincidence rules whose members changed.
    func coincide(_ changed: Set<AlarmRuleID>, arrival: ContinuousClock.Instant) async throws {
        let rules = engine.coincidences(with: changed)
        guard !rules.isEmpty else { return }
        let on = try await store.alarmsOn().map { (rule: $0.ruleID, path: $0.nodePath) }
        var firings: [AlarmEngine.Firing] = []
        let now = Int64(clock.now().timeIntervalSince1970 * 1000)
        for rule in rules {
            let holds = AlarmEvaluation.coincides(rule, on: on)
            let isOn = engine.alarmOn(AlarmEngine.Key(rule: rule.id, stream: nil)) != nil
            if holds, !isOn { firings.append(AlarmEngine.Firing(rule: rule, datastreamID: nil, change: .raise(value: nil, at: now))) }
            if !holds, isOn { firings.append(AlarmEngine.Firing(rule: rule, datastreamID: nil, change: .clear(value: nil, at: now))) }
        }
        if !firings.isEmpty { try await apply(firings, streams: [:], arrival: arrival) }
    }

    /// Stores a raised alarm: grouped under its cascade's incident when that is on nearby; joining the open case of
    /// the rule's last alarm on this datastream (a re-fire); or opening a case when the rule says so. A household
    /// device's alarm goes to its committee (its path) and opens no case in the city's queue.
    func raise(_ rule: AlarmRule, stream: Datastream?, value: Double?, at: Date, arrival: ContinuousClock.Instant) async throws -> Alarm {
        let device = try await stream.asyncMap { try await store.device($0.deviceID) } ?? nil
        let household = device?.kind.household ?? false
        var alarm = Alarm(id: AlarmID(0), ruleID: rule.id, ruleName: rule.name, level: rule.level, datastreamID: stream?.id, deviceID: device?.id,
                          kind: device?.kind, nodePath: stream?.nodePath ?? rule.nodePath, location: device?.location, value: value, raisedAt: at,
                          household: household)
        alarm.deviceName = device?.name
        if let parentRule = rule.groupUnder, let parentID = try await nearbyOn(parentRule, path: alarm.nodePath) {
            alarm.parentID = parentID
            return try await store.createAlarm(alarm)
        }
        if let earlier = try await store.alarmWithOpenCase(rule: rule.id, datastream: stream?.id) {
            alarm.caseID = earlier.caseID
            try await store.noteRefire(earlier.id)
            return try await store.createAlarm(alarm)
        }
        if let category = rule.categoryID, !household {
            // The case first, then the alarm naming it: two commits, so the case is not behind a third.
            let what = device.map { "\($0.name)（\($0.kind.chineseName)）" } ?? "区域"
            let reading = value.map { v in "读数 \(Self.format(v))\(stream?.unitSymbol ?? "")" } ?? "条件成立"
            let input = ReportInput(source: .sensor, categoryID: category, urgency: rule.level >= .orange ? .urgent : nil,
                                    description: "【\(rule.level.chineseName)告警】\(rule.name)：\(what)\(reading)", address: device?.name,
                                    location: device?.location, nodeID: device?.location == nil ? OrgNode.ids(inPath: alarm.nodePath).last : nil,
                                    externalRef: "alarm-\(rule.id.rawValue)-\(stream?.id.rawValue ?? 0)-\(Int64(at.timeIntervalSince1970 * 1000))")
            let opened = try await cases.report(input, by: .platform)
            alarm.caseID = opened.id
            let stored = try await store.createAlarm(alarm)
            alarmCaseLatency.record(ContinuousClock.now - arrival)
            return stored
        }
        return try await store.createAlarm(alarm)
    }

    /// An alarm of `rule` on now in the same street as `path` (a cascade's incident).
    func nearbyOn(_ rule: AlarmRuleID, path: String) async throws -> AlarmID? {
        let street = OrgNode.ancestor(of: path, depth: OrgNode.Kind.street.depth)?.path ?? path
        return try await store.alarmsOn().last { $0.ruleID == rule && $0.nodePath.hasPrefix(street) }?.id
    }

    static func format(_ v: Double) -> String {
        v.rounded() == v && abs(v) < 1e15 ? String(Int64(v)) : String(format: "%.2f", v)
    }
}

extension Optional {
    func asyncMap<U>(_ transform: (Wrapped) async throws -> U) async rethrows -> U? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
