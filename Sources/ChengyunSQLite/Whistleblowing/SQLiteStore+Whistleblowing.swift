public import ChengyunCore
import ChengyunStore
import Foundation
import GRDB

/// 吹哨人 — reports with the reporter sealed, the receipt code and retry key as hashes only; the thread of messages; the
/// designated handlers.
extension SQLiteStore {
    static func registerWhistleblowingMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v47-whistleblowing") { db in
            try db.execute(sql: """
                CREATE TABLE whistleblower_report (
                    id INTEGER PRIMARY KEY,
                    kind TEXT NOT NULL,
                    description TEXT NOT NULL,
                    unit_name TEXT NOT NULL,
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    node_path TEXT NOT NULL,
                    address TEXT NOT NULL,
                    lon REAL,
                    lat REAL,
                    routed_path TEXT NOT NULL,
                    reporter_role TEXT NOT NULL,
                    urgent INTEGER NOT NULL,
                    level_skipped INTEGER NOT NULL,
                    anonymous INTEGER NOT NULL,
                    reporter_name TEXT,
                    reporter_phone TEXT,
                    status TEXT NOT NULL,
                    reply TEXT NOT NULL,
                    case_id INTEGER,
                    reward_yuan INTEGER,
                    reward_note TEXT,
                    reward_at INTEGER,
                    created_at INTEGER NOT NULL,
                    decided_at INTEGER,
                    version INTEGER NOT NULL,
                    receipt_hash TEXT NOT NULL UNIQUE,
                    client_key_hash TEXT NOT NULL UNIQUE
                );
                CREATE INDEX whistleblower_report_routed ON whistleblower_report(routed_path, status, id);
                CREATE TABLE whistleblower_message (
                    id INTEGER PRIMARY KEY,
                    report_id INTEGER NOT NULL REFERENCES whistleblower_report(id),
                    sender TEXT NOT NULL,
                    text TEXT NOT NULL,
                    at INTEGER NOT NULL
                );
                CREATE INDEX whistleblower_message_report ON whistleblower_message(report_id, id);
                CREATE TABLE whistleblower_handler (
                    node_id INTEGER PRIMARY KEY REFERENCES org_node(id),
                    node_path TEXT NOT NULL,
                    user_id INTEGER NOT NULL REFERENCES app_user(id),
                    designated_by TEXT NOT NULL,
                    designated_at INTEGER NOT NULL
                );
                """)
        }
    }

    /// The hazard a confirmed report became (after the register's tables exist).
    static func registerWhistleblowerHazardMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v49-whistleblower-hazard") { db in
            try db.execute(sql: "ALTER TABLE whistleblower_report ADD COLUMN hazard_id INTEGER REFERENCES hazard(id)")
        }
    }

    func whistleblowerReport(_ r: Row) throws -> WhistleblowerReport {
        let lon: Double? = r["lon"], lat: Double? = r["lat"], caseID: Int64? = r["case_id"], yuan: Int? = r["reward_yuan"], rewardAt: Int64? = r["reward_at"]
        let name: String? = r["reporter_name"], phone: String? = r["reporter_phone"], decided: Int64? = r["decided_at"],
            hazard: Int64? = r["hazard_id"]
        let reporter = try name.map { WhistleblowerReport.Reporter(name: try openPersonal($0) ?? "", phone: try openPersonal(phone) ?? "") }
        return WhistleblowerReport(
            id: WhistleblowerReportID(r["id"] as Int64), kind: HazardKind(rawValue: r["kind"]) ?? .other, description: r["description"], unitName: r["unit_name"],
            nodeID: NodeID(r["node_id"] as Int64), nodePath: r["node_path"], address: r["address"], location: lon.flatMap { lon in lat.map { GeoPoint(lon: lon, lat: $0) } },
            routedPath: r["routed_path"], reporterRole: WhistleblowerReport.ReporterRole(rawValue: r["reporter_role"]) ?? .citizen, urgent: r["urgent"],
            levelSkipped: r["level_skipped"], anonymous: r["anonymous"], reporter: reporter,
            status: WhistleblowerReport.Status(rawValue: r["status"]) ?? .received, reply: r["reply"], caseID: caseID.map { CaseID($0) },
            hazardID: hazard.map { HazardID($0) }, reward: yuan.map { WhistleblowerReport.Reward(yuan: $0, note: r["reward_note"] ?? "", at: Self.instant(rewardAt ?? 0)) },
            createdAt: Self.instant(r["created_at"]), decidedAt: decided.map(Self.instant), version: r["version"])
    }

    public func createWhistleblowerReport(_ report: WhistleblowerReport, receiptHash: String, clientKeyHash: String) async throws -> (report: WhistleblowerReport, created: Bool) {
        let name = try sealPersonal(report.reporter?.name), phone = try sealPersonal(report.reporter?.phone)
        return try await writer.write { db in
            if let id = try Int64.fetchOne(db, sql: "SELECT id FROM whistleblower_report WHERE client_key_hash = ?", arguments: [clientKeyHash]) {
                try db.execute(sql: "UPDATE whistleblower_report SET receipt_hash = ? WHERE id = ?", arguments: [receiptHash, id])
                return (try self.whistleblowerReport(try Row.fetchOne(db, sql: "SELECT * FROM whistleblower_report WHERE id = ?", arguments: [id])!), false)
            }
            let r = report
            try db.execute(sql: """
                INSERT INTO whistleblower_report (kind, description, unit_name, node_id, node_path, address, lon, lat, routed_path, reporter_role, urgent, level_skipped,
                    anonymous, reporter_name, reporter_phone, status, reply, created_at, version, receipt_hash, client_key_hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [r.kind.rawValue, r.description, r.unitName, r.nodeID.rawValue, r.nodePath, r.address, r.location?.lon, r.location?.lat, r.routedPath,
                                 r.reporterRole.rawValue, r.urgent, r.levelSkipped, r.anonymous, name, phone, r.status.rawValue, r.reply,
                                 CaseRows.ms(r.createdAt), r.version, receiptHash, clientKeyHash])
            let id = db.lastInsertedRowID
            return (try self.whistleblowerReport(try Row.fetchOne(db, sql: "SELECT * FROM whistleblower_report WHERE id = ?", arguments: [id])!), true)
        }
    }

    public func whistleblowerReport(_ id: WhistleblowerReportID) async throws -> WhistleblowerReport? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM whistleblower_report WHERE id = ?", arguments: [id.rawValue]).map(self.whistleblowerReport) }
    }

    public func whistleblowerReport(receiptHash: String) async throws -> WhistleblowerReport? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM whistleblower_report WHERE receipt_hash = ?", arguments: [receiptHash]).map(self.whistleblowerReport) }
    }

    public func whistleblowerReports(routedTo paths: [String], status: WhistleblowerReport.Status?, before: WhistleblowerReportID?, limit: Int) async throws -> [WhistleblowerReport] {
        guard !paths.isEmpty else { return [] }
        let json = String(decoding: try JSONEncoder().encode(paths), as: UTF8.self)
        return try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM whistleblower_report WHERE routed_path IN (SELECT value FROM json_each(?)) AND (? IS NULL OR status = ?) AND id < ? ORDER BY id DESC LIMIT ?
                """, arguments: [json, status?.rawValue, status?.rawValue, before?.rawValue ?? Int64.max, limit]).map(self.whistleblowerReport)
        }
    }

    public func saveWhistleblowerReport(_ report: WhistleblowerReport, readVersion: Int) async throws -> WhistleblowerReport? {
        let r = report
        return try await writer.write { db in
            try db.execute(sql: """
                UPDATE whistleblower_report SET status = ?, reply = ?, case_id = ?, hazard_id = ?, reward_yuan = ?, reward_note = ?, reward_at = ?, decided_at = ?,
                    version = version + 1
                WHERE id = ? AND version = ?
                """, arguments: [r.status.rawValue, r.reply, r.caseID?.rawValue, r.hazardID?.rawValue, r.reward?.yuan, r.reward?.note, r.reward.map { CaseRows.ms($0.at) },
                                 r.decidedAt.map(CaseRows.ms), r.id.rawValue, readVersion])
            guard db.changesCount == 1 else { return nil }
            return try Row.fetchOne(db, sql: "SELECT * FROM whistleblower_report WHERE id = ?", arguments: [r.id.rawValue]).map(self.whistleblowerReport)
        }
    }

    public func addWhistleblowerMessage(_ message: WhistleblowerMessage, limit: Int) async throws -> Bool {
        try await writer.write { db in
            let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM whistleblower_message WHERE report_id = ?", arguments: [message.reportID.rawValue]) ?? 0
            guard count < limit else { return false }
            try db.execute(sql: "INSERT INTO whistleblower_message (report_id, sender, text, at) VALUES (?, ?, ?, ?)",
                           arguments: [message.reportID.rawValue, message.from.rawValue, message.text, CaseRows.ms(message.at)])
            return true
        }
    }

    public func whistleblowerMessages(_ id: WhistleblowerReportID) async throws -> [WhistleblowerMessage] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM whistleblower_message WHERE report_id = ? ORDER BY id", arguments: [id.rawValue]).map {
                WhistleblowerMessage(reportID: id, from: WhistleblowerMessage.From(rawValue: $0["sender"]) ?? .handler, text: $0["text"], at: Self.instant($0["at"]))
            }
        }
    }

    public func designateWhistleblowerHandler(node: NodeID, _ handler: WhistleblowerHandler?) async throws {
        try await writer.write { db in
            guard let h = handler else {
                try db.execute(sql: "DELETE FROM whistleblower_handler WHERE node_id = ?", arguments: [node.rawValue])
                return
            }
            try db.execute(sql: """
                INSERT INTO whistleblower_handler (node_id, node_path, user_id, designated_by, designated_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (node_id) DO UPDATE SET node_path = excluded.node_path, user_id = excluded.user_id, designated_by = excluded.designated_by,
                    designated_at = excluded.designated_at
                """, arguments: [node.rawValue, h.nodePath, h.userID.rawValue, h.designatedBy, CaseRows.ms(h.designatedAt)])
        }
    }

    public func whistleblowerHandlers() async throws -> [WhistleblowerHandler] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM whistleblower_handler ORDER BY node_path").map {
                WhistleblowerHandler(nodeID: NodeID($0["node_id"] as Int64), nodePath: $0["node_path"], userID: UserID($0["user_id"] as Int64), designatedBy: $0["designated_by"],
                                     designatedAt: Self.instant($0["designated_at"]))
            }
        }
    }

    public func openWhistleblowerReports(routedTo paths: [String]) async throws -> [String: Int] {
        guard !paths.isEmpty else { return [:] }
        let json = String(decoding: try JSONEncoder().encode(paths), as: UTF8.self)
        return try await read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: """
                SELECT routed_path, count(*) AS n FROM whistleblower_report WHERE routed_path IN (SELECT value FROM json_each(?)) AND status IN ('received', 'verifying')
                GROUP BY routed_path
                """, arguments: [json]).map { ($0["routed_path"] as String, $0["n"] as Int) })
        }
    }

    public func resealWhistleblowerReports() async throws -> Int {
        guard let cipher else { return 0 }
        var after: Int64 = 0, changedCount = 0
        while true {
            let from = after
            let rows = try await read { db in
                try Row.fetchAll(db, sql: "SELECT id, reporter_name, reporter_phone FROM whistleblower_report WHERE id > ? AND reporter_name IS NOT NULL ORDER BY id LIMIT 1000",
                                 arguments: [from]).map { (id: $0["id"] as Int64, name: $0["reporter_name"] as String, phone: $0["reporter_phone"] as String? ?? "") }
            }
            guard let last = rows.last else { break }
            after = last.id
            let changed = try rows.filter { !cipher.isCurrent($0.name) || !cipher.isCurrent($0.phone) }
                .map { (id: $0.id, name: try sealPersonal(try openPersonal($0.name)), phone: try sealPersonal(try openPersonal($0.phone))) }
            guard !changed.isEmpty else { continue }
            try await writer.write { db in
                let update = try db.cachedStatement(sql: "UPDATE whistleblower_report SET reporter_name = ?, reporter_phone = ? WHERE id = ?")
                for c in changed { try update.execute(arguments: [c.name, c.phone, c.id]) }
            }
            changedCount += changed.count
        }
        return changedCount
    }
}
