/// 拉网式排摸 — the error codes of sweeps.
public enum SweepError {
    /// 404 `sweep.not_found`
    public static func notFound(_ id: SweepID) -> DomainError { .notFound("sweep.not_found", "There is no sweep \(id) you may see.") }
    /// 409 `sweep.duplicate_code`
    public static func duplicateCode(_ code: String) -> DomainError {
        .conflict("sweep.duplicate_code", "A sweep with code \(code.prefix(32)) exists already.", field: "code")
    }
    /// 400 `sweep.form` — a form has 1 to 30 fields with distinct codes, labels, and choices for a choice field.
    public static func form(field: String) -> DomainError {
        .invalid("sweep.form", "A form has 1 to 30 questions, each with its own code (letters and digits) and a label; a choice question lists its choices.",
                 field: field)
    }
    /// 400 `sweep.dates` — due on or after it starts, within a year.
    public static let dates = DomainError.invalid("sweep.dates", "A sweep is due on or after the day it starts, within a year.", field: "dueOn")
    /// 409 `sweep.closed` — results are taken only while a sweep is open.
    public static let closed = DomainError.conflict("sweep.closed", "This sweep is closed: it takes no more results.")
    /// 422 `sweep.subject` — the house or building is not in the sweep's area.
    public static let subject = DomainError.unprocessable("sweep.subject", "That house or building is not in this sweep's area.", field: "subjectId")
    /// 400 `sweep.answer` — an answer the form does not take, or a required one missing.
    public static func answer(_ code: String) -> DomainError {
        .invalid("sweep.answer", "Answer each required question with a value the form takes.", field: "answers.\(code.prefix(32))")
    }
    /// 400 `sweep.client_key` — a taking is named by 8 to 64 letters, digits and dashes.
    public static let clientKey = DomainError.invalid("sweep.client_key", "Name each taking with a key of 8 to 64 letters, digits and dashes.", field: "clientKey")
    /// 403 `sweep.not_yours` — a result is recorded by the building group's leader or the committee's staff.
    public static let notYours = DomainError.forbidden(
        "sweep.not_yours", "Results here are recorded by the building group's leader or the committee's workers, station chief and inspectors.")
    /// 409 `sweep.not_yet` — staggered (错峰): the sweep reaches this committee later.
    public static let notYet = DomainError.conflict("sweep.not_yet", "This sweep reaches this committee later, in its staggered window (错峰).")
    /// 409 `sweep.nothing_to_correct` — the house's recorded use already is what the sweep found.
    public static let nothingToCorrect = DomainError.conflict("sweep.nothing_to_correct", "The base data already says what the sweep found.")
}
