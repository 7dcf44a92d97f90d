public import ChengyunCore
import Foundation

/// Which export requests to list, newest first: a requester's own, and the pending ones in some areas.
public struct ExportRequestQuery: Sendable, Hashable {
    public var requesterID: UserID?
    /// Pending requests on or under any of these paths (an approver's areas).
    public var pendingUnder: [String]
    /// Requests with an id below this (the next page).
    public var before: ExportRequestID?
    public var limit: Int
    public init(requesterID: UserID?, pendingUnder: [String], before: ExportRequestID? = nil, limit: Int = 100) {
        self.requesterID = requesterID
        self.pendingUnder = pendingUnder
        self.before = before
        self.limit = limit
    }
}

/// 导出 — export requests and their decisions, and the case list read in pages for an export. Each change is stored
/// with its audit line in one transaction.
public protocol ExportStore: Sendable {
    /// Stores a new pending request and its audit line (whose target becomes `export:<id>`); returns it with its id.
    func createExportRequest(_ request: ExportRequest, audit: AuditEntry) async throws -> ExportRequest
    func exportRequest(_ id: ExportRequestID) async throws -> ExportRequest?
    func exportRequests(_ query: ExportRequestQuery) async throws -> [ExportRequest]
    /// Saves a decided change (approval, rejection, download) with its audit line if the stored state is still
    /// `from`; returns false, storing nothing, when someone changed it first.
    func saveExportRequest(_ request: ExportRequest, from: ExportRequest.State, audit: AuditEntry) async throws -> Bool
    /// Up to `limit` cases of the query (its scope and filters; its limit and offset are ignored), newest first,
    /// after `cursor`: a key, not an offset, so an export of tens of thousands of rows reads each once.
    func exportCases(_ query: CaseQuery, after cursor: CaseCursor?, limit: Int) async throws -> (cases: [CaseRecord], next: CaseCursor?)
}
