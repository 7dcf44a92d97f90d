import ChengyunCore
import ChengyunStore

extension AccountStore {
    /// The API keys an admin may see: those on or under the nodes it administers.
    func apiKeys(administeredBy identity: Identity) async throws -> [APIKeyRecord] {
        try identity.require(anyOf: [.admin], to: "list API keys")
        var seen = Set<Int64>()
        var keys: [APIKeyRecord] = []
        for path in identity.paths(for: [.admin]) {
            for k in try await apiKeys(under: path) where seen.insert(k.id).inserted { keys.append(k) }
        }
        return keys.sorted { $0.id < $1.id }
    }

    /// A key an admin over its node may act on.
    func requireAPIKey(_ id: Int64, by identity: Identity, to action: String) async throws -> APIKeyRecord {
        guard let key = try await apiKey(id: id) else { throw AccountError.apiKeyNotFound(id) }
        try identity.require(anyOf: [.admin], at: key.nodePath, to: action)
        return key
    }
}

extension AuditStore {
    /// Appends to the audit trail.
    func appendAudit(_ entries: AuditEntry...) async throws {
        try await appendAudit(entries)
    }
}
