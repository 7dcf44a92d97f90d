public import ChengyunCore
public import Foundation

/// 物业 — property companies with their handling units, the compounds they serve, the counts of their record, the
/// emergency repairs waiting for someone to arrive, and the notices they acknowledge.
public protocol PropertyCompanyStore: Sendable {
    /// Files a company with its district: its handling unit (a `wuye` department of code `departmentCode` at the
    /// district) and the company in one commit. Throws `PropertyError.duplicate` for a credit code filed there already.
    func createPropertyCompany(_ company: PropertyCompany, departmentCode: String) async throws -> PropertyCompany
    func propertyCompany(_ id: PropertyCompanyID) async throws -> PropertyCompany?
    func propertyCompanies(_ ids: [PropertyCompanyID]) async throws -> [PropertyCompany]
    /// The company whose handling unit is `department`.
    func propertyCompany(department: DepartmentID) async throws -> PropertyCompany?
    /// The companies filed with a district under `path` or serving a compound under it, by id, after the cursor.
    func propertyCompanies(under path: String, after: PropertyCompanyID?, limit: Int) async throws -> [PropertyCompany]
    /// Puts a compound in a company's hands (nil: none); its version goes up. Nil when there is no such compound.
    func setCompoundCompany(_ compound: CompoundID, _ company: PropertyCompany?) async throws -> Compound?
    /// The compounds a company serves, by code.
    func compounds(of company: PropertyCompanyID) async throws -> [Compound]
    /// The record of each company over [from, to), counted by the database: cases and hotline complaints in its
    /// compounds, its emergency repairs of `repairCategories` first sent before `repairsBefore` (reached within
    /// `arrivalSeconds` of being sent, passed on), ratings (satisfied at `satisfiedScore` and above), its compounds and
    /// households now, notices sent to it in the period and acknowledged by their due time.
    func companyRecords(_ ids: [PropertyCompanyID], from: Date, to: Date, repairCategories: [String], repairsBefore: Date, arrivalSeconds: Int,
                        satisfiedScore: Int) async throws -> [PropertyCompanyID: CompanyRecord]
    /// Emergency repairs still waiting for someone to arrive: cases of `categories` dispatched (not yet started)
    /// before `dispatchedBefore` to one of `leads` (the departments the clock may move a repair on from), oldest first.
    func repairsAwaitingArrival(categories: [String], dispatchedBefore: Date, leads: [DepartmentID], limit: Int) async throws -> [CaseRecord]

    /// Sends a notice to `recipients` (ids and names filled in); the stored notice comes back.
    func createCompanyNotice(_ notice: CompanyNotice) async throws -> CompanyNotice
    func companyNotice(_ id: CompanyNoticeID) async throws -> CompanyNotice?
    /// Notices sent from a node under `path` (nil: any) and to `company` (nil: any), newest first, after the cursor.
    func companyNotices(under path: String?, to company: PropertyCompanyID?, after: CompanyNoticeID?, limit: Int) async throws -> [CompanyNotice]
    /// Records a company's acknowledgement; when it acknowledged already the stored notice comes back with `created`
    /// false. Nil when the notice did not go to the company.
    func acknowledgeCompanyNotice(_ id: CompanyNoticeID, company: PropertyCompanyID, byName: String, at: Date) async throws -> (notice: CompanyNotice, created: Bool)?
}
