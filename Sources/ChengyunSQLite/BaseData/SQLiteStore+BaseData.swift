public import ChengyunCore
public import ChengyunStore
import Foundation
import GRDB

/// 盘家底 — compounds, buildings, houses and residents as typed rows; residents' personal fields sealed, an ID number
/// found by its lookup key; the per-committee tallies kept in the same commit.
extension SQLiteStore {
    static func registerBaseDataMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v18-base-data") { db in
            try db.execute(sql: """
                CREATE TABLE tag (code TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, grp TEXT NOT NULL) WITHOUT ROWID;
                CREATE TABLE compound (
                    id INTEGER PRIMARY KEY,
                    code TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    node_path TEXT NOT NULL,
                    type TEXT NOT NULL,
                    management_mode TEXT NOT NULL,
                    property_company TEXT,
                    owners_committee TEXT,
                    address TEXT,
                    lon REAL,
                    lat REAL,
                    area TEXT,
                    version INTEGER NOT NULL
                );
                CREATE INDEX compound_path ON compound(node_path, code);
                CREATE TABLE compound_entrance (
                    compound_id INTEGER NOT NULL REFERENCES compound(id),
                    position INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    lon REAL NOT NULL,
                    lat REAL NOT NULL,
                    vehicles INTEGER NOT NULL,
                    PRIMARY KEY (compound_id, position)
                ) WITHOUT ROWID;
                CREATE TABLE building (
                    id INTEGER PRIMARY KEY,
                    compound_id INTEGER NOT NULL REFERENCES compound(id),
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    node_path TEXT NOT NULL,
                    number TEXT NOT NULL,
                    floors INTEGER NOT NULL,
                    units INTEGER NOT NULL,
                    lon REAL,
                    lat REAL,
                    footprint TEXT,
                    UNIQUE (compound_id, number)
                );
                CREATE TABLE building_tag (building_id INTEGER NOT NULL REFERENCES building(id), tag TEXT NOT NULL, PRIMARY KEY (building_id, tag)) WITHOUT ROWID;
                CREATE TABLE house (
                    id INTEGER PRIMARY KEY,
                    building_id INTEGER NOT NULL REFERENCES building(id),
                    unit TEXT NOT NULL,
                    floor INTEGER NOT NULL,
                    number TEXT NOT NULL,
                    use TEXT NOT NULL,
                    UNIQUE (building_id, unit, floor, number)
                );
                CREATE TABLE house_tag (house_id INTEGER NOT NULL REFERENCES house(id), tag TEXT NOT NULL, PRIMARY KEY (house_id, tag)) WITHOUT ROWID;
                CREATE TABLE resident (
                    id INTEGER PRIMARY KEY,
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    node_path TEXT NOT NULL,
                    house_id INTEGER REFERENCES house(id),
                    name TEXT NOT NULL,
                    id_number TEXT,
                    id_lookup TEXT,
                    phone TEXT,
                    kind TEXT NOT NULL,
                    party_member INTEGER NOT NULL,
                    moved_in INTEGER,
                    moved_out INTEGER,
                    source TEXT NOT NULL,
                    version INTEGER NOT NULL
                );
                CREATE UNIQUE INDEX resident_lookup ON resident(id_lookup) WHERE id_lookup IS NOT NULL AND moved_out IS NULL;
                CREATE INDEX resident_path ON resident(node_path, id);
                CREATE INDEX resident_house ON resident(house_id) WHERE house_id IS NOT NULL;
                CREATE TABLE resident_tag (resident_id INTEGER NOT NULL REFERENCES resident(id), tag TEXT NOT NULL, PRIMARY KEY (resident_id, tag)) WITHOUT ROWID;
                CREATE INDEX resident_tag_tag ON resident_tag(tag, resident_id);
                CREATE TABLE base_data_tally (
                    committee_id INTEGER NOT NULL,
                    committee_path TEXT NOT NULL,
                    key TEXT NOT NULL,
                    count INTEGER NOT NULL,
                    PRIMARY KEY (committee_id, key)
                ) WITHOUT ROWID;
                CREATE INDEX base_data_tally_path ON base_data_tally(committee_path);
                """)
        }
    }

    /// 小区 on the map: the compounds' points indexed for the map's box.
    static func registerCompoundMapMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v39-compound-point") { db in
            try db.execute(sql: "CREATE INDEX compound_point ON compound(lon, lat) WHERE lon IS NOT NULL")
        }
    }

    /// Adds `delta` to a committee's tally of `key` (in the caller's transaction).
    static func tally(_ db: Database, _ path: String, _ key: String, _ delta: Int) throws {
        guard delta != 0, let committee = OrgNode.ancestor(of: path, depth: OrgNode.Kind.committee.depth) else { return }
        try db.execute(sql: """
            INSERT INTO base_data_tally (committee_id, committee_path, key, count) VALUES (?, ?, ?, ?)
            ON CONFLICT (committee_id, key) DO UPDATE SET count = count + excluded.count
            """, arguments: [committee.id.rawValue, committee.path, key, delta])
    }

    public func tags() async throws -> [Tag] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT code, name, kind, grp FROM tag ORDER BY kind, code").map {
                Tag(code: $0[0], name: $0[1], kind: Tag.Kind(rawValue: $0[2]) ?? .resident, group: $0[3])
            }
        }
    }

    public func replaceTags(_ tags: [Tag]) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM tag")
            for t in tags {
                try db.execute(sql: "INSERT INTO tag (code, name, kind, grp) VALUES (?, ?, ?, ?)", arguments: [t.code, t.name, t.kind.rawValue, t.group])
            }
        }
    }

    static func compoundRow(_ r: Row, entrances: [Int64: [Entrance]]) -> Compound {
        let id: Int64 = r["id"], lon: Double? = r["lon"], lat: Double? = r["lat"], area: String? = r["area"], type: String = r["type"], mode: String = r["management_mode"]
        var compound = Compound(id: CompoundID(id), code: r["code"], name: r["name"], nodeID: NodeID(r["node_id"] as Int64), nodePath: r["node_path"],
                        type: CompoundType(rawValue: type) ?? .other, managementMode: ManagementMode(rawValue: mode) ?? .propertyCompany,
                        propertyCompany: r["property_company"], ownersCommittee: r["owners_committee"], address: r["address"],
                        location: lon.flatMap { lon in lat.map { GeoPoint(lon: lon, lat: $0) } }, area: area.flatMap(GeoJSONGeometry.init(text:)),
                        entrances: entrances[id] ?? [], version: r["version"])
        compound.propertyCompanyID = (r["property_company_id"] as Int64?).map { PropertyCompanyID($0) }
        return compound
    }

    static func compounds(_ db: Database, _ rows: [Row]) throws -> [Compound] {
        let entrances = try Self.entrances(db, of: rows.map { $0["id"] as Int64 })
        return rows.map { compoundRow($0, entrances: entrances) }
    }

    public func createCompound(_ c: Compound) async throws -> Compound {
        do {
            return try await writer.write { db in
                try db.execute(sql: """
                    INSERT INTO compound (code, name, node_id, node_path, type, management_mode, property_company, owners_committee, address, lon, lat, area, version)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
                    """, arguments: [c.code, c.name, c.nodeID.rawValue, c.nodePath, c.type.rawValue, c.managementMode.rawValue, c.propertyCompany, c.ownersCommittee,
                                     c.address, c.location?.lon, c.location?.lat, c.area?.text])
                var stored = c
                stored.id = CompoundID(db.lastInsertedRowID)
                stored.version = 1
                try Self.insertEntrances(db, of: stored.id, c.entrances)
                try Self.tally(db, c.nodePath, "compounds", 1)
                try Self.tally(db, c.nodePath, "compounds:\(c.type.rawValue)", 1)
                return stored
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT && (error.message ?? "").contains("compound.code") {
            throw BaseDataError.duplicateCompound(c.code)
        }
    }

    public func compound(_ id: CompoundID) async throws -> Compound? {
        try await read { db in try Self.compounds(db, try Row.fetchAll(db, sql: "SELECT * FROM compound WHERE id = ?", arguments: [id.rawValue])).first }
    }

    public func compound(code: String) async throws -> Compound? {
        try await read { db in try Self.compounds(db, try Row.fetchAll(db, sql: "SELECT * FROM compound WHERE code = ?", arguments: [code])).first }
    }

    public func boundedCompounds(under path: String) async throws -> [Compound] {
        let (low, high) = Self.pathRange(path)
        return try await read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM compound WHERE node_path >= ? AND node_path < ? AND area IS NOT NULL LIMIT 500"),
                             arguments: [low, high]).map { Self.compoundRow($0, entrances: [:]) }
        }
    }

    public func compounds(in box: BoundingBox, under paths: [String], limit: Int) async throws -> [Compound] {
        guard !paths.isEmpty else { return [] }
        let (condition, arguments) = Self.inBox(box, under: paths, limit: limit)
        return try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM compound WHERE \(condition) LIMIT ?", arguments: arguments).map { Self.compoundRow($0, entrances: [:]) }
        }
    }

    public func compounds(under path: String, afterCode: String?, limit: Int) async throws -> [Compound] {
        let (low, high) = Self.pathRange(path)
        return try await read { db in
            try Self.compounds(db, try Row.fetchAll(db, sql: "SELECT * FROM compound WHERE node_path >= ? AND node_path < ? AND code > ? ORDER BY code LIMIT ?",
                                                    arguments: [low, high, afterCode ?? "", limit]))
        }
    }

    static func tagsOf(_ db: Database, table: String, column: String, ids: [Int64]) throws -> [Int64: [String]] {
        var out: [Int64: [String]] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT \(column), tag FROM \(table) WHERE \(column) IN (SELECT value FROM json_each(?)) ORDER BY \(column), tag",
                                  arguments: [jsonIDs(ids)]) {
            out[r[0] as Int64, default: []].append(r[1])
        }
        return out
    }

    static func buildings(_ db: Database, _ rows: [Row]) throws -> [Building] {
        let tags = try tagsOf(db, table: "building_tag", column: "building_id", ids: rows.map { $0["id"] as Int64 })
        return rows.map { r in
            let id: Int64 = r["id"], lon: Double? = r["lon"], lat: Double? = r["lat"], footprint: String? = r["footprint"]
            return Building(id: BuildingID(id), compoundID: CompoundID(r["compound_id"] as Int64), nodeID: NodeID(r["node_id"] as Int64), nodePath: r["node_path"],
                            number: r["number"], floors: r["floors"], units: r["units"], location: lon.flatMap { lon in lat.map { GeoPoint(lon: lon, lat: $0) } },
                            footprint: footprint.flatMap(GeoJSONGeometry.init(text:)), tags: tags[id] ?? [])
        }
    }

    static func houses(_ db: Database, _ rows: [Row]) throws -> [House] {
        let tags = try tagsOf(db, table: "house_tag", column: "house_id", ids: rows.map { $0["id"] as Int64 })
        return rows.map { r in
            let id: Int64 = r["id"], use: String = r["use"]
            return House(id: HouseID(id), buildingID: BuildingID(r["building_id"] as Int64), unit: r["unit"], floor: r["floor"], number: r["number"],
                         use: HouseUse(rawValue: use) ?? .other, tags: tags[id] ?? [])
        }
    }

    public func createBuilding(_ b: Building, houses: [House]) async throws -> (building: Building, houses: [House]) {
        do {
            return try await writer.write { db in
                try db.execute(sql: """
                    INSERT INTO building (compound_id, node_id, node_path, number, floors, units, lon, lat, footprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [b.compoundID.rawValue, b.nodeID.rawValue, b.nodePath, b.number, b.floors, b.units, b.location?.lon, b.location?.lat, b.footprint?.text])
                var stored = b
                stored.id = BuildingID(db.lastInsertedRowID)
                for tag in Set(b.tags) {
                    try db.execute(sql: "INSERT INTO building_tag (building_id, tag) VALUES (?, ?)", arguments: [stored.id.rawValue, tag])
                }
                var made: [House] = []
                let insert = try db.cachedStatement(sql: "INSERT INTO house (building_id, unit, floor, number, use) VALUES (?, ?, ?, ?, ?)")
                for (i, h) in houses.enumerated() {
                    do {
                        try insert.execute(arguments: [stored.id.rawValue, h.unit, h.floor, h.number, h.use.rawValue])
                    } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                        throw BaseDataError.duplicateHouse(index: i)
                    }
                    var house = h
                    house.id = HouseID(db.lastInsertedRowID)
                    house.buildingID = stored.id
                    for tag in Set(h.tags) {
                        try db.execute(sql: "INSERT INTO house_tag (house_id, tag) VALUES (?, ?)", arguments: [house.id.rawValue, tag])
                    }
                    made.append(house)
                }
                try Self.tally(db, b.nodePath, "buildings", 1)
                try Self.tally(db, b.nodePath, "houses", houses.count)
                return (stored, made)
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT && (error.message ?? "").contains("building.") {
            throw BaseDataError.duplicateBuilding(b.number)
        }
    }

    public func building(_ id: BuildingID) async throws -> Building? {
        try await read { db in try Self.buildings(db, try Row.fetchAll(db, sql: "SELECT * FROM building WHERE id = ?", arguments: [id.rawValue])).first }
    }

    public func buildings(_ ids: [BuildingID]) async throws -> [Building] {
        try await read { db in
            try Self.buildings(db, try Row.fetchAll(db, sql: "SELECT * FROM building WHERE id IN (SELECT value FROM json_each(?))", arguments: [jsonIDs(ids.map(\.rawValue))]))
        }
    }

    public func buildings(of compound: CompoundID) async throws -> [Building] {
        try await read { db in try Self.buildings(db, try Row.fetchAll(db, sql: "SELECT * FROM building WHERE compound_id = ? ORDER BY id", arguments: [compound.rawValue])) }
    }

    public func houses(_ ids: [HouseID]) async throws -> [House] {
        try await read { db in
            try Self.houses(db, try Row.fetchAll(db, sql: "SELECT * FROM house WHERE id IN (SELECT value FROM json_each(?))", arguments: [jsonIDs(ids.map(\.rawValue))]))
        }
    }

    public func house(_ id: HouseID) async throws -> House? {
        try await read { db in try Self.houses(db, try Row.fetchAll(db, sql: "SELECT * FROM house WHERE id = ?", arguments: [id.rawValue])).first }
    }

    public func houses(of building: BuildingID) async throws -> [House] {
        try await read { db in
            try Self.houses(db, try Row.fetchAll(db, sql: "SELECT * FROM house WHERE building_id = ? ORDER BY unit, floor DESC, number", arguments: [building.rawValue]))
        }
    }

    func residents(_ db: Database, _ rows: [Row]) throws -> [Resident] {
        let tags = try Self.tagsOf(db, table: "resident_tag", column: "resident_id", ids: rows.map { $0["id"] as Int64 })
        return try rows.map { r in
            let id: Int64 = r["id"], kind: String = r["kind"], house: Int64? = r["house_id"], movedIn: Int? = r["moved_in"], movedOut: Int? = r["moved_out"]
            return Resident(id: ResidentID(id), nodeID: NodeID(r["node_id"] as Int64), nodePath: r["node_path"], houseID: house.map { HouseID($0) },
                            name: try openPersonal(r["name"] as String?) ?? "", idNumber: try openPersonal(r["id_number"]), phone: try openPersonal(r["phone"]),
                            kind: ResidentKind(rawValue: kind) ?? .resident, partyMember: r["party_member"], tags: tags[id] ?? [],
                            movedInOn: movedIn.map(LocalDate.init(daysSince1970:)), movedOutOn: movedOut.map(LocalDate.init(daysSince1970:)),
                            source: r["source"], version: r["version"])
        }
    }

    func idLookup(_ number: String?) -> String? { number.map { cipher?.lookupKey($0) ?? $0 } }

    public func addResidents(_ list: [Resident]) async throws -> [Resident] {
        // Sealing is the costly part: done before the write, outside the writer's turn.
        let sealed = try list.map { r in (name: try sealPersonal(r.name), id: try sealPersonal(r.idNumber), phone: try sealPersonal(r.phone), lookup: idLookup(r.idNumber)) }
        var seen: [String: Int] = [:]
        for (i, s) in sealed.enumerated() {
            guard let key = s.lookup else { continue }
            if seen[key] != nil { throw BaseDataError.duplicateResident(field: "residents[\(i)].idNumber") }
            seen[key] = i
        }
        return try await writer.write { db in
            let insert = try db.cachedStatement(sql: """
                INSERT INTO resident (node_id, node_path, house_id, name, id_number, id_lookup, phone, kind, party_member, moved_in, moved_out, source, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
                """)
            let tag = try db.cachedStatement(sql: "INSERT OR IGNORE INTO resident_tag (resident_id, tag) VALUES (?, ?)")
            var made: [Resident] = []
            made.reserveCapacity(list.count)
            var tallies: [String: [String: Int]] = [:]
            for (i, r) in list.enumerated() {
                let s = sealed[i]
                do {
                    try insert.execute(arguments: [r.nodeID.rawValue, r.nodePath, r.houseID?.rawValue, s.name, s.id, s.lookup, s.phone, r.kind.rawValue, r.partyMember,
                                                   r.movedInOn?.daysSince1970, r.movedOutOn?.daysSince1970, r.source])
                } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                    throw BaseDataError.duplicateResident(field: "residents[\(i)].idNumber")
                }
                var stored = r
                stored.id = ResidentID(db.lastInsertedRowID)
                stored.version = 1
                for t in Set(r.tags) { try tag.execute(arguments: [stored.id.rawValue, t]) }
                for k in BaseDataCounts.tallyKeys(of: r) { tallies[r.nodePath, default: [:]][k, default: 0] += 1 }
                made.append(stored)
            }
            for (path, counts) in tallies {
                for (key, n) in counts { try Self.tally(db, path, key, n) }
            }
            return made
        }
    }

    public func resident(_ id: ResidentID) async throws -> Resident? {
        try await read { db in try self.residents(db, try Row.fetchAll(db, sql: "SELECT * FROM resident WHERE id = ?", arguments: [id.rawValue])).first }
    }

    public func residents(_ ids: [ResidentID]) async throws -> [Resident] {
        try await read { db in
            try self.residents(db, try Row.fetchAll(db, sql: "SELECT * FROM resident WHERE id IN (SELECT value FROM json_each(?))", arguments: [jsonIDs(ids.map(\.rawValue))]))
        }
    }

    public func moveResident(_ id: ResidentID, to place: ResidentPlace?, on day: LocalDate) async throws -> Resident? {
        try await writer.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM resident WHERE id = ?", arguments: [id.rawValue]) else { return nil }
            let before = try self.residents(db, [row])[0]
            let after = before.moved(to: place, on: day)
            try db.execute(sql: "UPDATE resident SET node_id = ?, node_path = ?, house_id = ?, moved_in = ?, moved_out = ?, version = ? WHERE id = ?",
                           arguments: [after.nodeID.rawValue, after.nodePath, after.houseID?.rawValue, after.movedInOn?.daysSince1970, after.movedOutOn?.daysSince1970,
                                       after.version, id.rawValue])
            for k in BaseDataCounts.tallyKeys(of: before) { try Self.tally(db, before.nodePath, k, -1) }
            for k in BaseDataCounts.tallyKeys(of: after) { try Self.tally(db, after.nodePath, k, 1) }
            return after
        }
    }

    public func resident(idNumber: String) async throws -> Resident? {
        let key = idLookup(idNumber)
        return try await read { db in
            try self.residents(db, try Row.fetchAll(db, sql: "SELECT * FROM resident WHERE id_lookup = ? ORDER BY moved_out IS NOT NULL, id DESC LIMIT 1", arguments: [key])).first
        }
    }

    public func residents(of house: HouseID) async throws -> [Resident] {
        try await read { db in try self.residents(db, try Row.fetchAll(db, sql: "SELECT * FROM resident WHERE house_id = ? ORDER BY id", arguments: [house.rawValue])) }
    }

    public func residents(inBuilding building: BuildingID) async throws -> [Resident] {
        try await read { db in
            try self.residents(db, try Row.fetchAll(db, sql: """
                SELECT r.* FROM house h JOIN resident r ON r.house_id = h.id WHERE h.building_id = ? ORDER BY r.id
                """, arguments: [building.rawValue]))
        }
    }

    public func residents(under path: String, kind: ResidentKind?, tag: String?, after: ResidentID?, limit: Int) async throws -> [Resident] {
        let (low, high) = Self.pathRange(path)
        return try await read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT * FROM resident WHERE node_path >= ?1 AND node_path < ?2 AND id > ?3 AND (?4 IS NULL OR kind = ?4)
                  AND (?5 IS NULL OR id IN (SELECT resident_id FROM resident_tag WHERE tag = ?5 AND resident_id > ?3))
                ORDER BY id LIMIT ?6
                """, arguments: [low, high, after?.rawValue ?? 0, kind?.rawValue, tag, limit])
            return try self.residents(db, rows)
        }
    }

    public func resealResidents() async throws -> Int {
        guard let cipher else { return 0 }
        var after: Int64 = 0, changedCount = 0
        while true {
            let from = after
            let rows = try await read { db in
                try Row.fetchAll(db, sql: "SELECT id, name, id_number, id_lookup, phone FROM resident WHERE id > ? ORDER BY id LIMIT 1000", arguments: [from])
                    .map { (id: $0["id"] as Int64, name: $0["name"] as String, number: $0["id_number"] as String?, lookup: $0["id_lookup"] as String?, phone: $0["phone"] as String?) }
            }
            guard let last = rows.last else { break }
            after = last.id
            var changed: [(id: Int64, name: String?, number: String?, phone: String?, lookup: String?)] = []
            for r in rows {
                let plainNumber = try openPersonal(r.number)
                let newLookup = idLookup(plainNumber)
                guard [r.name, r.number, r.phone].compactMap({ $0 }).contains(where: { !cipher.isCurrent($0) }) || newLookup != r.lookup else { continue }
                changed.append((r.id, try sealPersonal(try openPersonal(r.name)), try sealPersonal(plainNumber), try sealPersonal(try openPersonal(r.phone)), newLookup))
            }
            guard !changed.isEmpty else { continue }
            let batch = changed
            try await writer.write { db in
                let update = try db.cachedStatement(sql: "UPDATE resident SET name = ?, id_number = ?, phone = ?, id_lookup = ? WHERE id = ?")
                for c in batch { try update.execute(arguments: [c.name, c.number, c.phone, c.lookup, c.id]) }
            }
            changedCount += batch.count
        }
        return changedCount
    }

    public func baseDataCounts(under path: String) async throws -> BaseDataCounts {
        let (low, high) = Self.pathRange(path)
        // A committee's or grid's path lies under its committee's tally path; a wider one holds many.
        let committee = OrgNode.ancestor(of: path, depth: OrgNode.Kind.committee.depth)?.path
        return try await read { db in
            let rows = try committee.map { try Row.fetchAll(db, sql: "SELECT key, SUM(count) FROM base_data_tally WHERE committee_path = ? GROUP BY key", arguments: [$0]) }
                ?? Row.fetchAll(db, sql: "SELECT key, SUM(count) FROM base_data_tally WHERE committee_path >= ? AND committee_path < ? GROUP BY key", arguments: [low, high])
            return BaseDataCounts(tallies: rows.map { ($0[0] as String, $0[1] as Int) })
        }
    }
}
