public import ChengyunCore
import ChengyunStore
import Foundation
import GRDB

/// 联勤联动站 — stations (typed columns; coverage and posted staff as child rows) and town-managed communities.
extension SQLiteStore {
    static func registerStationMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v17-stations") { db in
            try db.execute(sql: """
                CREATE TABLE town_community (
                    id INTEGER PRIMARY KEY,
                    code TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    node_path TEXT NOT NULL,
                    secretary_id INTEGER REFERENCES app_user(id)
                );
                CREATE INDEX town_community_path ON town_community(node_path, code);
                CREATE TABLE town_community_committee (
                    committee_id INTEGER PRIMARY KEY REFERENCES org_node(id),
                    town_community_id INTEGER NOT NULL REFERENCES town_community(id),
                    position INTEGER NOT NULL
                );
                CREATE INDEX town_community_committee_community ON town_community_committee(town_community_id, position);
                CREATE TABLE station (
                    id INTEGER PRIMARY KEY,
                    code TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    type TEXT NOT NULL CHECK (type IN ('communityCentre','village','specialArea')),
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    node_path TEXT NOT NULL,
                    town_community_id INTEGER REFERENCES town_community(id),
                    area TEXT,
                    chief_id INTEGER REFERENCES app_user(id),
                    address TEXT,
                    lon REAL,
                    lat REAL,
                    version INTEGER NOT NULL
                );
                CREATE INDEX station_path ON station(node_path, code);
                CREATE TABLE station_committee (
                    station_id INTEGER NOT NULL REFERENCES station(id),
                    position INTEGER NOT NULL,
                    committee_id INTEGER NOT NULL REFERENCES org_node(id),
                    committee_path TEXT NOT NULL,
                    special INTEGER NOT NULL,
                    PRIMARY KEY (station_id, position)
                ) WITHOUT ROWID;
                CREATE UNIQUE INDEX station_committee_served ON station_committee(committee_id) WHERE special = 0;
                CREATE INDEX station_committee_path ON station_committee(committee_path, station_id);
                CREATE TABLE station_post (
                    station_id INTEGER NOT NULL REFERENCES station(id),
                    user_id INTEGER NOT NULL REFERENCES app_user(id),
                    department_id INTEGER NOT NULL REFERENCES department(id),
                    since INTEGER NOT NULL,
                    PRIMARY KEY (station_id, user_id)
                ) WITHOUT ROWID;
                CREATE INDEX station_post_user ON station_post(user_id);
                ALTER TABLE case_record ADD COLUMN station_id INTEGER REFERENCES station(id);
                ALTER TABLE case_record ADD COLUMN owner_station_id INTEGER;
                ALTER TABLE case_record ADD COLUMN received_station_id INTEGER;
                """)
            // A station may own or first receive a case: the kinds' CHECK constraints take 'station'. Widening a CHECK
            // changes no stored row, so the table's SQL is edited in place as SQLite's documentation describes for such
            // changes (lang_altertable.html, "Making Other Kinds Of Table Schema Changes") instead of copying every case.
            let version = try Int.fetchOne(db, sql: "PRAGMA schema_version") ?? 0
            try db.execute(sql: "PRAGMA writable_schema = ON")
            try db.execute(sql: "UPDATE sqlite_master SET sql = replace(replace(sql, ?, ?), ?, ?) WHERE type = 'table' AND name = 'case_record'", arguments: [
                "owner_kind IN ('node','department','external')", "owner_kind IN ('node','department','external','station')",
                "received_kind IN ('node','department','external')", "received_kind IN ('node','department','external','station')",
            ])
            try db.execute(sql: "PRAGMA schema_version = \(version + 1)")
            try db.execute(sql: "PRAGMA writable_schema = OFF")
            // Until now a committee stood for its station: each committee gets a station of its own serving it, led by
            // its 第一站长, and its cases (self-handled, called in, at linkage level 1) move onto that station.
            try db.execute(sql: """
                INSERT INTO station (code, name, type, node_id, node_path, chief_id, version)
                SELECT c.code, c.name || '联勤联动站', CASE WHEN c.variant = 'village' THEN 'village' ELSE 'communityCentre' END, p.id, p.path,
                       (SELECT MIN(a.user_id) FROM assignment a WHERE a.role = 'stationChief' AND a.node_id = c.id), 1
                FROM org_node c JOIN org_node p ON p.id = c.parent_id
                WHERE c.kind = 'committee' ORDER BY c.path;
                INSERT INTO station_committee (station_id, position, committee_id, committee_path, special)
                SELECT s.id, 0, c.id, c.path, 0 FROM station s JOIN org_node c ON c.code = s.code AND c.kind = 'committee';
                """)
            let served = try Row.fetchAll(db, sql: "SELECT station_id, committee_path FROM station_committee")
            let update = try db.makeStatement(sql: "UPDATE case_record SET station_id = ? WHERE node_path >= ? AND node_path < ?")
            for row in served {
                let (low, high) = OrgNode.pathRange(row[1])
                try update.execute(arguments: [row[0] as Int64, low, high])
            }
            for prefix in ["owner", "received"] {
                try db.execute(sql: """
                    UPDATE case_record SET \(prefix)_kind = 'station', \(prefix)_node_id = NULL,
                        \(prefix)_station_id = (SELECT station_id FROM station_committee WHERE committee_id = case_record.\(prefix)_node_id AND special = 0)
                    WHERE \(prefix)_kind = 'node' AND \(prefix)_node_id IN (SELECT committee_id FROM station_committee WHERE special = 0)
                    """)
            }
            try db.execute(sql: "CREATE INDEX case_station ON case_record(station_id, reported_at) WHERE station_id IS NOT NULL")
        }
    }

    static func stationRow(_ r: Row) -> Station {
        let lon: Double? = r["lon"], lat: Double? = r["lat"], area: String? = r["area"], type: String = r["type"]
        return Station(id: StationID(r["id"] as Int64), code: r["code"], name: r["name"], type: StationType(rawValue: type) ?? .communityCentre,
                       nodeID: NodeID(r["node_id"] as Int64), nodePath: r["node_path"],
                       townCommunityID: (r["town_community_id"] as Int64?).map { TownCommunityID($0) }, committeeIDs: [],
                       area: area.flatMap(GeoJSONGeometry.init(text:)), chiefID: (r["chief_id"] as Int64?).map { UserID($0) }, chiefName: r["chief_name"],
                       address: r["address"], location: lon.flatMap { lon in lat.map { GeoPoint(lon: lon, lat: $0) } }, version: r["version"])
    }

    /// Stations of the rows with their coverage, and their posts when `posts` is set.
    static func completeStations(_ db: Database, _ rows: [Row], posts: Bool) throws -> [Station] {
        var stations = rows.map(stationRow)
        let ids = stations.map(\.id.rawValue)
        var coverage: [Int64: [(NodeID, String)]] = [:]
        for r in try Row.fetchAll(db, sql: """
            SELECT sc.station_id, sc.committee_id, n.name FROM station_committee sc JOIN org_node n ON n.id = sc.committee_id
            WHERE sc.station_id IN (SELECT value FROM json_each(?)) ORDER BY sc.station_id, sc.position
            """, arguments: [jsonIDs(ids)]) {
            coverage[r[0] as Int64, default: []].append((NodeID(r[1] as Int64), r[2]))
        }
        var staff: [Int64: [StationPost]] = [:]
        if posts {
            for r in try Row.fetchAll(db, sql: """
                SELECT p.station_id, p.user_id, u.display_name, p.department_id, d.name AS department_name, p.since
                FROM station_post p JOIN app_user u ON u.id = p.user_id JOIN department d ON d.id = p.department_id
                WHERE p.station_id IN (SELECT value FROM json_each(?)) ORDER BY p.station_id, p.since, p.user_id
                """, arguments: [jsonIDs(ids)]) {
                staff[r[0] as Int64, default: []].append(StationPost(
                    userID: UserID(r[1] as Int64), userName: r[2], departmentID: DepartmentID(r[3] as Int64), departmentName: r[4],
                    since: Date(timeIntervalSince1970: Double(r[5] as Int64))))
            }
        }
        for i in stations.indices {
            stations[i].committeeIDs = coverage[stations[i].id.rawValue]?.map(\.0) ?? []
            stations[i].committeeNames = coverage[stations[i].id.rawValue]?.map(\.1) ?? []
            stations[i].posts = staff[stations[i].id.rawValue] ?? []
        }
        return stations
    }

    static let stationSelect = "SELECT s.*, u.display_name AS chief_name FROM station s LEFT JOIN app_user u ON u.id = s.chief_id"

    public func allStations() async throws -> [Station] {
        try await read { db in try Self.completeStations(db, try Row.fetchAll(db, sql: "\(Self.stationSelect) ORDER BY s.id"), posts: false) }
    }

    public func station(_ id: StationID) async throws -> Station? {
        try await read { db in
            try Self.completeStations(db, try Row.fetchAll(db, sql: "\(Self.stationSelect) WHERE s.id = ?", arguments: [id.rawValue]), posts: true).first
        }
    }

    public func stations(touching path: String, type: StationType?, afterCode: String?, limit: Int) async throws -> [Station] {
        let (low, high) = Self.pathRange(path)
        return try await read { db in
            let rows = try Row.fetchAll(db, sql: """
                \(Self.stationSelect)
                WHERE s.id IN (SELECT id FROM station WHERE node_path >= ?1 AND node_path < ?2
                               UNION SELECT station_id FROM station_committee WHERE committee_path >= ?1 AND committee_path < ?2)
                  AND (?3 IS NULL OR s.type = ?3) AND s.code > ?4
                ORDER BY s.code LIMIT ?5
                """, arguments: [low, high, type?.rawValue, afterCode ?? "", limit])
            return try Self.completeStations(db, rows, posts: true)
        }
    }

    /// Refuses committees another community-centre or village station serves (inside the write, so two writers
    /// cannot both pass).
    static func checkCoverage(_ db: Database, _ s: Station) throws {
        guard s.type != .specialArea else { return }
        for (i, c) in s.committeeIDs.enumerated() {
            if let other = try String.fetchOne(db, sql: """
                SELECT t.name FROM station_committee sc JOIN station t ON t.id = sc.station_id WHERE sc.committee_id = ? AND sc.special = 0 AND sc.station_id != ?
                """, arguments: [c.rawValue, s.id.rawValue]) {
                throw StationError.committeeTaken(index: i, by: other)
            }
        }
    }

    static func writeCoverage(_ db: Database, _ s: Station) throws {
        try db.execute(sql: "DELETE FROM station_committee WHERE station_id = ?", arguments: [s.id.rawValue])
        let insert = try db.cachedStatement(sql: """
            INSERT INTO station_committee (station_id, position, committee_id, committee_path, special)
            SELECT ?, ?, id, path, ? FROM org_node WHERE id = ?
            """)
        for (i, c) in s.committeeIDs.enumerated() {
            try insert.execute(arguments: [s.id.rawValue, i, s.type == .specialArea, c.rawValue])
        }
    }

    public func createStation(_ s: Station) async throws -> Station {
        do {
            return try await writer.write { db in
                try Self.checkCoverage(db, s)
                try db.execute(sql: """
                    INSERT INTO station (code, name, type, node_id, node_path, town_community_id, area, chief_id, address, lon, lat, version)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
                    """, arguments: [s.code, s.name, s.type.rawValue, s.nodeID.rawValue, s.nodePath, s.townCommunityID?.rawValue, s.area?.text,
                                     s.chiefID?.rawValue, s.address, s.location?.lon, s.location?.lat])
                var stored = s
                stored.id = StationID(db.lastInsertedRowID)
                stored.version = 1
                try Self.writeCoverage(db, stored)
                return stored
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT && (error.message ?? "").contains("station.code") {
            throw StationError.duplicateCode(s.code)
        }
    }

    public func updateStation(_ s: Station) async throws -> Station? {
        try await writer.write { db in
            guard let version = try Int.fetchOne(db, sql: "SELECT version FROM station WHERE id = ?", arguments: [s.id.rawValue]) else { return nil }
            try Self.checkCoverage(db, s)
            try db.execute(sql: """
                UPDATE station SET name = ?, town_community_id = ?, area = ?, chief_id = ?, address = ?, lon = ?, lat = ?, version = ? WHERE id = ?
                """, arguments: [s.name, s.townCommunityID?.rawValue, s.area?.text, s.chiefID?.rawValue, s.address, s.location?.lon, s.location?.lat,
                                 version + 1, s.id.rawValue])
            try Self.writeCoverage(db, s)
            var stored = s
            stored.version = version + 1
            return stored
        }
    }

    public func postStaff(_ post: StationPost, to station: StationID) async throws {
        do {
            try await writer.write { db in
                try db.execute(sql: "INSERT INTO station_post (station_id, user_id, department_id, since) VALUES (?, ?, ?, ?)",
                               arguments: [station.rawValue, post.userID.rawValue, post.departmentID.rawValue, Int64(post.since.timeIntervalSince1970.rounded(.down))])
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT && (error.message ?? "").contains("station_post") {
            throw StationError.alreadyPosted
        }
    }

    public func endPost(of user: UserID, at station: StationID) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM station_post WHERE station_id = ? AND user_id = ?", arguments: [station.rawValue, user.rawValue])
            return db.changesCount > 0
        }
    }

    static func townCommunities(_ db: Database, where clause: String, _ arguments: StatementArguments) throws -> [TownCommunity] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT t.*, u.display_name AS secretary_name FROM town_community t LEFT JOIN app_user u ON u.id = t.secretary_id WHERE \(clause) ORDER BY t.code
            """, arguments: arguments)
        var committees: [Int64: [NodeID]] = [:]
        for r in try Row.fetchAll(db, sql: """
            SELECT town_community_id, committee_id FROM town_community_committee WHERE town_community_id IN (SELECT value FROM json_each(?)) ORDER BY town_community_id, position
            """, arguments: [jsonIDs(rows.map { $0["id"] as Int64 })]) {
            committees[r[0] as Int64, default: []].append(NodeID(r[1] as Int64))
        }
        return rows.map { r in
            let id: Int64 = r["id"]
            return TownCommunity(id: TownCommunityID(id), code: r["code"], name: r["name"], nodeID: NodeID(r["node_id"] as Int64), nodePath: r["node_path"],
                                 committeeIDs: committees[id] ?? [], secretaryID: (r["secretary_id"] as Int64?).map { UserID($0) }, secretaryName: r["secretary_name"])
        }
    }

    public func townCommunity(_ id: TownCommunityID) async throws -> TownCommunity? {
        try await read { db in try Self.townCommunities(db, where: "t.id = ?", [id.rawValue]).first }
    }

    public func townCommunities(under path: String) async throws -> [TownCommunity] {
        let (low, high) = Self.pathRange(path)
        return try await read { db in try Self.townCommunities(db, where: "t.node_path >= ? AND t.node_path < ?", [low, high]) }
    }

    public func createTownCommunity(_ t: TownCommunity) async throws -> TownCommunity {
        do {
            return try await writer.write { db in
                for (i, c) in t.committeeIDs.enumerated() {
                    if let other = try String.fetchOne(db, sql: """
                        SELECT t.name FROM town_community_committee tc JOIN town_community t ON t.id = tc.town_community_id WHERE tc.committee_id = ?
                        """, arguments: [c.rawValue]) {
                        throw StationError.committeeGrouped(index: i, by: other)
                    }
                }
                try db.execute(sql: "INSERT INTO town_community (code, name, node_id, node_path, secretary_id) VALUES (?, ?, ?, ?, ?)",
                               arguments: [t.code, t.name, t.nodeID.rawValue, t.nodePath, t.secretaryID?.rawValue])
                var stored = t
                stored.id = TownCommunityID(db.lastInsertedRowID)
                for (i, c) in t.committeeIDs.enumerated() {
                    try db.execute(sql: "INSERT INTO town_community_committee (committee_id, town_community_id, position) VALUES (?, ?, ?)",
                                   arguments: [c.rawValue, stored.id.rawValue, i])
                }
                return stored
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT && (error.message ?? "").contains("town_community.code") {
            throw StationError.duplicateCode(t.code)
        }
    }
}
