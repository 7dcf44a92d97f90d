/// 案件 — the error codes of the case loop's use cases (intake, steps, attachments), each with its message.
/// The codes are stable: clients, the console and the OpenAPI document rely on them.
public enum CaseError {
    /// 404 `case.not_found` — no such case in the caller's area (a case outside it is reported the same way).
    public static func notFound(_ id: CaseID) -> DomainError {
        .notFound("case.not_found", "There is no case \(id) in your area.", field: "id")
    }

    /// 404 `case.not_found` — no case an external system sent with this reference that the caller may read.
    public static func externalNotFound(_ ref: String, source: CaseSource) -> DomainError {
        .notFound("case.not_found", "There is no \(source.rawValue) case with id \(ref) that you may read.", field: "id")
    }

    // Intake (上报)

    /// 400 `case.description_required`
    public static let descriptionRequired = DomainError.invalid(
        "case.description_required", "Describe the problem (at most \(InputLimits.description) characters).", field: "description")
    /// 400 `case.location_required`
    public static let locationRequired = DomainError.invalid(
        "case.location_required", "Give a location (longitude and latitude) or the nodeId of the grid where the problem is.", field: "location")
    /// 403 `case.source_not_allowed`
    public static func sourceNotAllowed(_ source: CaseSource) -> DomainError {
        .forbidden("case.source_not_allowed", "You may not report \(source.rawValue) cases here: the source must match your role, and the place must lie in your area.", field: "source")
    }
    /// 400 `case.invalid_external_ref`
    public static let invalidExternalRef = DomainError.invalid("case.invalid_external_ref", "externalRef is 1–\(InputLimits.code) characters.", field: "externalRef")
    /// 409 `case.duplicate_external_ref` — found before writing.
    public static func duplicateExternalRef(_ ref: String, source: CaseSource) -> DomainError {
        .conflict("case.duplicate_external_ref", "A \(source.rawValue) case with externalRef \(ref) exists already; read it with GET /api/v1/cases?externalRef=…", field: "externalRef")
    }
    /// 409 `case.duplicate_external_ref` — refused by the database's unique index (a report racing another).
    public static func duplicateExternalRef(source: CaseSource) -> DomainError {
        .conflict("case.duplicate_external_ref", "A \(source.rawValue) case with this externalRef exists already.", field: "externalRef")
    }
    /// 400 `case.invalid_classification`
    public static let invalidClassification = DomainError.invalid(
        "case.invalid_classification", "classification is 1–\(InputLimits.label) characters.", field: "classification")
    /// 400 `case.self_handle_source`
    public static let selfHandleSource = DomainError.invalid(
        "case.self_handle_source", "Only a committee or station records a self-handled case: use source \"station\".", field: "source")
    /// 400 `intake.<field>_required` — the sending system's own id of a call or ticket (110, 12345) is missing or too long.
    public static func intakeIDRequired(_ field: String) -> DomainError {
        .invalid("intake.\(field)_required", "Give the sending system's own id in '\(field)' (1–64 characters): it is how you read the outcome back.", field: field)
    }
    /// 400 `intake.id_required` — the call or ticket id in the path.
    public static let intakeRefRequired = DomainError.invalid("intake.id_required", "Give the call or ticket id in the path.", field: "ref")

    // Actions (POST /api/v1/cases/{id}/actions/{action}): the body each action reads.

    /// 404 `action.unknown` — every action but `report`, which is `POST /api/v1/cases`.
    public static let unknownAction = DomainError.notFound(
        "action.unknown", "Unknown action; use one of \(CaseAction.allCases.filter { $0 != .report }.map(\.rawValue).joined(separator: ", ")).", field: "action")
    /// 400 `action.missing_field`
    public static func missingField(_ field: String, for action: CaseAction) -> DomainError {
        .invalid("action.missing_field", "The action '\(action.rawValue)' needs the field '\(field)'.", field: field)
    }
    /// 400 `action.invalid_reason` — `raw` is not one of the reason codes `T` of `action`.
    public static func invalidReason<T: RawRepresentable & CaseIterable>(_ raw: String, of _: T.Type, for action: CaseAction) -> DomainError where T.RawValue == String {
        .invalid("action.invalid_reason", "'\(raw.prefix(40))' is not a reason for \(action.rawValue); use one of \(T.allCases.map(\.rawValue).joined(separator: ", ")) and explain in 'note'.", field: "reason")
    }
    /// 400 `action.not_an_action` — `report` through the actions endpoint (report with POST /api/v1/cases), or a step
    /// only the platform takes (`redo`).
    public static func notAnAction(_ action: CaseAction) -> DomainError {
        .invalid("action.not_an_action", action == .report ? "Report a case with POST /api/v1/cases." : "\(action.rawValue) is the platform's own step, not one to ask for.", field: "action")
    }

    // Steps and attachments

    /// 422 `case.merge_target_closed`
    public static func mergeTargetClosed(_ original: CaseRecord) -> DomainError {
        .unprocessable("case.merge_target_closed", "Case \(original.number) is \(original.state.rawValue); merge into an open case.", field: "into")
    }
    /// 409 `case.concurrent_change` — someone else saved the case first.
    public static func concurrentChange(_ number: String) -> DomainError {
        .conflict("case.concurrent_change", "Case \(number) was changed by someone else a moment ago; reload it and try again.")
    }
    /// 409 `case.finished` — no more attachments.
    public static func finished(_ record: CaseRecord) -> DomainError {
        .conflict("case.finished", "Case \(record.number) is \(record.state.rawValue); attachments can no longer be added.")
    }
    /// 422 `attachment.not_found` — an attachment named in a step that is not the case's.
    public static func foreignAttachment(_ attachment: AttachmentID, of record: CaseRecord, index: Int) -> DomainError {
        .unprocessable("attachment.not_found", "Attachment \(attachment) does not belong to case \(record.number); upload it with POST /api/v1/cases/\(record.id)/attachments first.", field: "attachmentIds[\(index)]")
    }
    /// 404 `attachment.not_found`
    public static func attachmentNotFound(_ id: AttachmentID) -> DomainError {
        .notFound("attachment.not_found", "There is no attachment \(id).")
    }
    /// 429 `attachment.quota` — the uploader's 24 hours are full (sizes in bytes).
    public static func quota(limit: Int, used: Int, retryAfterSeconds: Int?) -> DomainError {
        DomainError(.tooManyRequests, "attachment.quota", "You may upload \(limit / 1024 / 1024) MiB in 24 hours and have uploaded \(used / 1024 / 1024) MiB; this file does not fit. Try again later.", field: "body", retryAfterSeconds: retryAfterSeconds)
    }
    /// 413 `attachment.too_large`
    public static func tooLarge(limit: Int) -> DomainError {
        DomainError(.tooLarge, "attachment.too_large", "An attachment may be at most \(limit / 1024 / 1024) MiB. Compress or resize the photo.", field: "body")
    }
    /// 403 `apikey.terms` — a citizen client's key does not read the case list.
    public static let citizenClientList = DomainError.forbidden(
        "apikey.terms", "This key relays residents' reports: its terms allow posting them and reading the public Open311 feed, not the case list.")

    /// 415 `attachment.type_not_allowed`
    public static func typeNotAllowed(_ contentType: String, allowed: Set<String>) -> DomainError {
        DomainError(.unsupportedMedia, "attachment.type_not_allowed", "Attachments must be JPEG, PNG, WebP or PDF; got '\(contentType.prefix(60))'. Set Content-Type to one of \(allowed.sorted().joined(separator: ", ")).", field: "Content-Type")
    }
    /// 400 `attachment.empty`
    public static let emptyAttachment = DomainError.invalid("attachment.empty", "The attachment is empty: send the file's bytes as the request body.", field: "body")
    /// 413 `attachment.too_large` — with the size of the one sent.
    public static func tooLarge(limit: Int, size: Int) -> DomainError {
        DomainError(.tooLarge, "attachment.too_large", "An attachment may be at most \(limit / 1024 / 1024) MiB; this one is \(size / 1024) KiB. Compress or resize the photo.", field: "body")
    }
    /// 415 `attachment.type_mismatch` — `what` says what the bytes are.
    public static func typeMismatch(_ contentType: String, what: String) -> DomainError {
        DomainError(.unsupportedMedia, "attachment.type_mismatch", "The bytes are not \(contentType): \(what). Send the file as it is, with its own Content-Type.", field: "Content-Type")
    }
    /// 422 `case.compound_not_found` — the compound named is not in the base data.
    public static let compoundNotFound = DomainError.unprocessable("case.compound_not_found", "There is no such compound in the base data: pick it from the list or leave it out.",
                                                                   field: "compoundId")
    /// 422 `case.compound_elsewhere` — the compound named is not where the case is.
    public static let compoundElsewhere = DomainError.unprocessable("case.compound_elsewhere",
        "The compound named lies in another committee than the place reported: correct the place or the compound.", field: "compoundId")
}
