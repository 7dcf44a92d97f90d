public import ChengyunCore
import ChengyunStore
public import Foundation
import GRDB

/// 志愿者 — volunteers, teams, tasks with the places grabbed (never more than a task has: one writer takes a place
/// under `taken < slots`), points credited in the transaction that confirms a place, pairings.
extension SQLiteStore {
    static func registerVolunteerMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v27-volunteers") { db in
            try db.execute(sql: """
                CREATE TABLE volunteer_team (
                    id INTEGER PRIMARY KEY,
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    node_path TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    name TEXT NOT NULL
                );
                CREATE INDEX volunteer_team_path ON volunteer_team(node_path, id);
                CREATE TABLE volunteer (
                    id INTEGER PRIMARY KEY,
                    user_id INTEGER NOT NULL UNIQUE REFERENCES app_user(id),
                    resident_id INTEGER NOT NULL,
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    node_path TEXT NOT NULL,
                    name TEXT NOT NULL,
                    team_id INTEGER REFERENCES volunteer_team(id),
                    skills TEXT NOT NULL,
                    points INTEGER NOT NULL,
                    joined_at INTEGER NOT NULL
                );
                CREATE INDEX volunteer_path ON volunteer(node_path, id);
                CREATE INDEX volunteer_team_members ON volunteer(team_id) WHERE team_id IS NOT NULL;
                CREATE TABLE volunteer_task (
                    id INTEGER PRIMARY KEY,
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    node_path TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    title TEXT NOT NULL,
                    detail TEXT NOT NULL,
                    place TEXT NOT NULL,
                    day INTEGER NOT NULL,
                    slots INTEGER NOT NULL,
                    taken INTEGER NOT NULL,
                    points INTEGER NOT NULL,
                    state TEXT NOT NULL,
                    beneficiary_id INTEGER,
                    created_by TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    client_key TEXT NOT NULL,
                    UNIQUE (node_id, client_key),
                    CHECK (taken <= slots)
                );
                CREATE INDEX volunteer_task_path ON volunteer_task(node_path, state, day, id);
                CREATE TABLE task_claim (
                    task_id INTEGER NOT NULL REFERENCES volunteer_task(id),
                    volunteer_id INTEGER NOT NULL REFERENCES volunteer(id),
                    volunteer_name TEXT NOT NULL,
                    claimed_at INTEGER NOT NULL,
                    confirmed_at INTEGER,
                    confirmed_by TEXT,
                    points INTEGER,
                    PRIMARY KEY (task_id, volunteer_id)
                ) WITHOUT ROWID;
                CREATE INDEX task_claim_volunteer ON task_claim(volunteer_id, claimed_at);
                CREATE TABLE pairing (
                    id INTEGER PRIMARY KEY,
                    volunteer_id INTEGER NOT NULL REFERENCES volunteer(id),
                    resident_id INTEGER NOT NULL,
                    node_path TEXT NOT NULL,
                    since INTEGER NOT NULL,
                    note TEXT NOT NULL,
                    UNIQUE (volunteer_id, resident_id)
                );
                CREATE INDEX pairing_path ON pairing(node_path, id);
                """)
        }
    }

    static func volunteer(_ r: Row) -> Volunteer {
        let team: Int64? = r["team_id"]
        return Volunteer(id: VolunteerID(r["id"] as Int64), userID: UserID(r["user_id"] as Int64), residentID: ResidentID(r["resident_id"] as Int64),
                         nodeID: NodeID(r["node_id"] as Int64), nodePath: r["node_path"], name: r["name"], teamID: team.map { VolunteerTeamID($0) }, skills: r["skills"],
                         points: r["points"], spent: r["spent"], joinedAt: instant(r["joined_at"]), minutes: r["minutes"])
    }

    static func volunteerTask(_ r: Row) -> VolunteerTask {
        let kind: String = r["kind"], state: String = r["state"], beneficiary: Int64? = r["beneficiary_id"]
        return VolunteerTask(id: VolunteerTaskID(r["id"] as Int64), nodeID: NodeID(r["node_id"] as Int64), nodePath: r["node_path"], kind: VolunteerTask.Kind(rawValue: kind) ?? .task,
                             title: r["title"], detail: r["detail"], place: r["place"], day: LocalDate(daysSince1970: r["day"]), slots: r["slots"], taken: r["taken"],
                             points: r["points"], state: VolunteerTask.State(rawValue: state) ?? .closed, beneficiaryID: beneficiary.map { ResidentID($0) },
                             createdBy: r["created_by"], createdAt: instant(r["created_at"]), clientKey: r["client_key"], minutes: r["minutes"])
    }

    /// 服务时长: the minutes a task's place takes, credited to the claim and the volunteer when confirmed.
    static func registerVolunteerHourMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v42-volunteer-hours") { db in
            try db.execute(sql: """
                ALTER TABLE volunteer_task ADD COLUMN minutes INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE task_claim ADD COLUMN minutes INTEGER;
                ALTER TABLE volunteer ADD COLUMN minutes INTEGER NOT NULL DEFAULT 0;
                """)
        }
    }

    static func taskClaim(_ r: Row) -> TaskClaim {
        let confirmed: Int64? = r["confirmed_at"]
        return TaskClaim(taskID: VolunteerTaskID(r["task_id"] as Int64), volunteerID: VolunteerID(r["volunteer_id"] as Int64), volunteerName: r["volunteer_name"],
                         claimedAt: instant(r["claimed_at"]), confirmedAt: confirmed.map(instant), confirmedBy: r["confirmed_by"], points: r["points"],
                         minutes: r["minutes"])
    }

    static func pairing(_ r: Row) -> Pairing {
        Pairing(id: PairingID(r["id"] as Int64), volunteerID: VolunteerID(r["volunteer_id"] as Int64), residentID: ResidentID(r["resident_id"] as Int64),
                nodePath: r["node_path"], since: LocalDate(daysSince1970: r["since"]), note: r["note"])
    }

    static func isUnique(_ error: DatabaseError, _ column: String) -> Bool {
        error.resultCode == .SQLITE_CONSTRAINT && (error.message ?? "").contains(column)
    }

    public func addVolunteer(_ v: Volunteer) async throws -> Volunteer {
        do {
            return try await writer.write { db in
                try db.execute(sql: """
                    INSERT INTO volunteer (user_id, resident_id, node_id, node_path, name, team_id, skills, points, joined_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)
                    """, arguments: [v.userID.rawValue, v.residentID.rawValue, v.nodeID.rawValue, v.nodePath, v.name, v.teamID?.rawValue, v.skills, CaseRows.ms(v.joinedAt)])
                return Self.volunteer(try Row.fetchOne(db, sql: "SELECT * FROM volunteer WHERE id = ?", arguments: [db.lastInsertedRowID])!)
            }
        } catch let error as DatabaseError where Self.isUnique(error, "volunteer.user_id") {
            throw VolunteerError.already
        }
    }

    public func volunteer(_ id: VolunteerID) async throws -> Volunteer? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM volunteer WHERE id = ?", arguments: [id.rawValue]).map(Self.volunteer) }
    }

    public func volunteer(user: UserID) async throws -> Volunteer? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM volunteer WHERE user_id = ?", arguments: [user.rawValue]).map(Self.volunteer) }
    }

    public func volunteers(under path: String, after: VolunteerID?, limit: Int) async throws -> [Volunteer] {
        let (low, high) = Self.pathRange(path)
        return try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM volunteer WHERE node_path >= ? AND node_path < ? AND id > ? ORDER BY id LIMIT ?",
                             arguments: [low, high, after?.rawValue ?? 0, limit]).map(Self.volunteer)
        }
    }

    public func setVolunteerTeam(_ id: VolunteerID, team: VolunteerTeamID?) async throws -> Volunteer? {
        try await writer.write { db in
            try db.execute(sql: "UPDATE volunteer SET team_id = ? WHERE id = ?", arguments: [team?.rawValue, id.rawValue])
            return try Row.fetchOne(db, sql: "SELECT * FROM volunteer WHERE id = ?", arguments: [id.rawValue]).map(Self.volunteer)
        }
    }

    public func createVolunteerTeam(_ team: VolunteerTeam) async throws -> VolunteerTeam {
        try await writer.write { db in
            try db.execute(sql: "INSERT INTO volunteer_team (node_id, node_path, kind, name) VALUES (?, ?, ?, ?)",
                           arguments: [team.nodeID.rawValue, team.nodePath, team.kind.rawValue, team.name])
            var made = team
            made.id = VolunteerTeamID(db.lastInsertedRowID)
            made.members = 0
            return made
        }
    }

    static let teamSelect = "SELECT t.*, (SELECT COUNT(*) FROM volunteer v WHERE v.team_id = t.id) AS members FROM volunteer_team t"

    static func volunteerTeam(_ r: Row) -> VolunteerTeam {
        let kind: String = r["kind"]
        return VolunteerTeam(id: VolunteerTeamID(r["id"] as Int64), nodeID: NodeID(r["node_id"] as Int64), nodePath: r["node_path"],
                             kind: VolunteerTeam.Kind(rawValue: kind) ?? .vanguard, name: r["name"], members: r["members"])
    }

    public func volunteerTeam(_ id: VolunteerTeamID) async throws -> VolunteerTeam? {
        try await read { db in try Row.fetchOne(db, sql: "\(Self.teamSelect) WHERE t.id = ?", arguments: [id.rawValue]).map(Self.volunteerTeam) }
    }

    public func volunteerTeams(under path: String) async throws -> [VolunteerTeam] {
        let (low, high) = Self.pathRange(path)
        return try await read { db in
            try Row.fetchAll(db, sql: "\(Self.teamSelect) WHERE t.node_path >= ? AND t.node_path < ? ORDER BY t.node_path, t.id LIMIT 500",
                             arguments: [low, high]).map(Self.volunteerTeam)
        }
    }

    public func createVolunteerTask(_ t: VolunteerTask) async throws -> (task: VolunteerTask, created: Bool) {
        try await writer.write { db in
            try db.execute(sql: """
                INSERT INTO volunteer_task (node_id, node_path, kind, title, detail, place, day, slots, taken, points, state, beneficiary_id, created_by, created_at, client_key,
                    minutes)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, 'open', ?, ?, ?, ?, ?) ON CONFLICT (node_id, client_key) DO NOTHING
                """, arguments: [t.nodeID.rawValue, t.nodePath, t.kind.rawValue, t.title, t.detail, t.place, t.day.daysSince1970, t.slots, t.points,
                                 t.beneficiaryID?.rawValue, t.createdBy, CaseRows.ms(t.createdAt), t.clientKey, t.minutes])
            let created = db.changesCount > 0
            let row = try Row.fetchOne(db, sql: "SELECT * FROM volunteer_task WHERE node_id = ? AND client_key = ?", arguments: [t.nodeID.rawValue, t.clientKey])!
            return (Self.volunteerTask(row), created)
        }
    }

    public func volunteerTasks(_ ids: [VolunteerTaskID]) async throws -> [VolunteerTask] {
        guard !ids.isEmpty else { return [] }
        let list = jsonIDs(ids.map(\.rawValue))
        return try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM volunteer_task WHERE id IN (SELECT value FROM json_each(?))", arguments: [list]).map(Self.volunteerTask)
        }
    }

    public func volunteerTask(_ id: VolunteerTaskID) async throws -> VolunteerTask? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM volunteer_task WHERE id = ?", arguments: [id.rawValue]).map(Self.volunteerTask) }
    }

    public func volunteerTasks(under path: String, state: VolunteerTask.State?, before: (day: Int, id: VolunteerTaskID)?, limit: Int) async throws -> [VolunteerTask] {
        let (low, high) = Self.pathRange(path)
        let (day, id) = (before?.day ?? Int.max, before?.id.rawValue ?? Int64.max)
        return try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM volunteer_task WHERE node_path >= ? AND node_path < ? AND (? IS NULL OR state = ?) AND (day < ? OR (day = ? AND id < ?))
                ORDER BY day DESC, id DESC LIMIT ?
                """, arguments: [low, high, state?.rawValue, state?.rawValue, day, day, id, limit]).map(Self.volunteerTask)
        }
    }

    public func grabVolunteerTask(_ id: VolunteerTaskID, volunteer: Volunteer, at: Date) async throws -> GrabOutcome {
        try await writer.write { db in
            if let held = try Row.fetchOne(db, sql: "SELECT * FROM task_claim WHERE task_id = ? AND volunteer_id = ?", arguments: [id.rawValue, volunteer.id.rawValue]) {
                return .already(Self.taskClaim(held))
            }
            try db.execute(sql: "UPDATE volunteer_task SET taken = taken + 1 WHERE id = ? AND state = 'open' AND taken < slots", arguments: [id.rawValue])
            guard db.changesCount > 0 else {
                let state = try String.fetchOne(db, sql: "SELECT state FROM volunteer_task WHERE id = ?", arguments: [id.rawValue])
                return state == VolunteerTask.State.open.rawValue ? .full : .closed
            }
            try db.execute(sql: "INSERT INTO task_claim (task_id, volunteer_id, volunteer_name, claimed_at) VALUES (?, ?, ?, ?)",
                           arguments: [id.rawValue, volunteer.id.rawValue, volunteer.name, CaseRows.ms(at)])
            return .grabbed(TaskClaim(taskID: id, volunteerID: volunteer.id, volunteerName: volunteer.name, claimedAt: Self.instant(CaseRows.ms(at)!)))
        }
    }

    public func taskClaims(_ ids: [VolunteerTaskID]) async throws -> [VolunteerTaskID: [TaskClaim]] {
        let list = jsonIDs(ids.map(\.rawValue))
        return try await read { db in
            Dictionary(grouping: try Row.fetchAll(db, sql: """
                SELECT * FROM task_claim WHERE task_id IN (SELECT value FROM json_each(?)) ORDER BY task_id, claimed_at, volunteer_id
                """, arguments: [list]).map(Self.taskClaim), by: \.taskID)
        }
    }

    public func taskClaims(volunteer: VolunteerID, limit: Int) async throws -> [TaskClaim] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM task_claim WHERE volunteer_id = ? ORDER BY claimed_at DESC, task_id DESC LIMIT ?",
                             arguments: [volunteer.rawValue, limit]).map(Self.taskClaim)
        }
    }

    public func confirmTaskClaim(_ id: VolunteerTaskID, volunteer: VolunteerID, by: String, at: Date) async throws -> TaskClaim? {
        let offset = utcOffsetSeconds
        return try await writer.write { db in
            let find = "SELECT * FROM task_claim WHERE task_id = ? AND volunteer_id = ?"
            guard let row = try Row.fetchOne(db, sql: find, arguments: [id.rawValue, volunteer.rawValue]) else { return nil }
            guard Self.taskClaim(row).confirmedAt == nil else { return Self.taskClaim(row) }
            let task = try Row.fetchOne(db, sql: "SELECT points, minutes, node_path FROM volunteer_task WHERE id = ?", arguments: [id.rawValue])
            let points: Int = task?["points"] ?? 0, minutes: Int = task?["minutes"] ?? 0, path: String = task?["node_path"] ?? ""
            try db.execute(sql: "UPDATE task_claim SET confirmed_at = ?, confirmed_by = ?, points = ?, minutes = ? WHERE task_id = ? AND volunteer_id = ?",
                           arguments: [CaseRows.ms(at), by, points, minutes, id.rawValue, volunteer.rawValue])
            try db.execute(sql: "UPDATE volunteer SET points = points + ?, minutes = minutes + ? WHERE id = ?", arguments: [points, minutes, volunteer.rawValue])
            // 志愿服务记录: the place counts in the committee's ledger rollups in the same transaction.
            var rollup: [LedgerRollups.Key: (lines: Int, participants: Int)] = [:]
            LedgerRollups.add(&rollup, path: path, month: LedgerRollups.month(of: at, utcOffsetSeconds: offset), item: LedgerRollups.volunteerServices, lines: 1, participants: minutes)
            try Self.addLedgerRollups(db, rollup)
            return try Row.fetchOne(db, sql: find, arguments: [id.rawValue, volunteer.rawValue]).map(Self.taskClaim)
        }
    }

    public func closeVolunteerTask(_ id: VolunteerTaskID) async throws -> VolunteerTask? {
        try await writer.write { db in
            try db.execute(sql: "UPDATE volunteer_task SET state = 'closed' WHERE id = ?", arguments: [id.rawValue])
            return try Row.fetchOne(db, sql: "SELECT * FROM volunteer_task WHERE id = ?", arguments: [id.rawValue]).map(Self.volunteerTask)
        }
    }

    public func createPairing(_ p: Pairing) async throws -> Pairing {
        do {
            return try await writer.write { db in
                try db.execute(sql: "INSERT INTO pairing (volunteer_id, resident_id, node_path, since, note) VALUES (?, ?, ?, ?, ?)",
                               arguments: [p.volunteerID.rawValue, p.residentID.rawValue, p.nodePath, p.since.daysSince1970, p.note])
                var made = p
                made.id = PairingID(db.lastInsertedRowID)
                return made
            }
        } catch let error as DatabaseError where Self.isUnique(error, "pairing.volunteer_id") {
            throw VolunteerError.duplicatePairing
        }
    }

    public func pairings(under path: String, limit: Int) async throws -> [Pairing] {
        let (low, high) = Self.pathRange(path)
        return try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM pairing WHERE node_path >= ? AND node_path < ? ORDER BY node_path, id LIMIT ?", arguments: [low, high, limit]).map(Self.pairing)
        }
    }

    public func pairings(volunteer: VolunteerID) async throws -> [Pairing] {
        try await read { db in try Row.fetchAll(db, sql: "SELECT * FROM pairing WHERE volunteer_id = ? ORDER BY id", arguments: [volunteer.rawValue]).map(Self.pairing) }
    }
}
