public import ChengyunCore
public import Foundation

/// A device to register, placed at `nodeID` (the grid its point lies in, or the node it was filed under).
public struct DeviceDraft: Sendable, Hashable {
    public var code: String
    public var name: String
    public var description: String
    public var kind: DeviceKind
    public var location: GeoPoint?
    public var placement: Device.Placement
    public var placeRef: String?
    public var owner: String
    public var `operator`: String
    public var maintainer: String
    public var readers: [DepartmentID]

    public init(code: String, name: String, description: String = "", kind: DeviceKind, location: GeoPoint?, placement: Device.Placement = .point,
                placeRef: String? = nil, owner: String, operator: String = "", maintainer: String = "", readers: [DepartmentID] = []) {
        self.code = code
        self.name = name
        self.description = description
        self.kind = kind
        self.location = location
        self.placement = placement
        self.placeRef = placeRef
        self.owner = owner
        self.operator = `operator`
        self.maintainer = maintainer
        self.readers = readers
    }
}

/// Which rollup of readings.
public enum RollupPeriod: String, Sendable, Hashable, CaseIterable {
    case minute, hour
    public var millis: Int64 { self == .minute ? 60_000 : 3_600_000 }
}

/// 感知 — devices, datastreams, readings (kept by day, rolled up per minute and hour in the commit that stores
/// them), alarm rules and alarms. Readings are keyed by datastream and time: a reading sent again is stored once.
public protocol SensingStore: Sendable {
    // Devices (SensorThings Things and their Locations).
    /// - Throws: `device.duplicate_code` 409.
    func createDevice(_ draft: DeviceDraft, nodeID: NodeID, nodePath: String) async throws -> Device
    func device(_ id: DeviceID) async throws -> Device?
    func devices(_ query: SensingQuery) async throws -> SensingPage<Device>

    // Sensors and observed properties (reference entities, not scoped).
    func createSensor(_ sensor: SensorModel) async throws -> SensorModel
    func sensor(_ id: SensorID) async throws -> SensorModel?
    func sensors(_ query: SensingQuery) async throws -> SensingPage<SensorModel>
    /// Creates the property, or returns the one of the same code.
    func createObservedProperty(_ property: ObservedProperty) async throws -> ObservedProperty
    func observedProperty(_ id: ObservedPropertyID) async throws -> ObservedProperty?
    func observedProperties(_ query: SensingQuery) async throws -> SensingPage<ObservedProperty>

    // Datastreams.
    func createDatastream(_ stream: Datastream) async throws -> Datastream
    func datastream(_ id: DatastreamID) async throws -> Datastream?
    /// The datastreams of these ids that exist, for ingest (its cache's misses).
    func datastreams(_ ids: [DatastreamID]) async throws -> [DatastreamID: Datastream]
    func datastreams(_ query: SensingQuery) async throws -> SensingPage<Datastream>

    // Readings.
    /// Stores readings (durably, at once); returns those that were new (a reading of a datastream at a time already
    /// stored is not stored again). They are readable at once; their rollups count them once `compactReadings` has
    /// run past their time.
    func appendObservations(_ readings: [Observation]) async throws -> [Observation]
    /// Moves the readings stored before `cutoff` (ms) into their day tables and counts them into the rollups, in one
    /// commit (the background service runs it every few seconds); returns how many it moved.
    func compactReadings(before cutoff: Int64) async throws -> Int
    /// One datastream's readings in `[from, to)` (ms), newest first unless `ascending`, paged.
    func observations(of stream: DatastreamID, from: Int64, to: Int64, ascending: Bool, limit: Int, offset: Int) async throws -> [Observation]
    func observation(of stream: DatastreamID, at time: Int64) async throws -> Observation?
    func rollups(of stream: DatastreamID, period: RollupPeriod, from: Int64, to: Int64) async throws -> [ObservationRollup]
    /// Drops the raw readings of the days before `rawBefore`, and the minute rollups of the days before `minuteBefore`
    /// (whole tables: cheap at any size). Returns how many tables it dropped.
    func dropReadings(rawBefore: Int64, minuteBefore: Int64) async throws -> Int

    // Alarm rules.
    func createAlarmRule(_ rule: AlarmRule) async throws -> AlarmRule
    func alarmRule(_ id: AlarmRuleID) async throws -> AlarmRule?
    func alarmRules() async throws -> [AlarmRule]
    func setAlarmRuleActive(_ id: AlarmRuleID, active: Bool) async throws

    // Alarms.
    func createAlarm(_ alarm: Alarm) async throws -> Alarm
    func alarm(_ id: AlarmID) async throws -> Alarm?
    /// Alarms the scope sees — under its paths, or of devices shared with its departments — (on only, or all), newest
    /// first, by keyset after `before`.
    func alarms(in scope: SensingScope, onOnly: Bool, before: AlarmID?, limit: Int) async throws -> [Alarm]
    /// How many alarms the scope sees are on, by level (counted by the database).
    func alarmCounts(in scope: SensingScope) async throws -> [AlarmLevel: Int]
    /// Every alarm on now (raised or acknowledged): few at any time, for the engine and coincidences.
    func alarmsOn() async throws -> [Alarm]
    /// The newest alarm of a rule on a datastream (nil datastream: a coincidence) whose case is still open.
    func alarmWithOpenCase(rule: AlarmRuleID, datastream: DatastreamID?) async throws -> Alarm?
    func acknowledgeAlarm(_ id: AlarmID, by: String, at: Date) async throws -> Alarm
    func clearAlarm(_ id: AlarmID, by: String, at: Date) async throws -> Alarm
    func noteRefire(_ id: AlarmID) async throws
    func linkAlarm(_ id: AlarmID, toCase: CaseID) async throws
    /// 闭环 — a case closed: the alarms it carried have their loop closed. Returns those alarms.
    func closeAlarmLoop(case: CaseID, at: Date) async throws -> [AlarmID]
}
