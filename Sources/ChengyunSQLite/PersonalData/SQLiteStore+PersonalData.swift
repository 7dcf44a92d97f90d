import ChengyunCore
import ChengyunStore
import Foundation
import GRDB

extension SQLiteStore {
    func sealPersonal(_ plain: String?) throws -> String? {
        guard let plain, let cipher else { return plain }
        return try cipher.seal(plain)
    }

    func openPersonal(_ stored: String?) throws -> String? {
        guard let stored, let cipher else { return stored }
        return try cipher.open(stored)
    }

    /// Seals every personal field that is in plain text or under an older key with the current key (after a key
    /// rotation, or on a database written before encryption), a batch per transaction; returns how many users and
    /// cases were sealed anew.
    public func resealPersonalData() async throws -> (users: Int, cases: Int) {
        guard let cipher else { return (0, 0) }
        let users = try await writer.write { db in
            var n = 0
            for row in try Row.fetchAll(db, sql: "SELECT id, phone FROM app_user WHERE phone IS NOT NULL") {
                let stored: String = row["phone"]
                guard !cipher.isCurrent(stored) else { continue }
                try db.execute(sql: "UPDATE app_user SET phone = ? WHERE id = ?", arguments: [try cipher.seal(try cipher.open(stored)), row["id"] as Int64])
                n += 1
            }
            return n
        }
        var cases = 0
        var after: Int64 = 0
        while true {
            let from = after
            let rows = try await read { db in
                try Row.fetchAll(db, sql: "SELECT id, reporter_name, reporter_phone FROM case_record WHERE id > ? ORDER BY id LIMIT 500", arguments: [from])
                    .map { (id: $0["id"] as Int64, name: $0["reporter_name"] as String?, phone: $0["reporter_phone"] as String?) }
            }
            guard let last = rows.last else { break }
            after = last.id
            var changed: [(Int64, String?, String?)] = []
            for row in rows {
                guard [row.name, row.phone].compactMap({ $0 }).contains(where: { !cipher.isCurrent($0) }) else { continue }
                changed.append((row.id, try sealPersonal(try openPersonal(row.name)), try sealPersonal(try openPersonal(row.phone))))
            }
            guard !changed.isEmpty else { continue }
            let batch = changed
            try await writer.write { db in
                // Only the sealed fields change: the version stays, so nobody's If-Match goes stale.
                for (id, name, phone) in batch {
                    try db.execute(sql: "UPDATE case_record SET reporter_name = ?, reporter_phone = ? WHERE id = ?", arguments: [name, phone, id])
                }
            }
            cases += batch.count
        }
        return (users, cases)
    }
}

extension SQLiteStore {
    /// Opens one sealed value, so a database sealed with keys that are not configured fails at start, not at the
    /// first read of a phone number.
    public func checkDataKeys() throws {
        guard let cipher else { return }
        let sample = try pool.read { db in
            try String.fetchOne(db, sql: "SELECT phone FROM app_user WHERE phone LIKE 'enc1:%' LIMIT 1")
        }
        if let sample { _ = try cipher.open(sample) }
    }
}
