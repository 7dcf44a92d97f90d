/// Errors of property companies, their repairs and notices.
public enum PropertyError {
    /// 404 `property.not_found`
    public static func notFound(_ id: PropertyCompanyID) -> DomainError { .notFound("property.not_found", "There is no property company \(id) you may see.") }
    /// 404 `property.notice_not_found`
    public static func noticeNotFound(_ id: CompanyNoticeID) -> DomainError { .notFound("property.notice_not_found", "There is no notice \(id) you may see.") }
    /// 400 `property.credit_code` — 18 characters of GB 32100 with a matching check character.
    public static let creditCode = DomainError.invalid("property.credit_code",
        "The unified social credit code is 18 characters (digits and capitals other than I, O, S, V, Z) whose last is the check character of the others.",
        field: "creditCode")
    /// 409 `property.duplicate` — a company of that credit code is filed with the district already.
    public static let duplicate = DomainError.conflict("property.duplicate", "A company with this credit code is filed with this district already.", field: "creditCode")
    /// 422 `property.district` — a company is filed with a district.
    public static let district = DomainError.unprocessable("property.district", "A property company is filed with a district: name the district.", field: "districtId")
    /// 422 `property.self_managed` — a self-managed compound has no company.
    public static let selfManaged = DomainError.unprocessable("property.self_managed",
        "The compound is self-managed: it has no property company (its emergency repairs go to the street's repair service).", field: "companyId")
    /// 422 `property.other_district` — the company is filed with another district than the compound's.
    public static let otherDistrict = DomainError.unprocessable("property.other_district",
        "The company is filed with another district: file it with the compound's district first.", field: "companyId")
    /// 422 `property.no_companies` — no company serves a compound in the area the notice is sent to.
    public static let noCompanies = DomainError.unprocessable("property.no_companies", "No property company serves a compound here: the notice would reach no one.", field: "nodeId")
    /// 422 `property.notice_level` — notices are sent by a street or a district.
    public static let noticeLevel = DomainError.unprocessable("property.notice_level", "Notices to property companies are sent by a street or a district.", field: "nodeId")
    /// 400 `property.due_hours` — 1 to 168 hours to acknowledge.
    public static let dueHours = DomainError.invalid("property.due_hours", "Give the companies 1 to 168 hours to acknowledge.", field: "dueHours")
    /// 403 `property.not_recipient` — only a company the notice went to acknowledges it.
    public static let notRecipient = DomainError.forbidden("property.not_recipient", "Only the staff of a company the notice went to acknowledge it.")
    /// 404 `property.no_home` — the resident's home is not known (no verified registration, or no house on record).
    public static let noHome = DomainError.notFound("property.no_home",
        "Your home is not on record yet: register by your building group's QR code and ask the committee to verify it.")
    /// 400 `property.notice_text` — a notice has a title and a body.
    public static func noticeText(_ field: String) -> DomainError { .invalid("property.notice_text", "A notice needs a title and a body.", field: field) }
}
