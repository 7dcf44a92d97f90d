public import Foundation

public typealias ExportRequestID = Identifier<ExportRequest>

/// 导出申请 — a request to export sensitive data: what (a template and its filters), where (an area of the tree),
/// why; then a leader's or auditor's decision over that area, and one download within the approval's validity.
public struct ExportRequest: Sendable, Hashable, Codable {
    /// What is stored: a request is decided once and downloaded once.
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        case pending, approved, rejected, downloaded
    }

    /// What a reader is told: the state, or `expired` for an approval whose validity has passed.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case pending, approved, rejected, downloaded, expired
    }

    public var id: ExportRequestID
    public var template: String
    /// The filters of the case list, as the query string of `GET /api/v1/cases` (canonical: sorted, encoded).
    public var filters: String
    /// The area asked for: approvers are leaders or auditors over it, and the export never leaves it.
    public var nodeID: NodeID
    public var nodePath: String
    /// The purpose the requester gave.
    public var reason: String
    public var requesterID: UserID
    public var requester: String
    public var requestedAt: Date
    public var state: State
    public var deciderID: UserID?
    public var decider: String?
    public var decidedAt: Date?
    /// The approver's or rejecter's note.
    public var note: String?
    /// Until when an approved request may be downloaded.
    public var expiresAt: Date?
    public var downloadedAt: Date?

    public init(id: ExportRequestID = ExportRequestID(0), template: String, filters: String, nodeID: NodeID, nodePath: String, reason: String,
                requesterID: UserID, requester: String, requestedAt: Date, state: State = .pending, deciderID: UserID? = nil, decider: String? = nil,
                decidedAt: Date? = nil, note: String? = nil, expiresAt: Date? = nil, downloadedAt: Date? = nil) {
        self.id = id
        self.template = template
        self.filters = filters
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.reason = reason
        self.requesterID = requesterID
        self.requester = requester
        self.requestedAt = requestedAt
        self.state = state
        self.deciderID = deciderID
        self.decider = decider
        self.decidedAt = decidedAt
        self.note = note
        self.expiresAt = expiresAt
        self.downloadedAt = downloadedAt
    }

    public func status(at now: Date) -> Status {
        switch state {
        case .pending: .pending
        case .rejected: .rejected
        case .downloaded: .downloaded
        case .approved: (expiresAt.map { now >= $0 } ?? true) ? .expired : .approved
        }
    }
}

/// 分级审批 — who may ask for, decide and download a sensitive export, and for how long an approval holds. Pure:
/// a request and an identity go in, the request as it must be stored comes out, or a `DomainError` with a stable code.
public struct ExportPolicy: Sendable, Hashable, Codable {
    /// How long an approval may be downloaded (24 hours).
    public var validitySeconds: Double
    /// At most this many rows leave in one export; more must be narrowed by period or area.
    public var maxRows: Int
    /// Who decides requests over their area.
    public static let approverRoles: Set<Role> = [.leader, .auditor]

    public init(validitySeconds: Double = 24 * 3600, maxRows: Int = 50_000) {
        self.validitySeconds = validitySeconds
        self.maxRows = maxRows
    }

    /// Whether the identity may decide requests over the area at `path` (the role at or above it).
    public static func isApprover(_ identity: Identity, at path: String) -> Bool {
        approverRoles.contains { identity.has($0, at: path) }
    }

    /// Who sees a request: its requester and the approvers over its area.
    public static func mayView(_ request: ExportRequest, by identity: Identity) -> Bool {
        identity.userID == request.requesterID || isApprover(identity, at: request.nodePath)
    }

    /// 审批 — approves (`approve`) or rejects a pending request; never the requester's own.
    /// - Throws: 403 `export.own_request`, 403 `export.approver_required`, 409 `export.already_decided`,
    ///   400 `export.note_required` (a rejection says why).
    public func decide(_ request: ExportRequest, approve: Bool, note: String?, by identity: Identity, at now: Date) throws(DomainError) -> ExportRequest {
        guard identity.userID != request.requesterID else {
            throw ExportError.ownRequest
        }
        guard Self.isApprover(identity, at: request.nodePath) else {
            throw ExportError.approverRequired
        }
        guard request.state == .pending else {
            throw ExportError.notPending(request)
        }
        let text = note?.trimmingCharacters(in: .whitespacesAndNewlines)
        if !approve, (text ?? "").count < 2 {
            throw ExportError.noteRequired
        }
        var decided = request
        decided.state = approve ? .approved : .rejected
        decided.deciderID = identity.userID
        decided.decider = identity.name
        decided.decidedAt = now
        decided.note = (text?.isEmpty ?? true) ? nil : text
        decided.expiresAt = approve ? now.addingTimeInterval(validitySeconds) : nil
        return decided
    }

    /// 下载 — the requester takes an approved, unexpired request's file, once.
    /// - Throws: 403 `export.not_requester`, 403 `export.not_approved` (pending or rejected),
    ///   409 `export.already_downloaded`, 409 `export.expired`.
    public func download(_ request: ExportRequest, by identity: Identity, at now: Date) throws(DomainError) -> ExportRequest {
        guard identity.userID == request.requesterID else {
            throw ExportError.notRequester
        }
        switch request.status(at: now) {
        case .pending:
            throw ExportError.awaitingApproval(request.id)
        case .rejected:
            throw ExportError.rejected(request.id)
        case .downloaded:
            throw ExportError.alreadyDownloaded(request.id)
        case .expired:
            throw ExportError.expired(request.id)
        case .approved:
            var taken = request
            taken.state = .downloaded
            taken.downloadedAt = now
            return taken
        }
    }
}
