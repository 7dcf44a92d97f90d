import Foundation

/// A GeoJSON (RFC 7946) Polygon or MultiPolygon geometry as a field of a JSON body: `{"type": "Polygon",
/// "coordinates": [[[lon, lat], …]]}`. Decoding checks only the shape; validate the area with `GeometryValidator`.
public struct GeoJSONGeometry: Sendable, Hashable, Codable {
    public var area: Area

    public init(_ area: Area) { self.area = area }

    enum Keys: String, CodingKey { case type, coordinates }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        func polygon(_ rings: [[[Double]]]) throws -> Polygon {
            guard !rings.isEmpty, rings.allSatisfy({ $0.allSatisfy { $0.count >= 2 } }) else {
                throw DecodingError.dataCorruptedError(forKey: .coordinates, in: c, debugDescription: "rings of [longitude, latitude] positions")
            }
            return Polygon(rings: rings.map { $0.map { GeoPoint(lon: $0[0], lat: $0[1]) } })
        }
        switch try c.decode(String.self, forKey: .type) {
        case "Polygon": area = Area(polygons: [try polygon(try c.decode([[[Double]]].self, forKey: .coordinates))])
        case "MultiPolygon": area = Area(polygons: try c.decode([[[[Double]]]].self, forKey: .coordinates).map(polygon))
        default: throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "Polygon or MultiPolygon")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        func rings(_ p: Polygon) -> [[[Double]]] { p.rings.map { $0.map { [$0.lon, $0.lat] } } }
        if area.polygons.count == 1 {
            try c.encode("Polygon", forKey: .type)
            try c.encode(rings(area.polygons[0]), forKey: .coordinates)
        } else {
            try c.encode("MultiPolygon", forKey: .type)
            try c.encode(area.polygons.map(rings), forKey: .coordinates)
        }
    }

    /// The geometry as GeoJSON text, for a store's column.
    public var text: String { GeoJSON.geometryText(area) }

    /// A geometry from a store's column.
    public init?(text: String) {
        guard let g = try? JSONDecoder().decode(GeoJSONGeometry.self, from: Data(text.utf8)) else { return nil }
        self = g
    }
}
