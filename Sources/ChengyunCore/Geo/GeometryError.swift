import Foundation

/// 几何错误 — what is wrong with a geometry or a GeoJSON document, with a stable code and the offending field.
///
/// Codes raised by `GeometryValidator`: `geometry.empty`, `geometry.too_few_positions`,
/// `geometry.ring_not_closed`, `geometry.invalid_coordinate`, `geometry.coordinate_out_of_range`,
/// `geometry.zero_area`, `geometry.self_intersection`, `geometry.rings_cross`, `geometry.hole_outside_shell`.
/// Codes raised by `GeoJSON`: `geojson.not_json`, `geojson.not_feature_collection`, `geojson.invalid_features`,
/// `geojson.invalid_feature`, `geojson.missing_geometry`, `geojson.unsupported_geometry`,
/// `geojson.invalid_coordinates`, `geojson.invalid_properties`.
public struct GeometryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable code such as `geometry.self_intersection`; never reworded once shipped.
    public var code: String
    /// What is wrong and how to fix it, in English. Never contains personal data.
    public var message: String
    /// The field at fault, e.g. `features[3].geometry`, or nil when the whole document is at fault.
    public var field: String?

    public init(code: String, message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    public var description: String { "\(code): \(message)" + (field.map { " (field: \($0))" } ?? "") }
}

/// The error codes of a location a request gives (a case's, a camera's, a point to locate), each with its message.
/// They are `DomainError`s, not `GeometryError`s: the point is the caller's input, not a geometry being validated.
/// The codes are stable: clients, the console and the OpenAPI document rely on them.
extension GeometryError {
    /// 400 `geo.invalid_point` — not a WGS-84 longitude and latitude.
    public static let invalidPoint = DomainError.invalid("geo.invalid_point", "A location is WGS-84 longitude (-180…180) and latitude (-90…90).", field: "location")
    /// 422 `geo.outside_city` — the point lies in no grid of the city.
    public static func outsideCity(_ point: GeoPoint) -> DomainError {
        .unprocessable("geo.outside_city", "The location \(point.lon), \(point.lat) lies outside every grid of the city; check that longitude and latitude are not swapped.", field: "location")
    }
}
