public import ChengyunCore

/// 准入清单 — the admission list: the matters the city and each district let upper levels push down to committees.
public protocol AdmissionStore: Sendable {
    /// - Throws: `AdmissionError.duplicateCode`.
    func createAdmissionItem(_ item: AdmissionItem) async throws -> AdmissionItem
    func admissionItem(_ id: AdmissionItemID) async throws -> AdmissionItem?
    /// The items that admit work over `path`: the city's and those of the district it lies in (or the items kept on or
    /// under `path` itself, with `under`), by code.
    func admissionItems(over path: String, under: Bool) async throws -> [AdmissionItem]
    /// Takes an item off the list or puts it back; the version goes up. Nil when there is none.
    func setAdmissionItemActive(_ id: AdmissionItemID, _ active: Bool) async throws -> AdmissionItem?
}
