import ChengyunCore
import ChengyunServer
import ChengyunStore
import Testing

/// Opens a database through the composition root, as every command does.
func openDeployment(_ url: String, keys: String, _ use: StoreUse = .city) async throws -> any DeploymentStore {
    var configuration = ChengyunConfiguration()
    configuration.database.url = url
    configuration.security.dataKeysFile = keys
    configuration.logging.level = "error"
    return try await CompositionRoot(configuration).openStore(use)
}

/// Expects `copy` to hold `count` cases, the same as `original`'s field for field, with the same histories and
/// attachment bytes (backup and restore, migrate).
func expectSameCases(_ original: any DeploymentStore, _ copy: any DeploymentStore, count: Int) async throws {
    let before = try await original.cases(CaseQuery(scope: .everything, limit: nil)).items
    let after = try await copy.cases(CaseQuery(scope: .everything, limit: nil)).items
    #expect(before.count == count && after == before, "every case, field for field")
    var photos = 0
    for c in before {
        #expect(try await copy.events(of: c.id) == original.events(of: c.id), "history of \(c.number)")
        for a in try await original.attachments(of: c.id) {
            photos += 1
            #expect(try await copy.attachment(a.id)?.bytes == original.attachment(a.id)?.bytes, "attachment \(a.id)")
        }
    }
    #expect(photos > 0, "the demo city has photos to carry")
    // 申请材料: the documents of the demo's requests, with their bytes.
    let ids = Array(Int64(1)...Int64(2_000))
    let documents = try await original.documents(of: .serviceRequest, ids: ids)
    #expect(!documents.isEmpty, "the demo city has materials to carry")
    #expect(try await copy.documents(of: .serviceRequest, ids: ids) == documents, "every document, field for field")
    for d in documents.values.flatMap({ $0 }) {
        #expect(try await copy.document(d.id)?.bytes == original.document(d.id)?.bytes, "document \(d.id)")
    }
}
