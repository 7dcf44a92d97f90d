import ChengyunCore

/// Open311 GeoReport v2 — the error codes of the Open311 endpoints, each with its message (written in the format the
/// client asked for by `Open311.respond`). The codes are stable: citizen clients rely on them.
enum Open311Error {
    /// 404 `open311.not_found`
    static let notFound = DomainError.notFound("open311.not_found", "No such Open311 resource; see discovery.json.")
    /// 404 `open311.format`
    static let format = DomainError.notFound("open311.format", "Open311 resources end in .json or .xml, e.g. services.json.")
    /// 404 `open311.unknown_service`
    static func unknownService(_ code: String) -> DomainError {
        .notFound("open311.unknown_service", "There is no service \(code.prefix(40)); list them at services.json.", field: "service_code")
    }
    /// 404 `open311.unknown_request`
    static func unknownRequest(_ raw: String) -> DomainError {
        .notFound("open311.unknown_request", "There is no public service request \(raw.prefix(40)).", field: "service_request_id")
    }
    /// 400 `open311.bad_date`
    static func badDate(_ name: String) -> DomainError {
        .invalid("open311.bad_date", "\(name) is a W3C date-time with a time zone, e.g. 2026-11-01T00:00:00Z.", field: name)
    }
    /// 400 `open311.range`
    static let range = DomainError.invalid("open311.range", "start_date must be before end_date, at most 90 days apart.", field: "start_date")
    /// 400 `open311.status`
    static let status = DomainError.invalid("open311.status", "status is open, closed, or both comma separated.", field: "status")
    /// 403 `open311.api_key`
    static let apiKeyRequired = DomainError.forbidden("open311.api_key", "Posting a service request needs an api_key; ask the operations centre for one.")
    /// 403 `open311.bad_api_key`
    static let badAPIKey = DomainError.forbidden("open311.bad_api_key", "The api_key is not valid.")
    /// 403 `open311.key_not_for_reports`
    static let keyNotForReports = DomainError.forbidden("open311.key_not_for_reports", "This api_key may not post citizen reports (it needs the source resident).")
    /// 400 `open311.service_code`
    static let serviceCode = DomainError.invalid("open311.service_code", "Give the service_code of one of services.json.", field: "service_code")
    /// 400 `open311.location`
    static let location = DomainError.invalid(
        "open311.location", "Give lat and long (WGS-84) of the problem; address_string alone cannot be placed on a grid here.", field: "lat")
    /// 400 `open311.urgency`
    static let urgency = DomainError.invalid(
        "open311.urgency", "attribute[urgency] is one of \(Urgency.allCases.map(\.rawValue).joined(separator: ", ")), or left out.", field: "attribute[urgency]")
}
