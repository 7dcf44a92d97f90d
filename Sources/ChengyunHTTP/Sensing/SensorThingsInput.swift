import ChengyunCore
import ChengyunStore
import Foundation

/// A SensorThings request body read as plain JSON (the standard's entities nest references and inline entities
/// freely), with errors that name the member.
struct STAObject {
    let values: [String: Any]
    let path: String

    init(_ value: Any?, path: String) throws(DomainError) {
        guard let values = value as? [String: Any] else { throw SensingError.invalid(path.isEmpty ? "body" : path, "a JSON object") }
        self.values = values
        self.path = path
    }

    static func body(_ data: Data) throws(DomainError) -> Any {
        do { return try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) } catch {
            throw DomainError.invalid("request.invalid_json", "The body is not JSON.")
        }
    }

    private init(values: [String: Any], path: String) {
        self.values = values
        self.path = path
    }

    /// An object with no members (an optional member left out).
    static func empty(_ path: String) -> STAObject { STAObject(values: [:], path: path) }

    func name(_ key: String) -> String { path.isEmpty ? key : "\(path)/\(key)" }

    func string(_ key: String) throws(DomainError) -> String? {
        guard let v = values[key], !(v is NSNull) else { return nil }
        guard let s = v as? String else { throw SensingError.invalid(name(key), "a string") }
        return s
    }

    func required(_ key: String) throws(DomainError) -> String {
        guard let s = try string(key), !s.trimmingCharacters(in: .whitespaces).isEmpty else { throw SensingError.missing(name(key)) }
        return s
    }

    func number(_ key: String) throws(DomainError) -> Double? {
        guard let v = values[key], !(v is NSNull) else { return nil }
        guard let n = v as? NSNumber, n.doubleValue.isFinite else { throw SensingError.invalid(name(key), "a number") }
        return n.doubleValue
    }

    func object(_ key: String) throws(DomainError) -> STAObject? {
        guard let v = values[key], !(v is NSNull) else { return nil }
        return try STAObject(v, path: name(key))
    }

    func list(_ key: String) throws(DomainError) -> [Any]? {
        guard let v = values[key], !(v is NSNull) else { return nil }
        guard let l = v as? [Any] else { throw SensingError.invalid(name(key), "a list") }
        return l
    }

    /// `@iot.id` as a whole number, when the object is a reference.
    func id() throws(DomainError) -> Int64? {
        guard let v = values["@iot.id"] ?? values["id"], !(v is NSNull) else { return nil }
        if let n = v as? NSNumber, let i = Int64(exactly: n.doubleValue) { return i }
        if let s = v as? String, let i = Int64(s) { return i }
        throw SensingError.invalid(name("@iot.id"), "a whole number")
    }

    /// A GeoJSON Point (`{"type":"Point","coordinates":[lon,lat]}`), or a Feature holding one.
    static func point(_ value: Any?, field: String) throws(DomainError) -> GeoPoint {
        let o = try STAObject(value, path: field)
        if try o.string("type") == "Feature", let geometry = o.values["geometry"] { return try point(geometry, field: field + "/geometry") }
        guard try o.string("type") == "Point", let c = try o.list("coordinates"), c.count >= 2,
              let lon = (c[0] as? NSNumber)?.doubleValue, let lat = (c[1] as? NSNumber)?.doubleValue,
              (-180...180).contains(lon), (-90...90).contains(lat) else {
            throw SensingError.invalid(field, "a GeoJSON Point with [longitude, latitude]")
        }
        return GeoPoint(lon: lon, lat: lat)
    }

    /// A reading's time: an ISO 8601 instant (or interval, read by its start).
    static func time(_ value: Any?, field: String) -> Result<Int64, DomainError> {
        guard let text = value as? String, let t = SensorThingsTime.parse(text) else { return .failure(SensingError.time) }
        return .success(t)
    }

    static func result(_ value: Any?) -> Result<Double, DomainError> {
        if let n = value as? NSNumber, n.doubleValue.isFinite { return .success(n.doubleValue) }
        return .failure(SensingError.result)
    }
}

extension STAObject {
    /// A Thing to register: name, description, the properties we keep (code, kind, owner, operator, maintainer,
    /// nodeId, placement, placeRef, readers) and its first Location's point.
    func device() throws(DomainError) -> (DeviceDraft, NodeID?) {
        let name = try required("name")
        let properties = try object("properties") ?? STAObject.empty("properties")
        let kindText = try properties.required("kind")
        guard let kind = DeviceKind(rawValue: kindText) else { throw SensingError.deviceKind(kindText) }
        var location: GeoPoint?
        if let locations = try list("Locations"), let first = locations.first {
            let l = try STAObject(first, path: "Locations/0")
            location = try Self.point(l.values["location"], field: "Locations/0/location")
        }
        let placementText = try properties.string("placement") ?? "point"
        guard let placement = Device.Placement(rawValue: placementText) else {
            throw SensingError.invalid("properties/placement", "one of \(Device.Placement.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var readers: [DepartmentID] = []
        for (i, r) in (try properties.list("readers") ?? []).enumerated() {
            guard let n = r as? NSNumber, let id = Int64(exactly: n.doubleValue) else { throw SensingError.invalid("properties/readers/\(i)", "a department id") }
            readers.append(DepartmentID(id))
        }
        let node = try properties.number("nodeId").map { NodeID(Int64($0)) }
        let draft = DeviceDraft(code: try properties.required("code"), name: name, description: try string("description") ?? "", kind: kind, location: location,
                                placement: placement, placeRef: try properties.string("placeRef"), owner: try properties.required("owner"),
                                operator: try properties.string("operator") ?? "", maintainer: try properties.string("maintainer") ?? "", readers: readers)
        return (draft, node)
    }

    /// One reading (`{"phenomenonTime": …, "result": …, "Datastream": {"@iot.id": …}}`), the datastream given by the path if not in the body.
    func observation(datastream given: DatastreamID?) -> Result<Observation, DomainError> {
        let stream: DatastreamID
        if let given {
            stream = given
        } else {
            guard let ref = try? object("Datastream"), let id = try? ref.id() else { return .failure(SensingError.missing("Datastream")) }
            stream = DatastreamID(id)
        }
        return Self.time(values["phenomenonTime"], field: "phenomenonTime").flatMap { time in
            Self.result(values["result"]).map { Observation(datastreamID: stream, time: time, result: $0) }
        }
    }
}

/// The dataArray form of CreateObservations: per datastream, the components and rows of values.
enum DataArray {
    /// Every row of every datastream's block, in order, each read or refused on its own.
    static func readings(_ body: Any) throws(DomainError) -> [Result<Observation, DomainError>] {
        guard let blocks = body as? [Any] else { throw SensingError.invalid("body", "a list of dataArray blocks") }
        var out: [Result<Observation, DomainError>] = []
        for (b, block) in blocks.enumerated() {
            let o = try STAObject(block, path: "\(b)")
            guard let ref = try o.object("Datastream"), let id = try ref.id() else { throw SensingError.missing("\(b)/Datastream") }
            let rawComponents = try o.list("components")
            guard let components = rawComponents as? [String] else { throw SensingError.missing("\(b)/components") }
            guard let time = components.firstIndex(of: "phenomenonTime"), let result = components.firstIndex(of: "result") else {
                throw SensingError.invalid("\(b)/components", "must name phenomenonTime and result")
            }
            for row in try o.list("dataArray") ?? [] {
                guard let values = row as? [Any], values.count == components.count else {
                    out.append(.failure(SensingError.invalid("\(b)/dataArray", "each row has one value per component")))
                    continue
                }
                out.append(STAObject.time(values[time], field: "phenomenonTime").flatMap { t in
                    STAObject.result(values[result]).map { Observation(datastreamID: DatastreamID(id), time: t, result: $0) }
                })
            }
        }
        return out
    }
}
