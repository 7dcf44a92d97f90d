public import Foundation

/// 要素 — one GeoJSON feature: its properties (as strings) and its area.
public struct GeoFeature: Sendable, Hashable {
    /// Numbers and booleans rendered as strings; null and nested values dropped.
    public var properties: [String: String]
    public var area: Area

    public init(properties: [String: String], area: Area) {
        self.properties = properties
        self.area = area
    }
}

/// GeoJSON (RFC 7946) reading and writing of Polygon and MultiPolygon features in WGS-84.
public enum GeoJSON {
    /// Decodes a FeatureCollection and validates every polygon.
    /// - Throws: `GeometryError` naming the feature, e.g. field `features[3].geometry`.
    public static func decodeFeatureCollection(_ data: Data) throws(GeometryError) -> [GeoFeature] {
        guard let object = try? JSONSerialization.jsonObject(with: data), let root = object as? [String: Any] else {
            throw GeometryError(code: "geojson.not_json", message: "The file is not a JSON object; send a GeoJSON FeatureCollection.", field: "body")
        }
        guard root["type"] as? String == "FeatureCollection" else {
            throw GeometryError(code: "geojson.not_feature_collection", message: "The document's type must be \"FeatureCollection\".", field: "type")
        }
        guard let features = root["features"] as? [Any] else {
            throw GeometryError(code: "geojson.invalid_features", message: "A FeatureCollection needs a \"features\" array.", field: "features")
        }
        var out: [GeoFeature] = []
        out.reserveCapacity(features.count)
        for (i, raw) in features.enumerated() {
            let field = "features[\(i)]"
            guard let feature = raw as? [String: Any], feature["type"] as? String == "Feature" else {
                throw GeometryError(code: "geojson.invalid_feature", message: "Feature \(i) is not an object of type \"Feature\".", field: field)
            }
            guard let geometry = feature["geometry"] as? [String: Any] else {
                throw GeometryError(code: "geojson.missing_geometry", message: "Feature \(i) has no geometry; give a Polygon or MultiPolygon.", field: "\(field).geometry")
            }
            let area = try decodeGeometry(geometry, field: "\(field).geometry")
            try GeometryValidator.validate(area, field: "\(field).geometry")
            var properties: [String: String] = [:]
            if let raw = feature["properties"] {
                guard raw is NSNull || raw is [String: Any] else {
                    throw GeometryError(code: "geojson.invalid_properties", message: "Feature \(i)'s properties must be an object.", field: "\(field).properties")
                }
                for (key, value) in (raw as? [String: Any]) ?? [:] {
                    if let s = value as? String { properties[key] = s } else if let n = value as? NSNumber { properties[key] = n.stringValue }
                }
            }
            out.append(GeoFeature(properties: properties, area: area))
        }
        return out
    }

    static func decodeGeometry(_ geometry: [String: Any], field: String) throws(GeometryError) -> Area {
        let type = geometry["type"] as? String ?? "(none)"
        switch type {
        case "Polygon":
            return Area(polygons: [try polygon(geometry["coordinates"], field: "\(field).coordinates")])
        case "MultiPolygon":
            guard let parts = geometry["coordinates"] as? [Any] else { throw badCoordinates(field) }
            var polygons: [Polygon] = []
            for (i, part) in parts.enumerated() { polygons.append(try polygon(part, field: "\(field).coordinates[\(i)]")) }
            return Area(polygons: polygons)
        default:
            throw GeometryError(code: "geojson.unsupported_geometry", message: "The geometry type \(type.prefix(40)) cannot be a boundary; use Polygon or MultiPolygon.", field: "\(field).type")
        }
    }

    static func polygon(_ raw: Any?, field: String) throws(GeometryError) -> Polygon {
        guard let rings = raw as? [Any], !rings.isEmpty else { throw badCoordinates(field) }
        var out: [[GeoPoint]] = []
        for ring in rings {
            guard let positions = ring as? [Any] else { throw badCoordinates(field) }
            var points: [GeoPoint] = []
            points.reserveCapacity(positions.count)
            for position in positions {
                guard let pair = position as? [Any], pair.count >= 2, let lon = (pair[0] as? NSNumber)?.doubleValue, let lat = (pair[1] as? NSNumber)?.doubleValue else {
                    throw badCoordinates(field)
                }
                points.append(GeoPoint(lon: lon, lat: lat))
            }
            out.append(points)
        }
        return Polygon(rings: out)
    }

    static func badCoordinates(_ field: String) -> GeometryError {
        GeometryError(code: "geojson.invalid_coordinates", message: "Coordinates must be arrays of rings of [longitude, latitude] positions.", field: field)
    }

    /// A GeoJSON geometry object: a Polygon for one polygon, else a MultiPolygon.
    public static func geometryJSON(_ area: Area) -> Data {
        Data(geometryText(area).utf8)
    }

    /// A FeatureCollection of the features.
    public static func featureCollectionJSON(_ features: [GeoFeature]) -> Data {
        let parts = features.map { f -> String in
            let props = (try? JSONSerialization.data(withJSONObject: f.properties, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
            return #"{"type":"Feature","properties":\#(props),"geometry":\#(geometryText(f.area))}"#
        }
        return Data(#"{"type":"FeatureCollection","features":[\#(parts.joined(separator: ","))]}"#.utf8)
    }

    static func geometryText(_ area: Area) -> String {
        func ring(_ r: [GeoPoint]) -> String { "[" + r.map { "[\($0.lon),\($0.lat)]" }.joined(separator: ",") + "]" }
        func polygon(_ p: Polygon) -> String { "[" + p.rings.map(ring).joined(separator: ",") + "]" }
        if area.polygons.count == 1 { return #"{"type":"Polygon","coordinates":\#(polygon(area.polygons[0]))}"# }
        return #"{"type":"MultiPolygon","coordinates":[\#(area.polygons.map(polygon).joined(separator: ","))]}"#
    }
}
