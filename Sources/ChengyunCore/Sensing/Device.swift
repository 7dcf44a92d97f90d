/// 感知设备 / 神经元 — a device (a SensorThings Thing) placed in the tree, with its owner, operator and maintainer and
/// the departments besides its owner that may read its data.
public struct Device: Sendable, Hashable, Codable, Identifiable {
    public var id: DeviceID
    /// The owner's own identifier of the device (a gateway's device id); unique.
    public var code: String
    public var name: String
    public var description: String
    public var kind: DeviceKind
    /// The node it belongs to (the grid its point lies in, or the node it was filed under) and that node's path.
    public var nodeID: NodeID
    public var nodePath: String
    public var location: GeoPoint?
    public var placement: Placement
    /// The building or house it is fitted in (its base-data code), when placed there.
    public var placeRef: String?
    /// 所有者 / 运营者 / 维护者 — e.g. a property company's gate camera, a water company's level gauge.
    public var owner: String
    public var `operator`: String
    public var maintainer: String
    /// 共享 — departments besides the owner that may read this device's data (the sharing terms of its data).
    public var readers: [DepartmentID]

    public init(id: DeviceID, code: String, name: String, description: String = "", kind: DeviceKind, nodeID: NodeID, nodePath: String,
                location: GeoPoint?, placement: Placement = .point, placeRef: String? = nil, owner: String, operator: String = "",
                maintainer: String = "", readers: [DepartmentID] = []) {
        self.id = id
        self.code = code
        self.name = name
        self.description = description
        self.kind = kind
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.location = location
        self.placement = placement
        self.placeRef = placeRef
        self.owner = owner
        self.operator = `operator`
        self.maintainer = maintainer
        self.readers = readers
    }

    /// 放置 — where a device is placed: at a point, over a grid, in a building or in a house.
    public enum Placement: String, Sendable, Hashable, Codable, CaseIterable {
        case point, grid, building, house
    }
}

public typealias DeviceID = Identifier<Device>
public typealias DatastreamID = Identifier<Datastream>
public typealias SensorID = Identifier<SensorModel>
public typealias ObservedPropertyID = Identifier<ObservedProperty>

/// 设备类型 — the kinds of device the papers name (seed 001 lifelines, seed 002 door guards).
public enum DeviceKind: String, Sendable, Hashable, Codable, CaseIterable {
    case waterLevel, rainfall, tide, wind
    case gasMains, gasHome
    case manholeCover, bridgeStrain, smoke, elevator, power
    case fallingObject, utilityTunnel, undergroundSpace, telecom
    /// 电子守门员 — the door sensor at a home-isolation flat.
    case doorGuard

    public var chineseName: String {
        switch self {
        case .waterLevel: "水位计"
        case .rainfall: "雨量计"
        case .tide: "潮位站"
        case .wind: "风速风向仪"
        case .gasMains: "燃气管网监测"
        case .gasHome: "户内燃气报警器"
        case .manholeCover: "井盖倾斜位移传感器"
        case .bridgeStrain: "桥梁应变计"
        case .smoke: "烟感"
        case .elevator: "电梯故障监测"
        case .power: "电力监测"
        case .fallingObject: "高空坠物监测"
        case .utilityTunnel: "综合管廊监测"
        case .undergroundSpace: "地下空间监测"
        case .telecom: "通信监测"
        case .doorGuard: "电子守门员"
        }
    }

    /// A device in a home (an in-home gas detector, a door guard): its alarms go to the committee and its
    /// building-group leader, not to the city's queue.
    public var household: Bool { self == .gasHome || self == .doorGuard }

    /// What the kind measures, as its SensorThings ObservedProperty and unit of measurement.
    public var measure: Measure {
        switch self {
        case .waterLevel: Measure(property: "waterLevel", name: "水位", unitName: "metre", unitSymbol: "m")
        case .rainfall: Measure(property: "rainfall", name: "雨量", unitName: "millimetre per hour", unitSymbol: "mm/h")
        case .tide: Measure(property: "tideLevel", name: "潮位", unitName: "metre", unitSymbol: "m")
        case .wind: Measure(property: "windSpeed", name: "风速", unitName: "metre per second", unitSymbol: "m/s")
        case .gasMains, .gasHome: Measure(property: "gasConcentration", name: "燃气浓度", unitName: "percent of lower explosive limit", unitSymbol: "%LEL")
        case .manholeCover: Measure(property: "coverTilt", name: "井盖倾角", unitName: "degree", unitSymbol: "°")
        case .bridgeStrain: Measure(property: "strain", name: "应变", unitName: "microstrain", unitSymbol: "με")
        case .smoke: Measure(property: "smokeDensity", name: "烟雾浓度", unitName: "decibel per metre", unitSymbol: "dB/m")
        case .elevator: Measure(property: "elevatorFault", name: "电梯故障", unitName: "fault code", unitSymbol: "")
        case .power: Measure(property: "voltage", name: "电压", unitName: "volt", unitSymbol: "V")
        case .fallingObject: Measure(property: "fallingObjects", name: "坠物事件", unitName: "count", unitSymbol: "")
        case .utilityTunnel: Measure(property: "tunnelGas", name: "管廊气体浓度", unitName: "parts per million", unitSymbol: "ppm")
        case .undergroundSpace: Measure(property: "seepage", name: "渗水水位", unitName: "centimetre", unitSymbol: "cm")
        case .telecom: Measure(property: "linkLoss", name: "通信中断", unitName: "percent", unitSymbol: "%")
        case .doorGuard: Measure(property: "doorOpen", name: "开门", unitName: "open (1) or shut (0)", unitSymbol: "")
        }
    }

    /// An observed property and its unit.
    public struct Measure: Sendable, Hashable {
        public var property: String
        public var name: String
        public var unitName: String
        public var unitSymbol: String
        /// The property's definition, a URI in our own namespace.
        public var definition: String { "https://chengyun.city/def/property/\(property)" }
    }
}

/// 数据流 — one measured quantity of a device over time (a SensorThings Datastream).
public struct Datastream: Sendable, Hashable, Codable, Identifiable {
    public var id: DatastreamID
    public var deviceID: DeviceID
    public var name: String
    public var description: String
    public var sensorID: SensorID
    public var propertyID: ObservedPropertyID
    /// The observed property's code (e.g. `waterLevel`), kept here so rules by kind and property need no join.
    public var property: String
    public var unitName: String
    public var unitSymbol: String
    public var unitDefinition: String
    /// The device's kind and path, kept here so ingest, rules and scope need no join.
    public var kind: DeviceKind
    public var nodePath: String

    public init(id: DatastreamID, deviceID: DeviceID, name: String, description: String = "", sensorID: SensorID, propertyID: ObservedPropertyID,
                property: String, unitName: String, unitSymbol: String, unitDefinition: String = "", kind: DeviceKind, nodePath: String) {
        self.id = id
        self.deviceID = deviceID
        self.name = name
        self.description = description
        self.sensorID = sensorID
        self.propertyID = propertyID
        self.property = property
        self.unitName = unitName
        self.unitSymbol = unitSymbol
        self.unitDefinition = unitDefinition
        self.kind = kind
        self.nodePath = nodePath
    }
}

/// 传感器 — a sensor model (a SensorThings Sensor): the instrument, with its metadata document.
public struct SensorModel: Sendable, Hashable, Codable, Identifiable {
    public var id: SensorID
    public var name: String
    public var description: String
    public var encodingType: String
    public var metadata: String
    public init(id: SensorID, name: String, description: String, encodingType: String, metadata: String) {
        self.id = id
        self.name = name
        self.description = description
        self.encodingType = encodingType
        self.metadata = metadata
    }
}

/// 观测属性 — what is observed (a SensorThings ObservedProperty).
public struct ObservedProperty: Sendable, Hashable, Codable, Identifiable {
    public var id: ObservedPropertyID
    /// Our short code (e.g. `waterLevel`); the SensorThings `name` is the Chinese name.
    public var code: String
    public var name: String
    public var definition: String
    public var description: String
    public init(id: ObservedPropertyID, code: String, name: String, definition: String, description: String) {
        self.id = id
        self.code = code
        self.name = name
        self.definition = definition
        self.description = description
    }
}

/// 观测 — one reading of a datastream. Its time is in milliseconds since 1970 (UTC); a datastream has at most one
/// reading at a time, so sending a reading again stores it once.
public struct Observation: Sendable, Hashable, Codable {
    public var datastreamID: DatastreamID
    public var time: Int64
    public var result: Double

    public init(datastreamID: DatastreamID, time: Int64, result: Double) {
        self.datastreamID = datastreamID
        self.time = time
        self.result = result
    }

    /// The SensorThings id of a reading: its datastream and time (`17-1796000000000`).
    public var key: String { "\(datastreamID.rawValue)-\(time)" }

    /// The reading a key names, if it is one.
    public static func parseKey(_ key: String) -> (DatastreamID, Int64)? {
        let parts = key.split(separator: "-")
        guard parts.count == 2, let d = Int64(parts[0]), let t = Int64(parts[1]) else { return nil }
        return (DatastreamID(d), t)
    }
}

/// A minute's or an hour's readings of one datastream, rolled up.
public struct ObservationRollup: Sendable, Hashable, Codable {
    public var datastreamID: DatastreamID
    /// The period's start, in milliseconds since 1970.
    public var start: Int64
    public var count: Int
    public var sum: Double
    public var min: Double
    public var max: Double
    public var mean: Double { count == 0 ? 0 : sum / Double(count) }

    public init(datastreamID: DatastreamID, start: Int64, count: Int, sum: Double, min: Double, max: Double) {
        self.datastreamID = datastreamID
        self.start = start
        self.count = count
        self.sum = sum
        self.min = min
        self.max = max
    }

    /// The rollups of `readings` per period of `periodMillis`, in datastream and period order.
    public static func of(_ readings: [Observation], periodMillis: Int64) -> [ObservationRollup] {
        var table: [Key: ObservationRollup] = [:]
        for o in readings {
            let start = o.time - ((o.time % periodMillis) + periodMillis) % periodMillis
            let key = Key(datastream: o.datastreamID.rawValue, start: start)
            if var r = table[key] {
                r.count += 1
                r.sum += o.result
                r.min = Swift.min(r.min, o.result)
                r.max = Swift.max(r.max, o.result)
                table[key] = r
            } else {
                table[key] = ObservationRollup(datastreamID: o.datastreamID, start: start, count: 1, sum: o.result, min: o.result, max: o.result)
            }
        }
        return table.values.sorted { ($0.datastreamID, $0.start) < ($1.datastreamID, $1.start) }
    }

    private struct Key: Hashable { var datastream: Int64; var start: Int64 }
}
