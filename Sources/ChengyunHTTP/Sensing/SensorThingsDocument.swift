import ChengyunCore
import ChengyunStore
import Foundation

/// The SensorThings API 1.1 entity sets we serve (MultiDatastreams, HistoricalLocations and tasking are not).
enum SensorThingsSet: String, CaseIterable {
    case things = "Things", locations = "Locations", datastreams = "Datastreams", sensors = "Sensors"
    case observedProperties = "ObservedProperties", observations = "Observations", featuresOfInterest = "FeaturesOfInterest"

    var singular: String {
        switch self {
        case .things: "Thing"
        case .locations: "Location"
        case .datastreams: "Datastream"
        case .sensors: "Sensor"
        case .observedProperties: "ObservedProperty"
        case .observations: "Observation"
        case .featuresOfInterest: "FeatureOfInterest"
        }
    }
}

/// JSON trees written in order (the Open311 documents' writer, reused).
typealias JSONNode = Open311Node

/// 传感器服务文档 — entities in the SensorThings API's JSON forms: `@iot.id`, `@iot.selfLink`, the entity's
/// properties, and a navigation link for each related set. A device is a Thing; its place is its one Location and
/// its FeatureOfInterest (same id); a reading's id is its datastream and time (`'17-1796000000000'`).
struct SensorThingsDocument {
    /// The service root, e.g. `http://127.0.0.1:8080/sta/v1.1`.
    let base: String

    static let geoJSON = "application/geo+json"
    static let measurement = "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement"

    func link(_ set: SensorThingsSet, _ id: Int64) -> String { "\(base)/\(set.rawValue)(\(id))" }
    func link(observation o: Observation) -> String { "\(base)/Observations('\(o.key)')" }

    func nav(_ self: String, _ names: [String]) -> [(String, JSONNode)] {
        names.map { ("\($0)@iot.navigationLink", .string("\(self)/\($0)")) }
    }

    func point(_ p: GeoPoint) -> JSONNode { .object([("type", .string("Point")), ("coordinates", .list("c", [.number(p.lon), .number(p.lat)]))]) }

    func thing(_ d: Device, expanded: [(String, JSONNode)] = []) -> JSONNode {
        let me = link(.things, d.id.rawValue)
        let properties: [(String, JSONNode)] = [
            ("code", .string(d.code)), ("kind", .string(d.kind.rawValue)), ("kindName", .string(d.kind.chineseName)),
            ("nodeId", .number(Double(d.nodeID.rawValue))), ("placement", .string(d.placement.rawValue)), ("placeRef", .text(d.placeRef)),
            ("owner", .string(d.owner)), ("operator", .string(d.operator)), ("maintainer", .string(d.maintainer)),
            ("household", .bool(d.kind.household)), ("readers", .list("r", d.readers.map { .number(Double($0.rawValue)) })),
        ]
        return .object([("@iot.id", .number(Double(d.id.rawValue))), ("@iot.selfLink", .string(me)), ("name", .string(d.name)),
                        ("description", .string(d.description)), ("properties", .object(properties))]
                       + nav(me, ["Locations", "HistoricalLocations", "Datastreams"]) + expanded)
    }

    func location(_ d: Device, expanded: [(String, JSONNode)] = []) -> JSONNode {
        let me = link(.locations, d.id.rawValue)
        return .object([("@iot.id", .number(Double(d.id.rawValue))), ("@iot.selfLink", .string(me)), ("name", .string(d.name)),
                        ("description", .string(d.description.isEmpty ? d.name : d.description)), ("encodingType", .string(Self.geoJSON)),
                        ("location", d.location.map(point) ?? .null)] + nav(me, ["Things", "HistoricalLocations"]) + expanded)
    }

    func featureOfInterest(_ d: Device, expanded: [(String, JSONNode)] = []) -> JSONNode {
        let me = link(.featuresOfInterest, d.id.rawValue)
        return .object([("@iot.id", .number(Double(d.id.rawValue))), ("@iot.selfLink", .string(me)), ("name", .string(d.name)),
                        ("description", .string(d.description.isEmpty ? d.name : d.description)), ("encodingType", .string(Self.geoJSON)),
                        ("feature", d.location.map(point) ?? .null)] + nav(me, ["Observations"]) + expanded)
    }

    func datastream(_ s: Datastream, expanded: [(String, JSONNode)] = []) -> JSONNode {
        let me = link(.datastreams, s.id.rawValue)
        let unit: JSONNode = .object([("name", .string(s.unitName)), ("symbol", .string(s.unitSymbol)), ("definition", .string(s.unitDefinition))])
        return .object([("@iot.id", .number(Double(s.id.rawValue))), ("@iot.selfLink", .string(me)), ("name", .string(s.name)),
                        ("description", .string(s.description)), ("observationType", .string(Self.measurement)), ("unitOfMeasurement", unit),
                        ("properties", .object([("kind", .string(s.kind.rawValue)), ("property", .string(s.property))]))]
                       + nav(me, ["Thing", "Sensor", "ObservedProperty", "Observations"]) + expanded)
    }

    func sensor(_ s: SensorModel, expanded: [(String, JSONNode)] = []) -> JSONNode {
        let me = link(.sensors, s.id.rawValue)
        return .object([("@iot.id", .number(Double(s.id.rawValue))), ("@iot.selfLink", .string(me)), ("name", .string(s.name)),
                        ("description", .string(s.description)), ("encodingType", .string(s.encodingType)), ("metadata", .string(s.metadata))]
                       + nav(me, ["Datastreams"]) + expanded)
    }

    func observedProperty(_ p: ObservedProperty, expanded: [(String, JSONNode)] = []) -> JSONNode {
        let me = link(.observedProperties, p.id.rawValue)
        return .object([("@iot.id", .number(Double(p.id.rawValue))), ("@iot.selfLink", .string(me)), ("name", .string(p.name)),
                        ("definition", .string(p.definition)), ("description", .string(p.description))] + nav(me, ["Datastreams"]) + expanded)
    }

    func observation(_ o: Observation) -> JSONNode {
        let me = link(observation: o)
        let time = SensorThingsTime.format(o.time)
        return .object([("@iot.id", .string(o.key)), ("@iot.selfLink", .string(me)), ("phenomenonTime", .string(time)), ("resultTime", .string(time)),
                        ("result", .number(o.result))] + nav(me, ["Datastream", "FeatureOfInterest"]))
    }

    /// A collection: the count when asked, the next page's link when there may be one, the entities.
    func collection(_ items: [JSONNode], total: Int?, query: SensingQuery, path: String, parameters: [String: String]) -> JSONNode {
        var fields: [(String, JSONNode)] = []
        if let total { fields.append(("@iot.count", .number(Double(total)))) }
        if items.count == query.top, query.top > 0 {
            var next = parameters
            next["$skip"] = String(query.skip + query.top)
            next["$top"] = String(query.top)
            var components = URLComponents()
            components.queryItems = next.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
            fields.append(("@iot.nextLink", .string("\(base)/\(path)?\(components.percentEncodedQuery ?? "")")))
        }
        fields.append(("value", .list("v", items)))
        return .object(fields)
    }

    /// The service root: the entity sets and what the server conforms to.
    func root() -> JSONNode {
        .object([
            ("value", .list("v", SensorThingsSet.allCases.map { .object([("name", .string($0.rawValue)), ("url", .string("\(base)/\($0.rawValue)"))]) })),
            ("serverSettings", .object([("conformance", .list("c", [
                "http://www.opengis.net/spec/iot_sensing/1.1/req/datamodel",
                "http://www.opengis.net/spec/iot_sensing/1.1/req/resource-path/resource-path-to-entities",
                "http://www.opengis.net/spec/iot_sensing/1.1/req/request-data",
                "http://www.opengis.net/spec/iot_sensing/1.1/req/create-update-delete/create-entity",
                "http://www.opengis.net/spec/iot_sensing/1.1/req/data-array/data-array",
            ].map { .string($0) }))])),
        ])
    }
}

/// 400/404 of the SensorThings service.
enum SensorThingsError {
    static func query(_ option: String, _ expected: String) -> DomainError {
        .invalid("sta.invalid_query", "\(option): \(expected).", field: option)
    }
    static func path(_ path: String) -> DomainError {
        .notFound("sta.not_found", "There is no SensorThings resource /\(path); the entity sets are \(SensorThingsSet.allCases.map(\.rawValue).joined(separator: ", ")).")
    }
    static let method = DomainError(.invalid, "sta.unsupported", "This SensorThings resource cannot be changed that way here.")
}
