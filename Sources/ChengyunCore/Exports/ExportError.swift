/// 数据导出 — the error codes of exports and export requests, each with its message.
/// The codes are stable: clients, the console and the OpenAPI document rely on them.
public enum ExportError {
    /// 400 `export.unknown_template` — requests are for the sensitive templates (`names`).
    public static func unknownTemplate(names: String) -> DomainError {
        .invalid("export.unknown_template", "Requests are for sensitive templates: \(names). Pre-approved ones are exported at once.", field: "template")
    }
    /// 409 `export.unknown_template` — a request whose template this server no longer has.
    public static func templateGone(_ id: ExportRequestID) -> DomainError {
        .conflict("export.unknown_template", "Export request \(id) names a template this server no longer has.")
    }
    /// 403 `export.people_only`
    public static let peopleOnly = DomainError.forbidden("export.people_only", "Only a signed-in person asks for an export.")
    /// 400 `export.reason_required`
    public static let reasonRequired = DomainError.invalid("export.reason_required", "Say why you need the data (2–1000 characters).", field: "reason")
    /// 409 `export.already_decided`
    public static func alreadyDecided(_ id: ExportRequestID) -> DomainError {
        .conflict("export.already_decided", "Export request \(id) was decided by someone else a moment ago.")
    }
    /// 404 `export.not_found`
    public static func notFound(_ id: ExportRequestID) -> DomainError {
        .notFound("export.not_found", "There is no export request \(id) you may see.")
    }
    /// 409 `export.already_downloaded`
    public static func alreadyDownloaded(_ id: ExportRequestID) -> DomainError {
        .conflict("export.already_downloaded", "Export request \(id) was downloaded already; ask again if you need it again.")
    }
    /// 403 `export.approval_required` — personal data leaves only on an approved request.
    public static let approvalRequired = DomainError.forbidden("export.approval_required", "Reporters' names and phones are sensitive: ask for them with POST /api/v1/exports "
        + "(template cases-personal, filters, reason); after a leader's or auditor's approval, download them from /api/v1/exports/{id}/download.")
    /// 422 `export.too_many_rows`
    public static func tooManyRows(_ total: Int, max: Int) -> DomainError {
        .unprocessable("export.too_many_rows", "The export would hold \(total) cases; at most \(max) leave at once. Narrow it by period (from, to) or area (nodeId).")
    }
    /// 403 `export.out_of_scope`
    public static let outOfScope = DomainError.forbidden("export.out_of_scope", "Ask for an area you work in as duty officer, leader or admin.", field: "filters.nodeId")
    /// 400 `export.area_required`
    public static let areaRequired = DomainError.invalid("export.area_required", "You work in several areas: name the one you ask for (filters.nodeId).", field: "filters.nodeId")
    /// 400 `export.invalid_filter` — a filter's value is not text, a number, true or false, or a list of text.
    public static let invalidFilter = DomainError.invalid("export.invalid_filter", "A filter is text, a number, true or false, or a list of text.", field: "filters")
    /// 400 `export.unknown_filter` — `name` is not one of the case list's parameters an export takes (`known`).
    public static func unknownFilter(_ name: String, known: Set<String>) -> DomainError {
        .invalid("export.unknown_filter", "'\(name.prefix(40))' is not a filter of the case list; use \(known.sorted().joined(separator: ", ")).", field: "filters")
    }

    // The approval rules (分级审批), decided by `ExportPolicy`.

    /// 403 `export.own_request`
    public static let ownRequest = DomainError.forbidden("export.own_request", "Nobody approves or rejects their own export request; a leader or auditor over the area does.")
    /// 403 `export.approver_required`
    public static let approverRequired = DomainError.forbidden("export.approver_required", "Only a leader or auditor over the request's area may decide it.")
    /// 409 `export.already_decided` — the request is no longer pending.
    public static func notPending(_ request: ExportRequest) -> DomainError {
        .conflict("export.already_decided", "Export request \(request.id) is \(request.state.rawValue) already.")
    }
    /// 400 `export.note_required`
    public static let noteRequired = DomainError.invalid("export.note_required", "Say why the request is rejected (a note of 2–1000 characters).", field: "note")
    /// 403 `export.not_requester`
    public static let notRequester = DomainError.forbidden("export.not_requester", "Only the person who asked for an export downloads it.")
    /// 403 `export.not_approved` — still pending.
    public static func awaitingApproval(_ id: ExportRequestID) -> DomainError {
        .forbidden("export.not_approved", "Export request \(id) awaits a leader's or auditor's approval.")
    }
    /// 403 `export.not_approved` — rejected.
    public static func rejected(_ id: ExportRequestID) -> DomainError {
        .forbidden("export.not_approved", "Export request \(id) was rejected.")
    }
    /// 409 `export.expired`
    public static func expired(_ id: ExportRequestID) -> DomainError {
        .conflict("export.expired", "The approval of export request \(id) has expired; ask again.")
    }
}
