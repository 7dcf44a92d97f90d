public import ChengyunCore
public import Foundation

/// 一网通办 — community-affairs requests tied to the resident on record, their steps, and their counts per committee kept
/// in the transaction that files or moves a request.
public protocol ServiceRequestStore: Sendable {
    /// Stores a request with its first step, numbers it (受理编号: `number` holds the day's part, the id is added) and
    /// counts it, in one transaction; the same client key filed at the same committee is the same request (created false).
    func fileServiceRequest(_ request: ServiceRequest, step: ServiceRequestStep) async throws -> (request: ServiceRequest, created: Bool)
    func serviceRequest(_ id: ServiceRequestID) async throws -> ServiceRequest?
    /// The steps of the requests `ids`, each request's in order, read at once for a page.
    func serviceRequestSteps(_ ids: [ServiceRequestID]) async throws -> [ServiceRequestID: [ServiceRequestStep]]
    /// Moves a request read at `version` to `moved` (its state, outcome, closing time, rating and the answer to it) with
    /// its step, and moves its counts, in one transaction. Nil when someone moved it in between (the version differs) or there is no such request.
    func moveServiceRequest(_ id: ServiceRequestID, version: Int, to moved: ServiceRequest, step: ServiceRequestStep) async throws -> ServiceRequest?
    /// The requests of residents on or under `path` and those filed at a committee on or under it, newest first, below
    /// the cursor; with `badOpen`, only those rated badly and not answered yet (差评待整改).
    func serviceRequests(under path: String, state: ServiceRequest.State?, badOpen: Bool, before: ServiceRequestID?, limit: Int) async throws -> [ServiceRequest]
    /// A resident's requests, newest first.
    /// 受理中心 — the requests in state forwarded filed at a station under `path` (a street), newest first, before the cursor.
    func forwardedServiceRequests(filedUnder path: String, before: ServiceRequestID?, limit: Int) async throws -> [ServiceRequest]
    /// 差评逾期上报街道 — the bad ratings not answered by `today` though due before it, of requests filed at a station
    /// under `path` (a street), newest first, before the cursor.
    func badRatingsPastDay(filedUnder path: String, today: LocalDate, before: ServiceRequestID?, limit: Int) async throws -> [ServiceRequest]
    func serviceRequests(resident: ResidentID, limit: Int) async throws -> [ServiceRequest]
    /// 扫码评价 — gives a request a rating code (its SHA-256, until `expiresAt`), replacing any earlier one.
    func setServiceRatingCode(_ id: ServiceRequestID, hash: String, expiresAt: Date) async throws
    /// The request whose rating code has this SHA-256 and is still valid at `now`.
    func serviceRequest(ratingCodeHash hash: String, at now: Date) async throws -> ServiceRequest?
    /// The counts of the requests of residents on or under `path`; `overdue` those open past their day before `today`.
    func serviceRequestCounts(under path: String, today: LocalDate) async throws -> ServiceRequestCounts
}
