import ChengyunCore
import ChengyunServices
import ChengyunStore
import Foundation

/// Answers one SensorThings request: the resource path (`Things(1)/Datastreams`), read with the query options, or
/// an entity created from the body.
struct SensorThingsHandler {
    let sensing: SensingUseCases
    let identity: Identity
    let document: SensorThingsDocument
    let parameters: [String: String]

    /// A path segment: an entity set or navigation name and, maybe, a key.
    struct Segment {
        var name: String
        var key: String?

        init(_ text: Substring) throws(DomainError) {
            if let open = text.firstIndex(of: "("), text.hasSuffix(")") {
                name = String(text[..<open])
                var k = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
                if k.hasPrefix("'"), k.hasSuffix("'"), k.count >= 2 { k = String(k.dropFirst().dropLast()) }
                key = k
            } else {
                name = String(text)
            }
        }

        func id(_ path: String) throws(DomainError) -> Int64 {
            guard let key, let id = Int64(key) else { throw SensorThingsError.path(path) }
            return id
        }
    }

    func segments(_ path: String) throws(DomainError) -> [Segment] {
        let parts = path.split(separator: "/")
        guard (1...2).contains(parts.count) else { throw SensorThingsError.path(path) }
        return try parts.map { (p: Substring) throws(DomainError) in try Segment(p) }
    }

    // MARK: GET

    func get(_ path: String) async throws -> JSONNode {
        let segs = try segments(path)
        guard let set = SensorThingsSet(rawValue: segs[0].name) else { throw SensorThingsError.path(path) }
        if segs.count == 1, segs[0].key == nil { return try await list(set, path: path, within: nil) }
        let first = segs[0]
        if segs.count == 1 { return try await entity(set, key: first.key!, path: path, expand: try SensorThingsQuery(parameters, set: set).expand) }
        let nav = segs[1].name
        switch (set, nav) {
        case (.things, "Datastreams"):
            let id = try first.id(path)
            _ = try await sensing.device(DeviceID(id), by: identity)
            return try await list(.datastreams, path: path, within: .compare(.deviceID, .eq, .number(Double(id))))
        case (.things, "Locations"), (.things, "FeaturesOfInterest"):
            let device = try await sensing.device(DeviceID(try first.id(path)), by: identity)
            return document.collection(device.location == nil ? [] : [document.location(device)], total: nil, query: SensingQuery(), path: path, parameters: [:])
        case (.locations, "Things"):
            let device = try await sensing.device(DeviceID(try first.id(path)), by: identity)
            return document.collection([document.thing(device)], total: nil, query: SensingQuery(), path: path, parameters: [:])
        case (.datastreams, "Observations"):
            return try await observations(DatastreamID(try first.id(path)), path: path)
        case (.datastreams, "Thing"):
            let stream = try await sensing.datastream(DatastreamID(try first.id(path)), by: identity)
            return document.thing(try await sensing.device(stream.deviceID, by: identity))
        case (.datastreams, "Sensor"):
            let stream = try await sensing.datastream(DatastreamID(try first.id(path)), by: identity)
            return document.sensor(try await sensing.sensor(stream.sensorID))
        case (.datastreams, "ObservedProperty"):
            let stream = try await sensing.datastream(DatastreamID(try first.id(path)), by: identity)
            return document.observedProperty(try await sensing.observedProperty(stream.propertyID))
        case (.sensors, "Datastreams"):
            return try await list(.datastreams, path: path, within: .compare(.sensorID, .eq, .number(Double(try first.id(path)))))
        case (.observedProperties, "Datastreams"):
            return try await list(.datastreams, path: path, within: .compare(.propertyID, .eq, .number(Double(try first.id(path)))))
        case (.observations, "Datastream"):
            let o = try await sensing.observation(first.key ?? "", by: identity)
            return document.datastream(try await sensing.datastream(o.datastreamID, by: identity))
        case (.observations, "FeatureOfInterest"):
            let o = try await sensing.observation(first.key ?? "", by: identity)
            let stream = try await sensing.datastream(o.datastreamID, by: identity)
            return document.featureOfInterest(try await sensing.device(stream.deviceID, by: identity))
        default:
            throw SensorThingsError.path(path)
        }
    }

    func entity(_ set: SensorThingsSet, key: String, path: String, expand: [SensorThingsQuery.Expansion]) async throws -> JSONNode {
        if set == .observations { return document.observation(try await sensing.observation(key, by: identity)) }
        guard let id = Int64(key) else { throw SensorThingsError.path(path) }
        switch set {
        case .things:
            let d = try await sensing.device(DeviceID(id), by: identity)
            return document.thing(d, expanded: try await expanded(thing: d, expand))
        case .locations: return document.location(try await sensing.device(DeviceID(id), by: identity))
        case .featuresOfInterest: return document.featureOfInterest(try await sensing.device(DeviceID(id), by: identity))
        case .datastreams:
            let s = try await sensing.datastream(DatastreamID(id), by: identity)
            return document.datastream(s, expanded: try await expanded(datastream: s, expand))
        case .sensors: return document.sensor(try await sensing.sensor(SensorID(id)))
        case .observedProperties: return document.observedProperty(try await sensing.observedProperty(ObservedPropertyID(id)))
        case .observations: throw SensorThingsError.path(path)
        }
    }

    func list(_ set: SensorThingsSet, path: String, within: SensingFilter?) async throws -> JSONNode {
        let options = try SensorThingsQuery(parameters, set: set)
        var query = options.query
        if let within { query.filter = query.filter.map { .and(within, $0) } ?? within }
        switch set {
        case .things, .locations, .featuresOfInterest:
            let page = try await sensing.devices(query, by: identity)
            var items: [JSONNode] = []
            for d in page.items {
                switch set {
                case .things: items.append(document.thing(d, expanded: try await expanded(thing: d, options.expand)))
                case .locations: items.append(document.location(d))
                default: items.append(document.featureOfInterest(d))
                }
            }
            return document.collection(items, total: page.total, query: query, path: path, parameters: parameters)
        case .datastreams:
            let page = try await sensing.datastreams(query, by: identity)
            var items: [JSONNode] = []
            for s in page.items { items.append(document.datastream(s, expanded: try await expanded(datastream: s, options.expand))) }
            return document.collection(items, total: page.total, query: query, path: path, parameters: parameters)
        case .sensors:
            let page = try await sensing.sensors(query)
            return document.collection(page.items.map { document.sensor($0) }, total: page.total, query: query, path: path, parameters: parameters)
        case .observedProperties:
            let page = try await sensing.observedProperties(query)
            return document.collection(page.items.map { document.observedProperty($0) }, total: page.total, query: query, path: path, parameters: parameters)
        case .observations:
            throw SensingError.invalid("path", "read readings under their datastream: Datastreams(id)/Observations")
        }
    }

    func observations(_ stream: DatastreamID, path: String) async throws -> JSONNode {
        let options = try SensorThingsQuery(parameters, set: .observations)
        let readings = try await sensing.observations(of: stream, from: options.from, to: options.to, ascending: options.ascending,
                                                      limit: options.query.top, offset: options.query.skip, by: identity)
        return document.collection(readings.map { document.observation($0) }, total: nil, query: options.query, path: path, parameters: parameters)
    }

    func expanded(thing d: Device, _ expand: [SensorThingsQuery.Expansion]) async throws -> [(String, JSONNode)] {
        var out: [(String, JSONNode)] = []
        for e in expand {
            switch e.name {
            case "Datastreams":
                let page = try await sensing.datastreams(SensingQuery(filter: .compare(.deviceID, .eq, .number(Double(d.id.rawValue))), top: e.top ?? 100), by: identity)
                out.append(("Datastreams", .list("d", page.items.map { document.datastream($0) })))
            case "Locations": out.append(("Locations", .list("l", d.location == nil ? [] : [document.location(d)])))
            default: throw SensorThingsError.query("$expand", "Things expand Datastreams or Locations")
            }
        }
        return out
    }

    func expanded(datastream s: Datastream, _ expand: [SensorThingsQuery.Expansion]) async throws -> [(String, JSONNode)] {
        var out: [(String, JSONNode)] = []
        for e in expand {
            switch e.name {
            case "Thing": out.append(("Thing", document.thing(try await sensing.device(s.deviceID, by: identity))))
            case "Sensor": out.append(("Sensor", document.sensor(try await sensing.sensor(s.sensorID))))
            case "ObservedProperty": out.append(("ObservedProperty", document.observedProperty(try await sensing.observedProperty(s.propertyID))))
            case "Observations":
                let readings = try await sensing.observations(of: s.id, limit: e.top ?? 100, offset: 0, by: identity)
                out.append(("Observations", .list("o", readings.map { document.observation($0) })))
            default: throw SensorThingsError.query("$expand", "Datastreams expand Thing, Sensor, ObservedProperty or Observations")
            }
        }
        return out
    }

    // MARK: POST

    /// Creates the entity the path names from the body; returns it and its self link (the Location header).
    func post(_ path: String, body: Any) async throws -> (JSONNode, String) {
        let segs = try segments(path)
        let o = try STAObject(body, path: "")
        switch (segs[0].name, segs[0].key, segs.count > 1 ? segs[1].name : nil) {
        case ("Things", nil, nil):
            let (draft, node) = try o.device()
            let d = try await sensing.registerDevice(draft, nodeID: node, by: identity)
            for (i, raw) in (try o.list("Datastreams") ?? []).enumerated() {
                _ = try await datastream(try STAObject(raw, path: "Datastreams/\(i)"), device: d.id)
            }
            return (document.thing(d), document.link(.things, d.id.rawValue))
        case ("Datastreams", nil, nil):
            guard let ref = try o.object("Thing"), let id = try ref.id() else { throw SensingError.missing("Thing") }
            let s = try await datastream(o, device: DeviceID(id))
            return (document.datastream(s), document.link(.datastreams, s.id.rawValue))
        case ("Things", .some, "Datastreams"):
            let s = try await datastream(o, device: DeviceID(try segs[0].id(path)))
            return (document.datastream(s), document.link(.datastreams, s.id.rawValue))
        case ("Sensors", nil, nil):
            let s = try await sensor(o)
            return (document.sensor(s), document.link(.sensors, s.id.rawValue))
        case ("ObservedProperties", nil, nil):
            let p = try await property(o)
            return (document.observedProperty(p), document.link(.observedProperties, p.id.rawValue))
        case ("Observations", nil, nil), ("Datastreams", .some, "Observations"):
            let given = segs.count > 1 ? DatastreamID(try segs[0].id(path)) : nil
            let outcome = try await sensing.ingest([o.observation(datastream: given)], by: identity)
            let reading = try outcome[0].get()
            return (document.observation(reading), document.link(observation: reading))
        default:
            throw SensorThingsError.method
        }
    }

    func datastream(_ o: STAObject, device: DeviceID) async throws -> Datastream {
        let unit = try o.object("unitOfMeasurement") ?? STAObject.empty("unitOfMeasurement")
        guard let sensorObject = try o.object("Sensor") else { throw SensingError.missing("Sensor") }
        guard let propertyObject = try o.object("ObservedProperty") else { throw SensingError.missing("ObservedProperty") }
        var sensorID = SensorID(0), propertyID = ObservedPropertyID(0)
        if let id = try sensorObject.id() { sensorID = SensorID(id) } else { sensorID = try await sensor(sensorObject).id }
        if let id = try propertyObject.id() { propertyID = ObservedPropertyID(id) } else { propertyID = try await property(propertyObject).id }
        return try await sensing.registerDatastream(device: device, name: try o.required("name"), description: try o.string("description") ?? "",
                                                    sensorID: sensorID, propertyID: propertyID, unitName: try unit.string("name") ?? "",
                                                    unitSymbol: try unit.string("symbol") ?? "", unitDefinition: try unit.string("definition") ?? "",
                                                    by: identity)
    }

    func sensor(_ o: STAObject) async throws -> SensorModel {
        try await sensing.registerSensor(SensorModel(id: SensorID(0), name: try o.required("name"), description: try o.string("description") ?? "",
                                                     encodingType: try o.string("encodingType") ?? "application/pdf", metadata: try o.string("metadata") ?? ""),
                                         by: identity)
    }

    func property(_ o: STAObject) async throws -> ObservedProperty {
        let definition = try o.required("definition")
        let code = (try o.object("properties")?.string("code")) ?? ""
        return try await sensing.registerObservedProperty(ObservedProperty(id: ObservedPropertyID(0), code: code, name: try o.required("name"), definition: definition,
                                                                           description: try o.string("description") ?? ""), by: identity)
    }

    /// CreateObservations (the dataArray form): each row's self link, or `error: code — message` where it was refused.
    func createObservations(_ body: Any) async throws -> [String] {
        let batch = try DataArray.readings(body)
        let outcome = try await sensing.ingest(batch, by: identity)
        return outcome.map { result in
            switch result {
            case .success(let o): document.link(observation: o)
            case .failure(let e): "error: \(e.code) — \(e.message)"
            }
        }
    }
}
