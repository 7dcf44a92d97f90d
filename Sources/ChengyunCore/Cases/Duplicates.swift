public import Foundation

/// 重复案件 — a new report of the same category near an open case within a time window is flagged for merging.
public struct DuplicatePolicy: Sendable, Hashable, Codable {
    public var distanceMetres: Double
    public var windowHours: Double

    public init(distanceMetres: Double = 50, windowHours: Double = 72) {
        self.distanceMetres = distanceMetres
        self.windowHours = windowHours
    }

    /// A bounding box that certainly contains every point within `distanceMetres` of `p`.
    public func searchBox(around p: GeoPoint) -> BoundingBox {
        let dLat = distanceMetres / 111_320 * 1.01
        let dLon = distanceMetres / (111_320 * max(cos(p.lat * .pi / 180), 0.01)) * 1.01
        return BoundingBox(minLon: p.lon - dLon, minLat: p.lat - dLat, maxLon: p.lon + dLon, maxLat: p.lat + dLat)
    }

    /// The nearest open case of the same category within the distance and window, if any.
    public func duplicate(categoryID: String, location: GeoPoint, reportedAt: Date, among candidates: [CaseRecord]) -> CaseRecord? {
        let since = reportedAt.addingTimeInterval(-windowHours * 3600)
        return candidates
            .filter { $0.categoryID == categoryID && !$0.state.isTerminal && $0.reportedAt >= since && $0.reportedAt <= reportedAt }
            .compactMap { c -> (CaseRecord, Double)? in
                guard let l = c.location else { return nil }
                let d = DuplicatePolicy.metres(location, l)
                return d <= distanceMetres ? (c, d) : nil
            }
            .min { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0.id < $1.0.id) }?.0
    }

    /// Great-circle distance in metres (haversine).
    public static func metres(_ a: GeoPoint, _ b: GeoPoint) -> Double {
        let r = 6_371_008.8
        let dLat = (b.lat - a.lat) * .pi / 180
        let dLon = (b.lon - a.lon) * .pi / 180
        let h = sin(dLat / 2) * sin(dLat / 2) + cos(a.lat * .pi / 180) * cos(b.lat * .pi / 180) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * r * asin(min(1, sqrt(h)))
    }
}
