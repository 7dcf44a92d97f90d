public import ChengyunCore
public import ChengyunStore
import Foundation
import GRDB

/// 感知 — devices, sensors, observed properties and datastreams (the SensorThings entities), scoped by path and
/// by the departments a device's sharing terms name.
extension SQLiteStore {
    static func registerSensingMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v9-sensing") { db in
            try db.execute(sql: """
                CREATE TABLE sensing_device (
                    id INTEGER PRIMARY KEY,
                    code TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    description TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    node_path TEXT NOT NULL,
                    lon REAL,
                    lat REAL,
                    placement TEXT NOT NULL,
                    place_ref TEXT,
                    owner TEXT NOT NULL,
                    operator TEXT NOT NULL,
                    maintainer TEXT NOT NULL
                );
                CREATE INDEX sensing_device_path ON sensing_device(node_path, id);
                CREATE TABLE sensing_device_reader (
                    department_id INTEGER NOT NULL REFERENCES department(id),
                    device_id INTEGER NOT NULL REFERENCES sensing_device(id),
                    PRIMARY KEY (department_id, device_id)
                ) WITHOUT ROWID;
                CREATE TABLE sensing_sensor (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    description TEXT NOT NULL,
                    encoding_type TEXT NOT NULL,
                    metadata TEXT NOT NULL
                );
                CREATE TABLE sensing_property (
                    id INTEGER PRIMARY KEY,
                    code TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    definition TEXT NOT NULL,
                    description TEXT NOT NULL
                );
                CREATE TABLE sensing_datastream (
                    id INTEGER PRIMARY KEY,
                    device_id INTEGER NOT NULL REFERENCES sensing_device(id),
                    name TEXT NOT NULL,
                    description TEXT NOT NULL,
                    sensor_id INTEGER NOT NULL REFERENCES sensing_sensor(id),
                    property_id INTEGER NOT NULL REFERENCES sensing_property(id),
                    property TEXT NOT NULL,
                    unit_name TEXT NOT NULL,
                    unit_symbol TEXT NOT NULL,
                    unit_definition TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    node_path TEXT NOT NULL
                );
                CREATE INDEX sensing_datastream_device ON sensing_datastream(device_id);
                CREATE INDEX sensing_datastream_path ON sensing_datastream(node_path, id);
                """)
            try createAlarmTables(db)
        }
    }

    static func device(_ r: Row, readers: [DepartmentID]) -> Device {
        let lon: Double? = r["lon"], lat: Double? = r["lat"]
        return Device(id: DeviceID(r["id"] as Int64), code: r["code"], name: r["name"], description: r["description"],
                      kind: DeviceKind(rawValue: r["kind"]) ?? .power, nodeID: NodeID(r["node_id"] as Int64), nodePath: r["node_path"],
                      location: lon.flatMap { lon in lat.map { GeoPoint(lon: lon, lat: $0) } },
                      placement: Device.Placement(rawValue: r["placement"]) ?? .point, placeRef: r["place_ref"], owner: r["owner"],
                      operator: r["operator"], maintainer: r["maintainer"], readers: readers)
    }

    static func datastream(_ r: Row) -> Datastream {
        Datastream(id: DatastreamID(r["id"] as Int64), deviceID: DeviceID(r["device_id"] as Int64), name: r["name"], description: r["description"],
                   sensorID: SensorID(r["sensor_id"] as Int64), propertyID: ObservedPropertyID(r["property_id"] as Int64), property: r["property"],
                   unitName: r["unit_name"], unitSymbol: r["unit_symbol"], unitDefinition: r["unit_definition"],
                   kind: DeviceKind(rawValue: r["kind"]) ?? .power, nodePath: r["node_path"])
    }

    /// The readers of each of these devices.
    static func readers(_ db: Database, of ids: [Int64]) throws -> [Int64: [DepartmentID]] {
        guard !ids.isEmpty else { return [:] }
        var out: [Int64: [DepartmentID]] = [:]
        let rows = try Row.fetchAll(db, sql: "SELECT device_id, department_id FROM sensing_device_reader WHERE device_id IN (\(ids.map { _ in "?" }.joined(separator: ","))) ORDER BY department_id",
                                    arguments: StatementArguments(ids))
        for r in rows { out[r["device_id"], default: []].append(DepartmentID(r["department_id"] as Int64)) }
        return out
    }

    public func createDevice(_ draft: DeviceDraft, nodeID: NodeID, nodePath: String) async throws -> Device {
        do {
            return try await writer.write { db in
                try db.execute(sql: """
                    INSERT INTO sensing_device (code, name, description, kind, node_id, node_path, lon, lat, placement, place_ref, owner, operator, maintainer)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [draft.code, draft.name, draft.description, draft.kind.rawValue, nodeID.rawValue, nodePath, draft.location?.lon,
                                     draft.location?.lat, draft.placement.rawValue, draft.placeRef, draft.owner, draft.operator, draft.maintainer])
                let id = db.lastInsertedRowID
                for reader in Set(draft.readers) {
                    try db.execute(sql: "INSERT INTO sensing_device_reader (department_id, device_id) VALUES (?, ?)", arguments: [reader.rawValue, id])
                }
                return Device(id: DeviceID(id), code: draft.code, name: draft.name, description: draft.description, kind: draft.kind, nodeID: nodeID,
                              nodePath: nodePath, location: draft.location, placement: draft.placement, placeRef: draft.placeRef, owner: draft.owner,
                              operator: draft.operator, maintainer: draft.maintainer, readers: Set(draft.readers).sorted())
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT && (error.message ?? "").contains("sensing_device.code") {
            throw SensingError.duplicateCode(draft.code)
        }
    }

    public func device(_ id: DeviceID) async throws -> Device? {
        try await read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM sensing_device WHERE id = ?", arguments: [id.rawValue]) else { return nil }
            return Self.device(row, readers: try Self.readers(db, of: [id.rawValue])[id.rawValue] ?? [])
        }
    }

    public func devices(_ query: SensingQuery) async throws -> SensingPage<Device> {
        try await read { db in
            let (rows, total) = try Self.page(db, table: "sensing_device", columns: SensingSQL.deviceColumns, query: query, scopeDevice: "id")
            let readers = try Self.readers(db, of: rows.map { $0["id"] as Int64 })
            return SensingPage(items: rows.map { Self.device($0, readers: readers[$0["id"] as Int64] ?? []) }, total: total)
        }
    }

    public func createSensor(_ sensor: SensorModel) async throws -> SensorModel {
        try await writer.write { db in
            try db.execute(sql: "INSERT INTO sensing_sensor (name, description, encoding_type, metadata) VALUES (?, ?, ?, ?)",
                           arguments: [sensor.name, sensor.description, sensor.encodingType, sensor.metadata])
            var made = sensor
            made.id = SensorID(db.lastInsertedRowID)
            return made
        }
    }

    static func sensor(_ r: Row) -> SensorModel {
        SensorModel(id: SensorID(r["id"] as Int64), name: r["name"], description: r["description"], encodingType: r["encoding_type"], metadata: r["metadata"])
    }

    public func sensor(_ id: SensorID) async throws -> SensorModel? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM sensing_sensor WHERE id = ?", arguments: [id.rawValue]).map(Self.sensor) }
    }

    public func sensors(_ query: SensingQuery) async throws -> SensingPage<SensorModel> {
        try await read { db in
            let (rows, total) = try Self.page(db, table: "sensing_sensor", columns: SensingSQL.sensorColumns, query: query, scopeDevice: nil)
            return SensingPage(items: rows.map(Self.sensor), total: total)
        }
    }

    static func property(_ r: Row) -> ObservedProperty {
        ObservedProperty(id: ObservedPropertyID(r["id"] as Int64), code: r["code"], name: r["name"], definition: r["definition"], description: r["description"])
    }

    public func createObservedProperty(_ property: ObservedProperty) async throws -> ObservedProperty {
        try await writer.write { db in
            if let row = try Row.fetchOne(db, sql: "SELECT * FROM sensing_property WHERE code = ?", arguments: [property.code]) { return Self.property(row) }
            try db.execute(sql: "INSERT INTO sensing_property (code, name, definition, description) VALUES (?, ?, ?, ?)",
                           arguments: [property.code, property.name, property.definition, property.description])
            var made = property
            made.id = ObservedPropertyID(db.lastInsertedRowID)
            return made
        }
    }

    public func observedProperty(_ id: ObservedPropertyID) async throws -> ObservedProperty? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM sensing_property WHERE id = ?", arguments: [id.rawValue]).map(Self.property) }
    }

    public func observedProperties(_ query: SensingQuery) async throws -> SensingPage<ObservedProperty> {
        try await read { db in
            let (rows, total) = try Self.page(db, table: "sensing_property", columns: SensingSQL.propertyColumns, query: query, scopeDevice: nil)
            return SensingPage(items: rows.map(Self.property), total: total)
        }
    }

    public func createDatastream(_ stream: Datastream) async throws -> Datastream {
        try await writer.write { db in
            try db.execute(sql: """
                INSERT INTO sensing_datastream (device_id, name, description, sensor_id, property_id, property, unit_name, unit_symbol, unit_definition, kind, node_path)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [stream.deviceID.rawValue, stream.name, stream.description, stream.sensorID.rawValue, stream.propertyID.rawValue,
                                 stream.property, stream.unitName, stream.unitSymbol, stream.unitDefinition, stream.kind.rawValue, stream.nodePath])
            var made = stream
            made.id = DatastreamID(db.lastInsertedRowID)
            return made
        }
    }

    public func datastream(_ id: DatastreamID) async throws -> Datastream? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM sensing_datastream WHERE id = ?", arguments: [id.rawValue]).map(Self.datastream) }
    }

    public func datastreams(_ ids: [DatastreamID]) async throws -> [DatastreamID: Datastream] {
        guard !ids.isEmpty else { return [:] }
        return try await read { db in
            var out: [DatastreamID: Datastream] = [:]
            for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
                let rows = try Row.fetchAll(db, sql: "SELECT * FROM sensing_datastream WHERE id IN (\(chunk.map { _ in "?" }.joined(separator: ",")))",
                                            arguments: StatementArguments(chunk.map(\.rawValue)))
                for r in rows { let s = Self.datastream(r); out[s.id] = s }
            }
            return out
        }
    }

    public func datastreams(_ query: SensingQuery) async throws -> SensingPage<Datastream> {
        try await read { db in
            let (rows, total) = try Self.page(db, table: "sensing_datastream", columns: SensingSQL.datastreamColumns, query: query, scopeDevice: "device_id")
            return SensingPage(items: rows.map(Self.datastream), total: total)
        }
    }

    /// One page of an entity set: the filter, the scope (by `node_path`, and by readers through `scopeDevice`, the
    /// column holding the device id), the order, `$top`/`$skip`, and the count of all matches when asked.
    static func page(_ db: Database, table: String, columns: [SensingField: String], query: SensingQuery, scopeDevice: String?) throws -> ([Row], Int?) {
        var arguments: [(any DatabaseValueConvertible)?] = []
        func bind(_ value: SensingSQL.Value) -> String {
            switch value {
            case .integer(let v): arguments.append(v)
            case .real(let v): arguments.append(v)
            case .text(let v): arguments.append(v)
            case .null: arguments.append(nil)
            }
            return "?"
        }
        var conditions: [String] = []
        if let scope = query.scope {
            var any: [String] = scope.paths.map { path in
                let (low, high) = pathRange(path)
                return "(node_path >= \(bind(.text(low))) AND node_path < \(bind(.text(high))))"
            }
            if let device = scopeDevice, !scope.departments.isEmpty {
                any.append("\(device) IN (SELECT device_id FROM sensing_device_reader WHERE department_id IN (\(scope.departments.map { bind(.integer($0.rawValue)) }.joined(separator: ","))))")
            }
            conditions.append(any.isEmpty ? "0" : "(" + any.joined(separator: " OR ") + ")")
        }
        let sql = SensingSQL(columns: columns)
        if let filter = query.filter { conditions.append(sql.condition(filter, bind: bind)) }
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let filterArguments = arguments
        var total: Int?
        if query.count {
            total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)\(whereClause)", arguments: StatementArguments(filterArguments)) ?? 0
        }
        let rows = try Row.fetchAll(db, sql: "SELECT * FROM \(table)\(whereClause) ORDER BY \(sql.order(query.orderBy, idColumn: "id")) LIMIT ? OFFSET ?",
                                    arguments: StatementArguments(filterArguments + [query.top, query.skip]))
        return (rows, total)
    }
}
