public import ChengyunCore
public import ChengyunStore
import Foundation

/// A case export under way: what it may read, how it is graded and watermarked, and how many rows it holds.
public struct CaseExport: Sendable {
    public var template: ExportTemplate
    public var watermark: ExportWatermark
    /// The cases it writes: the exporter's scope and filters.
    public var query: CaseQuery
    public var rows: Int
    /// A file name without extension.
    public var fileName: String
}

/// 数据导出 — case and KPI exports: pre-approved templates at once, sensitive ones on a request a leader or auditor
/// approves (分级审批), every one watermarked and on the audit trail.
public struct ExportUseCases: UseCaseGroup {
    let store: any ExportStore & CaseStore & AuditStore & OrganisationStore
    let shared: UseCaseContext
    let accessWatch: AccessWatch
}

extension ExportUseCases {
    /// 分级审批 — the approval rules in force.
    public var exportPolicy: ExportPolicy { ExportPolicy() }

    /// 导出案件（预批模板） — the case list with reporters masked, at once, for duty officers, leaders and admins in
    /// their scope; on the audit trail as `export.cases`.
    /// - Throws: 403 when the role does not export; 422 `export.too_many_rows` past `ExportPolicy.maxRows`.
    public func exportCases(_ filters: CaseQuery, reference: String, by identity: Identity, from caller: Caller) async throws -> CaseExport {
        let template = ExportTemplate.cases
        try identity.require(anyOf: template.roles, to: "export the case list")
        let query = exportQuery(filters, template: template, by: identity, within: nil)
        let rows = try await countWithinLimit(query)
        let now = clock.now()
        let watermark = ExportWatermark(grade: template.grade, exporter: identity.name, at: now, authority: "template \(template.id)", reference: reference)
        try await store.appendAudit(AuditEntry(at: now, actorID: identity.userID, actor: identity.name, action: "export.cases", target: "export:template:\(template.id)",
                                   address: caller.address, detail: "\(template.grade.rawValue); \(rows) rows; ref \(reference)"))
        return CaseExport(template: template, watermark: watermark, query: query, rows: rows, fileName: "chengyun-cases-\(Self.day(now))")
    }

    /// 导出考核 — records a KPI export (already computed within the caller's scope) on the audit trail as
    /// `export.kpis` and returns its watermark.
    public func recordKPIExport(format: String, rows: Int, reference: String, by identity: Identity, from caller: Caller) async throws -> ExportWatermark {
        try await recordTemplateExport(.kpis, format: format, rows: rows, reference: reference, by: identity, from: caller)
    }

    /// A pre-approved template's file leaves (the caller has been checked for what it holds): audited as
    /// `export.<template>`, and the watermark it carries.
    public func recordTemplateExport(_ template: ExportTemplate, format: String, rows: Int, reference: String, by identity: Identity,
                                     from caller: Caller) async throws -> ExportWatermark {
        let now = clock.now()
        try await store.appendAudit(AuditEntry(at: now, actorID: identity.userID, actor: identity.name, action: "export.\(template.id)", target: "export:template:\(template.id)",
                                   address: caller.address, detail: "\(template.grade.rawValue); \(format); \(rows) rows; ref \(reference)"))
        return ExportWatermark(grade: template.grade, exporter: identity.name, at: now, authority: "template \(template.id)", reference: reference)
    }

    /// 导出申请 — asks for a sensitive export of an area for a stated purpose; pending until a leader or auditor over
    /// the area decides. `filters` are the case list's, already checked by the caller; `nodeID` is their `nodeId`.
    /// - Throws: 400 `export.unknown_template`, `export.reason_required`, `export.area_required`; 403 out of scope.
    public func requestExport(template id: String, filters: String, nodeID: NodeID?, reason: String, by identity: Identity,
                              from caller: Caller) async throws -> ExportRequest {
        guard let template = ExportTemplate.named(id), template.needsApproval else {
            let names = ExportTemplate.all.filter(\.needsApproval).map(\.id).joined(separator: ", ")
            throw ExportError.unknownTemplate(names: names)
        }
        try identity.require(anyOf: template.roles, to: "ask for this export")
        guard let requesterID = identity.userID else { throw ExportError.peopleOnly }
        let purpose = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        try InputLimits.check(purpose, field: "reason", max: InputLimits.note, multiline: true)
        guard purpose.count >= 2 else {
            throw ExportError.reasonRequired
        }
        let area = try await exportArea(nodeID, template: template, by: identity)
        let request = ExportRequest(template: template.id, filters: filters, nodeID: area.id, nodePath: area.path, reason: purpose,
                                    requesterID: requesterID, requester: identity.name, requestedAt: clock.now())
        return try await store.createExportRequest(request, audit: AuditEntry(
            at: request.requestedAt, actorID: identity.userID, actor: identity.name, action: "export.requested", target: "export",
            reason: purpose, address: caller.address, detail: "\(template.id) (\(template.grade.rawValue)); node \(area.id); \(filters)"))
    }

    /// 审批 — a leader or auditor over the area approves or rejects a pending request (never their own); on the
    /// audit trail as `export.approved` or `export.rejected` with the note.
    public func decideExport(_ id: ExportRequestID, approve: Bool, note: String?, by identity: Identity, from caller: Caller) async throws -> ExportRequest {
        try InputLimits.check(note, field: "note", max: InputLimits.note, multiline: true)
        let request = try await visibleExportRequest(id, by: identity)
        let decided = try exportPolicy.decide(request, approve: approve, note: note, by: identity, at: clock.now())
        let audit = AuditEntry(at: decided.decidedAt!, actorID: identity.userID, actor: identity.name, action: approve ? "export.approved" : "export.rejected",
                               target: "export:\(id)", subjectUserID: request.requesterID, reason: decided.note, address: caller.address,
                               detail: "\(request.template) for \(request.requester)" + (decided.expiresAt.map { "; valid until \($0.formatted(.iso8601))" } ?? ""))
        guard try await store.saveExportRequest(decided, from: .pending, audit: audit) else {
            throw ExportError.alreadyDecided(id)
        }
        return decided
    }

    /// The requests the identity may see: their own, and the pending ones in the areas they approve for.
    public func exportRequests(before: ExportRequestID?, limit: Int, by identity: Identity) async throws -> [ExportRequest] {
        let areas = identity.paths(for: ExportPolicy.approverRoles)
        let requests = try await store.exportRequests(ExportRequestQuery(requesterID: identity.userID, pendingUnder: areas, before: before, limit: limit))
        return requests.filter { ExportPolicy.mayView($0, by: identity) }
    }

    /// A request its requester or an approver over its area sees; anyone else is told it does not exist.
    public func visibleExportRequest(_ id: ExportRequestID, by identity: Identity) async throws -> ExportRequest {
        guard let request = try await store.exportRequest(id), ExportPolicy.mayView(request, by: identity) else {
            throw ExportError.notFound(id)
        }
        return request
    }

    /// The request its requester may download now, or the reason not (also on the audit trail, as `export.refused`).
    public func downloadableExport(_ id: ExportRequestID, by identity: Identity, from caller: Caller) async throws -> ExportRequest {
        let request = try await visibleExportRequest(id, by: identity)
        do {
            _ = try exportPolicy.download(request, by: identity, at: clock.now())
        } catch {
            try await refused(error, target: "export:\(id)", by: identity, from: caller)
            throw error
        }
        return request
    }

    /// 下载 — the requester takes an approved request's file, once: the download is marked and audited
    /// (`export.downloaded`, with the request's purpose) in one transaction before a row is written. `filters` are the
    /// request's, read back by the caller; the export never leaves the request's area or the requester's scope today.
    public func downloadExport(_ request: ExportRequest, filters: CaseQuery, reference: String, by identity: Identity,
                               from caller: Caller) async throws -> CaseExport {
        guard let template = ExportTemplate.named(request.template) else {
            throw ExportError.templateGone(request.id)
        }
        try identity.require(anyOf: template.roles, to: "export the case list")
        let taken = try exportPolicy.download(request, by: identity, at: clock.now())
        let query = exportQuery(filters, template: template, by: identity, within: request.nodePath)
        let rows = try await countWithinLimit(query)
        let now = taken.downloadedAt!
        let audit = AuditEntry(at: now, actorID: identity.userID, actor: identity.name, action: "export.downloaded", target: "export:\(request.id)",
                               reason: request.reason, address: caller.address,
                               detail: "\(template.id) (\(template.grade.rawValue): \(template.categories.map(\.rawValue).joined(separator: ", "))); \(rows) rows; approved by \(request.decider ?? "?"); ref \(reference)")
        guard try await store.saveExportRequest(taken, from: .approved, audit: audit) else {
            let error = ExportError.alreadyDownloaded(request.id)
            try await refused(error, target: "export:\(request.id)", by: identity, from: caller)
            throw error
        }
        try await accessWatch.check(by: identity, at: now, caller: caller)
        let watermark = ExportWatermark(grade: template.grade, exporter: identity.name, at: now, authority: "request \(request.id)", reference: reference)
        return CaseExport(template: template, watermark: watermark, query: query, rows: rows, fileName: "chengyun-\(template.id)-request-\(request.id)")
    }

    /// Refuses a personal export asked for without an approved request (and puts the attempt on the audit trail).
    public func refusePersonalExport(by identity: Identity, from caller: Caller) async throws -> Never {
        try identity.require(anyOf: ExportTemplate.casesPersonal.roles, to: "export the case list")
        let error = ExportError.approvalRequired
        try await refused(error, target: "export:template:\(ExportTemplate.casesPersonal.id)", by: identity, from: caller)
        throw error
    }

    /// One page of an export's cases, newest first.
    public func exportPage(_ export: CaseExport, after cursor: CaseCursor?, limit: Int = 1000) async throws -> (cases: [CaseRecord], next: CaseCursor?) {
        try await store.exportCases(export.query, after: cursor, limit: limit)
    }

    /// The query of an export: the filters within the areas where the identity may use the template (not cases
    /// seen only as a handler or reporter), and within `path` when given.
    func exportQuery(_ filters: CaseQuery, template: ExportTemplate, by identity: Identity, within path: String?) -> CaseQuery {
        var query = filters
        var paths = identity.paths(for: template.roles)
        if let path {
            // Only the part of each assignment inside the request's area.
            paths = paths.compactMap { $0.hasPrefix(path) ? $0 : (path.hasPrefix($0) ? path : nil) }
        }
        query.scope = CaseScope(paths: Array(Set(paths)).sorted())
        query.limit = nil
        query.offset = 0
        return query
    }

    func countWithinLimit(_ query: CaseQuery) async throws -> Int {
        var counting = query
        counting.limit = 0
        let total = try await store.cases(counting).total
        let max = exportPolicy.maxRows
        guard total <= max else {
            throw ExportError.tooManyRows(total, max: max)
        }
        return total
    }

    /// The area of a request: the node asked for, on or under one of the requester's assignments for the template;
    /// without one, the requester's only such assignment.
    func exportArea(_ nodeID: NodeID?, template: ExportTemplate, by identity: Identity) async throws -> (id: NodeID, path: String) {
        let own = identity.assignments.filter { template.roles.contains($0.role) }
        if let nodeID {
            let node = try await store.visibleNode(nodeID, by: identity)
            guard own.contains(where: { node.path.hasPrefix($0.nodePath) }) else {
                throw ExportError.outOfScope
            }
            return (node.id, node.path)
        }
        let areas = Dictionary(own.map { ($0.nodePath, $0.nodeID) }, uniquingKeysWith: { a, _ in a })
        guard areas.count == 1, let only = areas.first else {
            throw ExportError.areaRequired
        }
        return (only.value, only.key)
    }

    func refused(_ error: any Error, target: String, by identity: Identity, from caller: Caller) async throws {
        guard let error = error as? DomainError else { return }
        try await store.appendAudit(AuditEntry(at: clock.now(), actorID: identity.userID, actor: identity.name, action: "export.refused", target: target,
                                   address: caller.address, detail: error.code))
    }

    static func day(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.omitted))
    }
}
