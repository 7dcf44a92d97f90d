public import ChengyunCore
import ChengyunStore
public import Foundation
import GRDB

/// 告警规则 / 告警 — rules as typed columns (a coincidence's members as child rows) and alarms with their lifecycle.
extension SQLiteStore {
    /// `v12-alarm-device-name`: the device's name kept on its alarm (the desk and the map name the device, not only its kind).
    static func registerAlarmMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v12-alarm-device-name") { db in
            try db.execute(sql: "ALTER TABLE sensing_alarm ADD COLUMN device_name TEXT")
        }
    }

    static func createAlarmTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE sensing_alarm_rule (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                level TEXT NOT NULL,
                node_id INTEGER NOT NULL REFERENCES org_node(id),
                node_path TEXT NOT NULL,
                datastream_id INTEGER REFERENCES sensing_datastream(id),
                kind TEXT,
                property TEXT,
                trigger_kind TEXT NOT NULL,
                above INTEGER NOT NULL,
                raise_value REAL NOT NULL,
                clear_value REAL NOT NULL,
                sustain_seconds INTEGER NOT NULL,
                silence_seconds INTEGER NOT NULL,
                all_members INTEGER NOT NULL,
                category_id TEXT,
                group_under INTEGER REFERENCES sensing_alarm_rule(id),
                active INTEGER NOT NULL
            );
            CREATE TABLE sensing_alarm_rule_member (
                rule_id INTEGER NOT NULL REFERENCES sensing_alarm_rule(id),
                position INTEGER NOT NULL,
                member_id INTEGER NOT NULL REFERENCES sensing_alarm_rule(id),
                PRIMARY KEY (rule_id, position)
            ) WITHOUT ROWID;
            CREATE TABLE sensing_alarm (
                id INTEGER PRIMARY KEY,
                rule_id INTEGER NOT NULL REFERENCES sensing_alarm_rule(id),
                rule_name TEXT NOT NULL,
                level TEXT NOT NULL,
                datastream_id INTEGER,
                device_id INTEGER,
                kind TEXT,
                node_path TEXT NOT NULL,
                lon REAL,
                lat REAL,
                state TEXT NOT NULL,
                value REAL,
                raised_at INTEGER NOT NULL,
                acknowledged_at INTEGER,
                acknowledged_by TEXT,
                cleared_at INTEGER,
                cleared_by TEXT,
                refires INTEGER NOT NULL DEFAULT 0,
                case_id INTEGER,
                loop_closed_at INTEGER,
                parent_id INTEGER REFERENCES sensing_alarm(id),
                household INTEGER NOT NULL
            );
            CREATE INDEX sensing_alarm_on ON sensing_alarm(id) WHERE state <> 'cleared';
            CREATE INDEX sensing_alarm_path ON sensing_alarm(node_path, id);
            CREATE INDEX sensing_alarm_case ON sensing_alarm(case_id) WHERE case_id IS NOT NULL;
            CREATE INDEX sensing_alarm_rule_stream ON sensing_alarm(rule_id, datastream_id, id);
            """)
    }

    static func rule(_ r: Row, members: [AlarmRuleID]) -> AlarmRule {
        let kind: String? = r["kind"]
        let stream: Int64? = r["datastream_id"]
        let group: Int64? = r["group_under"]
        let triggerKind: String = r["trigger_kind"]
        let above: Bool = r["above"], raise: Double = r["raise_value"], clear: Double = r["clear_value"]
        let sustain: Int = r["sustain_seconds"], silence: Int = r["silence_seconds"], all: Bool = r["all_members"]
        let trigger = AlarmRule.Trigger(kind: AlarmRule.Trigger.Kind(rawValue: triggerKind) ?? .threshold, above: above, raise: raise,
                                        clear: clear, sustainSeconds: sustain, silenceSeconds: silence, members: members, all: all)
        let id: Int64 = r["id"], node: Int64 = r["node_id"]
        let level: String = r["level"], name: String = r["name"], path: String = r["node_path"]
        let property: String? = r["property"], category: String? = r["category_id"]
        let active: Bool = r["active"]
        let target = AlarmRule.Target(datastreamID: stream.map { DatastreamID($0) }, kind: kind.flatMap { DeviceKind(rawValue: $0) }, property: property)
        return AlarmRule(id: AlarmRuleID(id), name: name, level: AlarmLevel(rawValue: level) ?? .blue, nodeID: NodeID(node), nodePath: path,
                         target: target, trigger: trigger, categoryID: category, groupUnder: group.map { AlarmRuleID($0) }, active: active)
    }

    public func createAlarmRule(_ rule: AlarmRule) async throws -> AlarmRule {
        try await writer.write { db in
            for member in rule.trigger.members {
                guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM sensing_alarm_rule WHERE id = ?)", arguments: [member.rawValue]) == true else {
                    throw SensingError.unknownMember(member)
                }
            }
            try db.execute(sql: """
                INSERT INTO sensing_alarm_rule (name, level, node_id, node_path, datastream_id, kind, property, trigger_kind, above, raise_value, clear_value,
                    sustain_seconds, silence_seconds, all_members, category_id, group_under, active)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [rule.name, rule.level.rawValue, rule.nodeID.rawValue, rule.nodePath, rule.target.datastreamID?.rawValue,
                                 rule.target.kind?.rawValue, rule.target.property, rule.trigger.kind.rawValue, rule.trigger.above, rule.trigger.raise,
                                 rule.trigger.clear, rule.trigger.sustainSeconds, rule.trigger.silenceSeconds, rule.trigger.all, rule.categoryID,
                                 rule.groupUnder?.rawValue, rule.active])
            var made = rule
            made.id = AlarmRuleID(db.lastInsertedRowID)
            for (i, member) in rule.trigger.members.enumerated() {
                try db.execute(sql: "INSERT INTO sensing_alarm_rule_member (rule_id, position, member_id) VALUES (?, ?, ?)", arguments: [made.id.rawValue, i, member.rawValue])
            }
            return made
        }
    }

    public func alarmRule(_ id: AlarmRuleID) async throws -> AlarmRule? {
        try await alarmRules(where: "WHERE id = \(id.rawValue)").first
    }

    public func alarmRules() async throws -> [AlarmRule] { try await alarmRules(where: "") }

    private func alarmRules(where clause: String) async throws -> [AlarmRule] {
        try await read { db in
            var members: [Int64: [AlarmRuleID]] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT rule_id, member_id FROM sensing_alarm_rule_member ORDER BY rule_id, position") {
                members[r["rule_id"], default: []].append(AlarmRuleID(r["member_id"] as Int64))
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM sensing_alarm_rule \(clause) ORDER BY id").map { Self.rule($0, members: members[$0["id"] as Int64] ?? []) }
        }
    }

    public func setAlarmRuleActive(_ id: AlarmRuleID, active: Bool) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE sensing_alarm_rule SET active = ? WHERE id = ?", arguments: [active, id.rawValue])
            guard db.changesCount == 1 else { throw SensingError.ruleNotFound(id) }
        }
    }

    static func alarm(_ r: Row) -> Alarm {
        func date(_ column: String) -> Date? {
            let seconds: Int64? = r[column]
            return seconds.map { Date(timeIntervalSince1970: TimeInterval($0)) }
        }
        func id(_ column: String) -> Int64? { r[column] }
        let lon: Double? = r["lon"], lat: Double? = r["lat"]
        let kind: String? = r["kind"], level: String = r["level"], state: String = r["state"]
        var alarm = Alarm(id: AlarmID(id("id")!), ruleID: AlarmRuleID(id("rule_id")!), ruleName: r["rule_name"], level: AlarmLevel(rawValue: level) ?? .blue,
                          datastreamID: id("datastream_id").map { DatastreamID($0) }, deviceID: id("device_id").map { DeviceID($0) },
                          kind: kind.flatMap { DeviceKind(rawValue: $0) }, nodePath: r["node_path"], location: nil, value: r["value"], raisedAt: date("raised_at")!)
        if let lon, let lat { alarm.location = GeoPoint(lon: lon, lat: lat) }
        alarm.state = Alarm.State(rawValue: state) ?? .raised
        alarm.acknowledgedAt = date("acknowledged_at")
        alarm.acknowledgedBy = r["acknowledged_by"]
        alarm.clearedAt = date("cleared_at")
        alarm.clearedBy = r["cleared_by"]
        alarm.refires = r["refires"]
        alarm.caseID = id("case_id").map { CaseID($0) }
        alarm.loopClosedAt = date("loop_closed_at")
        alarm.parentID = id("parent_id").map { AlarmID($0) }
        alarm.household = r["household"]
        alarm.deviceName = r["device_name"]
        return alarm
    }

    public func createAlarm(_ alarm: Alarm) async throws -> Alarm {
        try await writer.write { db in
            try db.execute(sql: """
                INSERT INTO sensing_alarm (rule_id, rule_name, level, datastream_id, device_id, kind, node_path, lon, lat, state, value, raised_at, case_id, parent_id, household,
                    device_name)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [alarm.ruleID.rawValue, alarm.ruleName, alarm.level.rawValue, alarm.datastreamID?.rawValue, alarm.deviceID?.rawValue,
                                 alarm.kind?.rawValue, alarm.nodePath, alarm.location?.lon, alarm.location?.lat, alarm.state.rawValue, alarm.value,
                                 Int64(alarm.raisedAt.timeIntervalSince1970.rounded(.down)), alarm.caseID?.rawValue, alarm.parentID?.rawValue, alarm.household,
                                 alarm.deviceName])
            var made = alarm
            made.id = AlarmID(db.lastInsertedRowID)
            return made
        }
    }

    public func alarm(_ id: AlarmID) async throws -> Alarm? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM sensing_alarm WHERE id = ?", arguments: [id.rawValue]).map(Self.alarm) }
    }

    /// The alarms a scope sees: under its paths, or of a device shared with one of its departments.
    static func alarmScope(_ scope: SensingScope, _ arguments: inout [(any DatabaseValueConvertible)?]) -> String {
        var any = scope.paths.map { path -> String in
            let (low, high) = pathRange(path)
            arguments += [low, high]
            return "(node_path >= ? AND node_path < ?)"
        }
        if !scope.departments.isEmpty {
            arguments += scope.departments.map { $0.rawValue }
            any.append("device_id IN (SELECT device_id FROM sensing_device_reader WHERE department_id IN (\(scope.departments.map { _ in "?" }.joined(separator: ","))))")
        }
        return any.joined(separator: " OR ")
    }

    public func alarms(in scope: SensingScope, onOnly: Bool, before: AlarmID?, limit: Int) async throws -> [Alarm] {
        guard !scope.isEmpty else { return [] }
        return try await read { db in
            var arguments: [(any DatabaseValueConvertible)?] = []
            let scope = Self.alarmScope(scope, &arguments)
            var sql = "SELECT * FROM sensing_alarm WHERE (\(scope))"
            if onOnly { sql += " AND state <> 'cleared'" }
            if let before { sql += " AND id < ?"; arguments.append(before.rawValue) }
            sql += " ORDER BY id DESC LIMIT ?"
            arguments.append(limit)
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map(Self.alarm)
        }
    }

    public func alarmCounts(in scope: SensingScope) async throws -> [AlarmLevel: Int] {
        guard !scope.isEmpty else { return [:] }
        return try await read { db in
            var arguments: [(any DatabaseValueConvertible)?] = []
            let scope = Self.alarmScope(scope, &arguments)
            var counts: [AlarmLevel: Int] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT level, COUNT(*) AS n FROM sensing_alarm WHERE state <> 'cleared' AND (\(scope)) GROUP BY level",
                                      arguments: StatementArguments(arguments)) {
                if let level = AlarmLevel(rawValue: r["level"]) { counts[level] = r["n"] }
            }
            return counts
        }
    }

    public func alarmsOn() async throws -> [Alarm] {
        try await read { db in try Row.fetchAll(db, sql: "SELECT * FROM sensing_alarm WHERE state <> 'cleared' ORDER BY id").map(Self.alarm) }
    }

    public func alarmWithOpenCase(rule: AlarmRuleID, datastream: DatastreamID?) async throws -> Alarm? {
        try await read { db in
            try Row.fetchOne(db, sql: """
                SELECT * FROM sensing_alarm WHERE rule_id = ? AND datastream_id IS ? AND case_id IS NOT NULL AND loop_closed_at IS NULL ORDER BY id DESC LIMIT 1
                """, arguments: [rule.rawValue, datastream?.rawValue]).map(Self.alarm)
        }
    }

    public func acknowledgeAlarm(_ id: AlarmID, by: String, at: Date) async throws -> Alarm {
        try await moveAlarm(id, sql: "UPDATE sensing_alarm SET state = 'acknowledged', acknowledged_at = ?, acknowledged_by = ? WHERE id = ? AND state = 'raised'", by: by, at: at)
    }

    public func clearAlarm(_ id: AlarmID, by: String, at: Date) async throws -> Alarm {
        try await moveAlarm(id, sql: "UPDATE sensing_alarm SET state = 'cleared', cleared_at = ?, cleared_by = ? WHERE id = ? AND state <> 'cleared'", by: by, at: at)
    }

    private func moveAlarm(_ id: AlarmID, sql: String, by: String, at: Date) async throws -> Alarm {
        try await writer.write { db in
            try db.execute(sql: sql, arguments: [Int64(at.timeIntervalSince1970.rounded(.down)), by, id.rawValue])
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM sensing_alarm WHERE id = ?", arguments: [id.rawValue]) else { throw SensingError.alarmNotFound(id) }
            let alarm = Self.alarm(row)
            if db.changesCount == 0 {
                if alarm.state == .cleared { throw SensingError.alarmCleared(id) }
            }
            return alarm
        }
    }

    public func noteRefire(_ id: AlarmID) async throws {
        try await writer.write { db in try db.execute(sql: "UPDATE sensing_alarm SET refires = refires + 1 WHERE id = ?", arguments: [id.rawValue]) }
    }

    public func linkAlarm(_ id: AlarmID, toCase caseID: CaseID) async throws {
        try await writer.write { db in try db.execute(sql: "UPDATE sensing_alarm SET case_id = ? WHERE id = ?", arguments: [caseID.rawValue, id.rawValue]) }
    }

    public func closeAlarmLoop(case caseID: CaseID, at: Date) async throws -> [AlarmID] {
        try await writer.write { db in
            let ids = try Int64.fetchAll(db, sql: "SELECT id FROM sensing_alarm WHERE case_id = ? AND loop_closed_at IS NULL", arguments: [caseID.rawValue])
            try db.execute(sql: "UPDATE sensing_alarm SET loop_closed_at = ? WHERE case_id = ? AND loop_closed_at IS NULL",
                           arguments: [Int64(at.timeIntervalSince1970.rounded(.down)), caseID.rawValue])
            return ids.map { AlarmID($0) }
        }
    }
}
