import Foundation

/// 坐标点 — a WGS-84 position, longitude first as in GeoJSON (RFC 7946).
public struct GeoPoint: Sendable, Hashable, Codable {
    /// Longitude in degrees, east positive, -180...180.
    public var lon: Double
    /// Latitude in degrees, north positive, -90...90.
    public var lat: Double

    public init(lon: Double, lat: Double) {
        self.lon = lon
        self.lat = lat
    }

    /// Whether both values are finite and inside the WGS-84 ranges.
    public var isValid: Bool {
        lon.isFinite && lat.isFinite && (-180...180).contains(lon) && (-90...90).contains(lat)
    }
}

extension GeoPoint: CustomStringConvertible {
    public var description: String { "(\(lon), \(lat))" }
}

/// Shared constants and small helpers of the geometry code.
enum GeoMath {
    /// Mean Earth radius in metres (IUGG), the same as `DuplicatePolicy.metres` uses.
    static let earthRadius = 6_371_008.8
    static let radiansPerDegree = Double.pi / 180
    /// Distance in degrees under which a point counts as lying on a boundary (about 0.01 mm).
    static let boundaryTolerance = 1e-10

    /// A coordinate rounded for messages, e.g. `(116.397128, 39.916527)`.
    static func render(_ p: GeoPoint) -> String {
        func r(_ v: Double) -> String {
            guard v.isFinite else { return "\(v)" }
            return "\((v * 1e6).rounded() / 1e6)"
        }
        return "(\(r(p.lon)), \(r(p.lat)))"
    }
}
