public import ChengyunCore
public import ChengyunStore
import Foundation

/// 感知 — devices and their datastreams (the SensorThings service), readings in, and the alarms they raise. A caller
/// sees the devices of its subtree and those whose sharing terms name its department; a device is registered by an
/// admin over its place or by a sensor gateway's key within its area.
public struct SensingUseCases: UseCaseGroup {
    let store: any SensingStore & OrganisationStore
    let shared: UseCaseContext
    let engine: AlarmEngine
    let streams: DatastreamCache
    /// Opens the cases of alarms through the `sensor` intake.
    let cases: CaseUseCases
    /// From a reading's arrival to the commit of the case its alarm opened.
    public let alarmCaseLatency = LatencyLog()

    /// The most readings one request may carry.
    public static let maxBatch = 10_000
}

extension SensingUseCases {
    /// Whether the identity may register devices and post readings for the node at `path`.
    static func mayFeed(_ identity: Identity, at path: String) -> Bool {
        if identity.isSystem { return identity != .platform ? identity.systemSources.contains(.sensor) && identity.sees(path: path) : true }
        return identity.has(.admin, at: path)
    }

    func requireFeed(_ identity: Identity, at path: String) throws {
        guard Self.mayFeed(identity, at: path) else {
            throw AccessError.outOfScope([.admin], to: "register devices or post readings here")
        }
    }

    /// The query within the identity's scope: a scope the query asks for (one district's devices) is narrowed to the
    /// part of it the identity sees.
    func scoped(_ query: SensingQuery, _ identity: Identity) -> SensingQuery {
        var q = query
        let own = SensingScope.of(identity)
        if let asked = query.scope {
            q.scope = SensingScope(paths: asked.paths.filter { p in own.paths.contains { p.hasPrefix($0) } },
                                   departments: asked.departments.filter(own.departments.contains))
        } else {
            q.scope = own
        }
        return q
    }

    // MARK: Devices

    /// 设备登记 — a device placed at its point (filed under the grid it lies in) or at a node.
    public func registerDevice(_ draft: DeviceDraft, nodeID: NodeID?, by identity: Identity) async throws -> Device {
        var d = draft
        d.code = draft.code.trimmingCharacters(in: .whitespaces)
        d.name = draft.name.trimmingCharacters(in: .whitespaces)
        d.owner = draft.owner.trimmingCharacters(in: .whitespaces)
        guard !d.code.isEmpty else { throw SensingError.deviceCode }
        guard !d.name.isEmpty else { throw SensingError.deviceName }
        guard !d.owner.isEmpty else { throw SensingError.deviceOwner }
        try InputLimits.check(d.code, field: "properties/code", max: InputLimits.code)
        try InputLimits.check(d.name, field: "name", max: InputLimits.label)
        try InputLimits.check(d.description, field: "description", max: InputLimits.note, multiline: true)
        for (field, value) in [("properties/owner", d.owner), ("properties/operator", d.operator), ("properties/maintainer", d.maintainer)] {
            try InputLimits.check(value, field: field, max: InputLimits.label)
        }
        try InputLimits.check(d.placeRef, field: "properties/placeRef", max: InputLimits.code)
        let node: (NodeID, String)
        if let nodeID {
            let n = try await store.requireNode(nodeID, field: "properties/nodeId")
            node = (n.id, n.path)
        } else if let location = d.location {
            let grid = try data.grid(at: location)
            node = (grid.id, grid.path)
        } else {
            throw SensingError.locationRequired
        }
        try requireFeed(identity, at: node.1)
        return try await store.createDevice(d, nodeID: node.0, nodePath: node.1)
    }

    public func device(_ id: DeviceID, by identity: Identity) async throws -> Device {
        guard let device = try await store.device(id), SensingScope.of(identity).sees(device) else { throw SensingError.deviceNotFound(id.rawValue) }
        return device
    }

    public func devices(_ query: SensingQuery, by identity: Identity) async throws -> SensingPage<Device> {
        let q = scoped(query, identity)
        guard q.scope?.isEmpty == false else { return SensingPage(items: [], total: q.count ? 0 : nil) }
        return try await store.devices(q)
    }

    // MARK: Sensors and observed properties

    public func registerSensor(_ sensor: SensorModel, by identity: Identity) async throws -> SensorModel {
        try requireAnyFeed(identity)
        guard !sensor.name.trimmingCharacters(in: .whitespaces).isEmpty else { throw SensingError.missing("name") }
        try InputLimits.check(sensor.name, field: "name", max: InputLimits.label)
        try InputLimits.check(sensor.description, field: "description", max: InputLimits.note, multiline: true)
        try InputLimits.check(sensor.encodingType, field: "encodingType", max: InputLimits.label)
        try InputLimits.check(sensor.metadata, field: "metadata", max: InputLimits.note, multiline: true)
        return try await store.createSensor(sensor)
    }

    public func sensor(_ id: SensorID) async throws -> SensorModel {
        guard let sensor = try await store.sensor(id) else { throw SensingError.sensorNotFound(id.rawValue) }
        return sensor
    }

    public func sensors(_ query: SensingQuery) async throws -> SensingPage<SensorModel> { try await store.sensors(query) }

    public func registerObservedProperty(_ property: ObservedProperty, by identity: Identity) async throws -> ObservedProperty {
        try requireAnyFeed(identity)
        guard !property.name.trimmingCharacters(in: .whitespaces).isEmpty else { throw SensingError.missing("name") }
        try InputLimits.check(property.name, field: "name", max: InputLimits.label)
        try InputLimits.check(property.definition, field: "definition", max: InputLimits.note)
        try InputLimits.check(property.description, field: "description", max: InputLimits.note, multiline: true)
        var p = property
        if p.code.isEmpty { p.code = DeviceKind.allCases.first { $0.measure.definition == p.definition }?.measure.property ?? p.definition }
        try InputLimits.check(p.code, field: "definition", max: InputLimits.note)
        return try await store.createObservedProperty(p)
    }

    public func observedProperty(_ id: ObservedPropertyID) async throws -> ObservedProperty {
        guard let property = try await store.observedProperty(id) else { throw SensingError.propertyNotFound(id.rawValue) }
        return property
    }

    public func observedProperties(_ query: SensingQuery) async throws -> SensingPage<ObservedProperty> { try await store.observedProperties(query) }

    func requireAnyFeed(_ identity: Identity) throws {
        guard identity.isSystem ? identity.systemSources.contains(.sensor) : identity.roles.contains(.admin) else {
            throw AccessError.roleRequired([.admin], to: "register sensors and observed properties")
        }
    }

    // MARK: Datastreams

    public func registerDatastream(device deviceID: DeviceID, name: String, description: String, sensorID: SensorID, propertyID: ObservedPropertyID,
                                   unitName: String, unitSymbol: String, unitDefinition: String, by identity: Identity) async throws -> Datastream {
        let device = try await self.device(deviceID, by: identity)
        try requireFeed(identity, at: device.nodePath)
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw SensingError.missing("name") }
        try InputLimits.check(trimmed, field: "name", max: InputLimits.label)
        try InputLimits.check(description, field: "description", max: InputLimits.note, multiline: true)
        for (field, value) in [("unitOfMeasurement/name", unitName), ("unitOfMeasurement/symbol", unitSymbol), ("unitOfMeasurement/definition", unitDefinition)] {
            try InputLimits.check(value, field: field, max: InputLimits.label)
        }
        _ = try await sensor(sensorID)
        let property = try await observedProperty(propertyID)
        let stream = Datastream(id: DatastreamID(0), deviceID: device.id, name: trimmed, description: description, sensorID: sensorID, propertyID: propertyID,
                                property: property.code, unitName: unitName, unitSymbol: unitSymbol, unitDefinition: unitDefinition, kind: device.kind,
                                nodePath: device.nodePath)
        let made = try await store.createDatastream(stream)
        streams.put(made)
        return made
    }

    public func datastream(_ id: DatastreamID, by identity: Identity) async throws -> Datastream {
        guard let stream = try await store.datastream(id) else { throw SensingError.datastreamNotFound(id.rawValue) }
        guard SensingScope.of(identity).paths.contains(where: { stream.nodePath.hasPrefix($0) }) else {
            // Shared with the caller's department by the device's terms?
            _ = try await device(stream.deviceID, by: identity)
            return stream
        }
        return stream
    }

    public func datastreams(_ query: SensingQuery, by identity: Identity) async throws -> SensingPage<Datastream> {
        let q = scoped(query, identity)
        guard q.scope?.isEmpty == false else { return SensingPage(items: [], total: q.count ? 0 : nil) }
        return try await store.datastreams(q)
    }

    // MARK: Readings out

    /// One datastream's readings in `[from, to)` (ms), newest first unless `ascending`.
    public func observations(of stream: DatastreamID, from: Int64 = 0, to: Int64 = Int64.max / 2, ascending: Bool = false, limit: Int, offset: Int,
                             by identity: Identity) async throws -> [Observation] {
        _ = try await datastream(stream, by: identity)
        return try await store.observations(of: stream, from: from, to: to, ascending: ascending, limit: limit, offset: offset)
    }

    public func observation(_ key: String, by identity: Identity) async throws -> Observation {
        guard let (stream, time) = Observation.parseKey(key) else { throw SensingError.observationNotFound(key) }
        _ = try await datastream(stream, by: identity)
        guard let o = try await store.observation(of: stream, at: time) else { throw SensingError.observationNotFound(key) }
        return o
    }

    /// A datastream's minute or hour rollups over `[from, to)` (ms), for its chart.
    public func rollups(of stream: DatastreamID, period: RollupPeriod, from: Int64, to: Int64, by identity: Identity) async throws -> [ObservationRollup] {
        _ = try await datastream(stream, by: identity)
        return try await store.rollups(of: stream, period: period, from: from, to: to)
    }

    /// Moves the readings of more than two seconds ago into their day tables and rollups (the background service, every few seconds).
    public func compactReadings() async throws -> Int {
        var moved = 0
        let cutoff = Int64(clock.now().timeIntervalSince1970 * 1000) - 2_000
        while true {
            let n = try await store.compactReadings(before: cutoff)
            moved += n
            if n < 200_000 { return moved }
        }
    }

    /// Drops readings past their retention (whole day tables); run by the background service.
    public func dropOldReadings() async throws -> Int {
        let now = Int64(clock.now().timeIntervalSince1970 * 1000)
        let day = ReadingTables.dayMillis
        return try await store.dropReadings(rawBefore: now - Int64(settings.sensing.rawRetentionDays) * day,
                                            minuteBefore: now - Int64(settings.sensing.minuteRetentionDays) * day)
    }
}
