import ChengyunCore
import ChengyunStore

extension CaseStore {
    /// Loads a case the identity may see; a case outside the scope is reported as not found.
    func visibleCase(_ id: CaseID, by identity: Identity) async throws -> CaseRecord {
        guard let record = try await caseRecord(id), CaseScope.of(identity).contains(record) else {
            throw CaseError.notFound(id)
        }
        return record
    }

    /// A case an external system sent, by its own reference: only that system (a key with the source) or staff who
    /// see the case may read it.
    func externalCase(ref: String, source: CaseSource, by identity: Identity) async throws -> CaseRecord {
        let allowed: (CaseRecord) -> Bool = { record in
            identity.isSystem ? identity.systemSources.contains(source) && identity.sees(path: record.nodePath) : CaseScope.of(identity).contains(record)
        }
        guard let record = try await caseRecord(externalRef: ref, source: source), allowed(record) else {
            throw CaseError.externalNotFound(ref, source: source)
        }
        return record
    }
}
