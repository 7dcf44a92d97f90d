import PostgresNIO
import ChengyunStore

extension PostgresStore {
    /// A personal field as stored: sealed with the current data key when the store has a cipher.
    func sealPersonal(_ plain: String?) throws -> String? {
        guard let plain, let cipher else { return plain }
        return try cipher.seal(plain)
    }

    /// A stored personal field opened.
    func openPersonal(_ stored: String?) throws -> String? {
        guard let stored, let cipher else { return stored }
        return try cipher.open(stored)
    }
}

extension PostgresStore {
    /// Seals every personal field that is in plain text or under an older key with the current key, a batch per
    /// transaction; returns how many users and cases were sealed anew.
    public func resealPersonalData() async throws -> (users: Int, cases: Int) {
        guard let cipher else { return (0, 0) }
        var users = 0
        for row in try await rows("SELECT id, phone FROM app_user WHERE phone IS NOT NULL ORDER BY id") {
            let (id, stored) = try row.decode((Int64, String).self)
            guard !cipher.isCurrent(stored) else { continue }
            try await rows("UPDATE app_user SET phone = \(try cipher.seal(try cipher.open(stored))) WHERE id = \(id) AND phone = \(stored)")
            users += 1
        }
        var cases = 0
        var after: Int64 = 0
        while true {
            let batch = try await rows("""
                SELECT id, reporter_name, reporter_phone FROM case_record WHERE id > \(after) ORDER BY id LIMIT 500
                """).map { try $0.decode((Int64, String?, String?).self) }
            guard let last = batch.last else { break }
            after = last.0
            let changed = try batch.filter { row in [row.1, row.2].compactMap { $0 }.contains { !cipher.isCurrent($0) } }
                .map { (id: $0.0, name: try sealPersonal(try openPersonal($0.1)), phone: try sealPersonal(try openPersonal($0.2))) }
            guard !changed.isEmpty else { continue }
            // Only the sealed fields change: the version stays, so nobody's If-Match goes stale.
            try await rows("""
                UPDATE case_record c SET reporter_name = CASE WHEN x.has_name THEN x.name END, reporter_phone = CASE WHEN x.has_phone THEN x.phone END
                FROM unnest(\(changed.map(\.id)), \(changed.map { $0.name != nil }), \(changed.map { $0.name ?? "" }),
                            \(changed.map { $0.phone != nil }), \(changed.map { $0.phone ?? "" })) AS x(id, has_name, name, has_phone, phone)
                WHERE c.id = x.id
                """)
            cases += changed.count
        }
        return (users, cases)
    }

    /// Opens one sealed value, so a database sealed with keys that are not configured fails at start.
    public func checkDataKeys() async throws {
        guard let cipher else { return }
        if let sample = try await rows("SELECT phone FROM app_user WHERE phone LIKE 'enc1:%' LIMIT 1").first?.decode(String.self) {
            _ = try cipher.open(sample)
        }
    }

    /// - Throws: `PostgresStoreError` when the database holds no city yet.
    public func requireCity() async throws {
        guard try await rows("SELECT count(*) FROM org_node WHERE kind = 'city'")[0].decode(Int64.self) > 0 else {
            throw PostgresStoreError(description: "\(url) holds no city yet: build a demo city with `chengyun demo`, or import the city's boundary with `chengyun import grids FILE`")
        }
    }
}
