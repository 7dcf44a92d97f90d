public import ChengyunCore
public import ChengyunStore
public import Foundation
import GRDB

extension SQLiteStore {
    public func createUser(_ draft: UserDraft) async throws -> User {
        try await createUsers([draft])[0]
    }

    public func createUsers(_ drafts: [UserDraft]) async throws -> [User] {
        let phones = try drafts.map { try sealPersonal($0.phone) }
        let ids = try await writer.write { db in
            try zip(drafts, phones).map { draft, phone in
                if try Bool.fetchOne(db, sql: "SELECT 1 FROM app_user WHERE username = ?", arguments: [draft.username]) == true {
                    throw UserError.duplicateUsername(draft.username)
                }
                try db.execute(
                    sql: "INSERT INTO app_user (username, display_name, phone, password_hash, demo_password) VALUES (?, ?, ?, ?, ?)",
                    arguments: [draft.username, draft.displayName, phone, draft.passwordHash, draft.demoPassword])
                let id = db.lastInsertedRowID
                try Self.insertAssignments(db, draft.assignments, user: id)
                return UserID(id)
            }
        }
        return try await read { db in try ids.map { try self.fetchUser(db, $0)! } }
    }

    static func insertAssignments(_ db: Database, _ assignments: [AssignmentDraft], user id: Int64) throws {
        for (i, a) in assignments.enumerated() {
            guard try Self.fetchNode(db, a.nodeID) != nil else {
                throw UserError.assignmentNode(a.nodeID, index: i)
            }
            if (a.role == .departmentHandler) != (a.departmentID != nil) {
                throw UserError.handlerDepartment(index: i)
            }
            if let d = a.departmentID,
               try Bool.fetchOne(db, sql: "SELECT 1 FROM department WHERE id = ?", arguments: [d.rawValue]) != true {
                throw UserError.assignmentDepartment(d, index: i)
            }
            try db.execute(
                sql: "INSERT OR IGNORE INTO assignment (user_id, role, node_id, department_id) VALUES (?, ?, ?, ?)",
                arguments: [id, a.role.rawValue, a.nodeID.rawValue, a.departmentID?.rawValue])
        }
    }

    public func updateUser(_ id: UserID, displayName: String, phone: String?, assignments: [AssignmentDraft]?, active: Bool?) async throws -> User {
        let phone = try sealPersonal(phone)
        try await writer.write { db in
            try db.execute(sql: "UPDATE app_user SET display_name = ?, phone = ?, active = coalesce(?, active) WHERE id = ?",
                           arguments: [displayName, phone, active, id.rawValue])
            guard db.changesCount == 1 else { throw UserError.notFound(id) }
            if let assignments {
                try db.execute(sql: "DELETE FROM assignment WHERE user_id = ?", arguments: [id.rawValue])
                try Self.insertAssignments(db, assignments, user: id.rawValue)
            }
            if assignments != nil || active == false {
                try db.execute(sql: "DELETE FROM session WHERE user_id = ?", arguments: [id.rawValue])
            }
        }
        return try await read { db in try self.fetchUser(db, id)! }
    }

    func fetchUser(_ db: Database, _ id: UserID) throws -> User? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM app_user WHERE id = ?", arguments: [id.rawValue]) else { return nil }
        return try user(db, row)
    }

    func user(_ db: Database, _ row: Row) throws -> User {
        let id = UserID(row["id"] as Int64)
        let assignments = try Row.fetchAll(db, sql: """
            SELECT a.role, a.node_id, a.department_id, n.path FROM assignment a JOIN org_node n ON n.id = a.node_id
            WHERE a.user_id = ? ORDER BY a.rowid
            """, arguments: [id.rawValue]).map { r in
            Assignment(
                role: Role(rawValue: r["role"]) ?? .resident, nodeID: NodeID(r["node_id"] as Int64), nodePath: r["path"],
                departmentID: (r["department_id"] as Int64?).map(DepartmentID.init(rawValue:)))
        }
        return User(id: id, username: row["username"], displayName: row["display_name"], phone: try openPersonal(row["phone"]), active: row["active"],
                    assignments: assignments)
    }

    public func user(_ id: UserID) async throws -> User? {
        try await read { db in try self.fetchUser(db, id) }
    }

    public func displayNames(of ids: some Collection<UserID> & Sendable) async throws -> [UserID: String] {
        try await read { db in
            var out: [UserID: String] = [:]
            try inChunks(ids.map(\.rawValue)) { chunk, marks in
                for row in try Row.fetchAll(db, sql: "SELECT id, display_name FROM app_user WHERE id IN (\(marks))", arguments: StatementArguments(chunk)) {
                    out[UserID(row[0] as Int64)] = row[1]
                }
            }
            return out
        }
    }

    public func credentials(username: String) async throws -> (user: User, passwordHash: String)? {
        try await read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM app_user WHERE username = ?", arguments: [username]) else { return nil }
            return (try self.user(db, row), row["password_hash"] as String)
        }
    }

    public func users(under path: String, limit: Int, offset: Int) async throws -> [User] {
        let (low, high) = Self.pathRange(path)
        return try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM app_user WHERE id IN (
                    SELECT a.user_id FROM assignment a JOIN org_node n ON n.id = a.node_id WHERE n.path >= ? AND n.path < ?)
                ORDER BY id LIMIT ? OFFSET ?
                """, arguments: [low, high, limit, offset]).map { try self.user(db, $0) }
        }
    }

    public func staff(at node: NodeID, limit: Int) async throws -> [User] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM app_user WHERE active AND id IN (SELECT user_id FROM assignment WHERE node_id = ? AND role <> 'resident') ORDER BY id LIMIT ?
                """, arguments: [node.rawValue, limit]).map { try self.user(db, $0) }
        }
    }

    public func setUserActive(_ id: UserID, active: Bool) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE app_user SET active = ? WHERE id = ?", arguments: [active, id.rawValue])
            guard db.changesCount == 1 else { throw UserError.notFound(id) }
            if !active { try db.execute(sql: "DELETE FROM session WHERE user_id = ?", arguments: [id.rawValue]) }
        }
    }

    public func createSession(tokenHash: String, userID: UserID, expiresAt: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: "INSERT INTO session (token_hash, user_id, expires_at) VALUES (?, ?, ?)",
                           arguments: [tokenHash, userID.rawValue, expiresAt.timeIntervalSince1970])
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        try await writer.write { db in try db.execute(sql: "DELETE FROM session WHERE token_hash = ?", arguments: [tokenHash]) }
    }

    public func createAPIKey(name: String, keyHash: String, sources: Set<CaseSource>, nodeID: NodeID) async throws -> APIKeyRecord {
        let sourceText = sources.map(\.rawValue).sorted().joined(separator: ",")
        let id = try await writer.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM api_key WHERE name = ?", arguments: [name]) == true {
                throw AccountError.duplicateKeyName(name)
            }
            guard try Self.fetchNode(db, nodeID) != nil else {
                throw OrganisationError.nodeMissing(nodeID)
            }
            try db.execute(sql: "INSERT INTO api_key (name, key_hash, sources, node_id) VALUES (?, ?, ?, ?)",
                           arguments: [name, keyHash, sourceText, nodeID.rawValue])
            return db.lastInsertedRowID
        }
        return try await read { db in try Self.fetchAPIKey(db, "k.id = ?", [id])! }
    }

    public func apiKey(keyHash: String) async throws -> APIKeyRecord? {
        try await read { db in try Self.fetchAPIKey(db, "k.key_hash = ? AND k.active = 1", [keyHash]) }
    }

    static func fetchAPIKey(_ db: Database, _ condition: String, _ args: StatementArguments) throws -> APIKeyRecord? {
        try Row.fetchOne(db, sql: "SELECT k.*, n.path FROM api_key k JOIN org_node n ON n.id = k.node_id WHERE \(condition)", arguments: args).map(apiKeyRecord)
    }

    static func apiKeyRecord(_ r: Row) -> APIKeyRecord {
        let sources = Set((r["sources"] as String).split(separator: ",").compactMap { CaseSource(rawValue: String($0)) })
        var record = APIKeyRecord(id: r["id"], name: r["name"], sources: sources, nodeID: NodeID(r["node_id"] as Int64), nodePath: r["path"], active: r["active"])
        if let purpose = r["terms_purpose"] as String? {
            record.terms = SharingTerms(purpose: purpose, dailyLimit: r["terms_daily_limit"], until: (r["terms_until"] as Double?).map(Date.init(timeIntervalSince1970:)))
        }
        return record
    }
}
