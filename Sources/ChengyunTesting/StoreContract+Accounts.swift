import ChengyunCore
public import ChengyunStore
import Foundation
import Testing

extension StoreContract {
    /// 账户: users in bulk and by id, details and roles changed (sessions end when the roles change), sessions ended one
    /// by one or by a new password (but the one kept), sign-in failures counted per username whatever its case, demo
    /// accounts, API keys listed by area, revoked and rotated.
    public static func accounts(_ fresh: @Sendable () async throws -> any OrganisationStore & UserStore & AccountStore) async throws {
        let store = try await fresh()
        let t = try await tree(store)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let made = try await store.createUsers([
            UserDraft(username: "zhao", displayName: "赵一", phone: "13800000001", passwordHash: "h1",
                      assignments: [AssignmentDraft(role: .gridInspector, nodeID: t.committee.id)], demoPassword: true),
            UserDraft(username: "qian", displayName: "钱二", phone: nil, passwordHash: "h2", assignments: [AssignmentDraft(role: .leader, nodeID: t.district.id)]),
        ])
        #expect(made.map(\.username) == ["zhao", "qian"])
        #expect(made[0].phone == "13800000001" && made[0].active)
        #expect(try await store.user(made[0].id) == made[0])
        #expect(try await store.user(UserID(987_654)) == nil)
        #expect(try await store.displayNames(of: [made[1].id, UserID(987_654), made[0].id]) == [made[0].id: "赵一", made[1].id: "钱二"])
        #expect(try await store.credentials(username: "nobody") == nil)
        #expect(try await store.accountsWithDemoPassword(limit: 10) == ["zhao"])
        #expect(try await store.users(under: t.city.path, limit: 1, offset: 1).map(\.id) == [made[1].id], "paged by id")
        // A batch with one bad user stores none of them.
        await #expect(throws: DomainError.self) {
            _ = try await store.createUsers([
                UserDraft(username: "sun", displayName: "孙三", phone: nil, passwordHash: "h", assignments: []),
                UserDraft(username: "ZHAO", displayName: "重名", phone: nil, passwordHash: "h", assignments: []),
            ])
        }
        #expect(try await store.credentials(username: "sun") == nil, "a refused batch stores nothing")

        // Details change without ending sessions; new roles end them; so does disabling.
        try await store.createSession(tokenHash: "s1", userID: made[0].id, expiresAt: now.addingTimeInterval(3600))
        try await store.createSession(tokenHash: "s2", userID: made[0].id, expiresAt: now.addingTimeInterval(3600))
        let renamed = try await store.updateUser(made[0].id, displayName: "赵大", phone: "13800000009", assignments: nil, active: nil)
        #expect(renamed.displayName == "赵大" && renamed.phone == "13800000009" && renamed.assignments == made[0].assignments)
        #expect(try await store.session(tokenHash: "s1", now: now)?.user.displayName == "赵大")
        #expect(try await store.session(tokenHash: "s1", now: now)?.expiresAt == now.addingTimeInterval(3600))
        try await store.deleteSession(tokenHash: "s1")
        #expect(try await store.session(tokenHash: "s1", now: now) == nil)
        #expect(try await store.session(tokenHash: "s2", now: now) != nil, "ending one session leaves the others")
        let moved = try await store.updateUser(made[0].id, displayName: "赵大", phone: nil,
                                               assignments: [AssignmentDraft(role: .dutyOfficer, nodeID: t.street.id)], active: nil)
        #expect(moved.assignments.map(\.role) == [.dutyOfficer] && moved.assignments.map(\.nodePath) == [t.street.path] && moved.phone == nil)
        #expect(try await store.session(tokenHash: "s2", now: now) == nil, "new roles end the sessions")
        #expect(try await store.users(under: t.committee.path, limit: 10, offset: 0).isEmpty, "the old role's node no longer lists them")
        // Staff: a committee's own (its residents left out) and those exactly at the nodes named (its street's and district's).
        let locals = try await store.createUsers([
            UserDraft(username: "zhou", displayName: "周居民", phone: nil, passwordHash: "h", assignments: [AssignmentDraft(role: .resident, nodeID: t.committee.id)]),
            UserDraft(username: "wu", displayName: "吴社工", phone: nil, passwordHash: "h", assignments: [AssignmentDraft(role: .communityWorker, nodeID: t.committee.id)]),
        ])
        #expect(try await store.staff(at: t.committee.id, limit: 10).map(\.id) == [locals[1].id], "residents are not staff")
        #expect(try await store.staff(at: t.street.id, limit: 10).map(\.id) == [made[0].id])
        #expect(try await store.staff(at: t.district.id, limit: 10).map(\.id) == [made[1].id])
        #expect(try await store.staff(at: t.grid.id, limit: 10).isEmpty, "exactly at the node")
        #expect(try await store.staff(at: t.committee.id, limit: 0).isEmpty)
        await #expect(throws: DomainError.self) { _ = try await store.updateUser(UserID(987_654), displayName: "x", phone: nil, assignments: nil, active: nil) }
        try await store.createSession(tokenHash: "s3", userID: made[1].id, expiresAt: now.addingTimeInterval(3600))
        _ = try await store.updateUser(made[1].id, displayName: "钱二", phone: nil, assignments: nil, active: false)
        #expect(try await store.session(tokenHash: "s3", now: now) == nil, "disabling ends the sessions")
        #expect(try await store.user(made[1].id)?.active == false)
        #expect(try await store.staff(at: t.district.id, limit: 10).isEmpty, "disabled users are not offered")
        #expect(try await store.accountsWithDemoPassword(limit: 10) == ["zhao"])
        try await store.setUserActive(made[1].id, active: true)
        #expect(try await store.user(made[1].id)?.active == true)

        // A new password ends every session but the one kept, and the account no longer has the demo password.
        for hash in ["a", "b", "c"] { try await store.createSession(tokenHash: hash, userID: made[0].id, expiresAt: now.addingTimeInterval(3600)) }
        let ended = try await store.setPassword(made[0].id, hash: "new-hash", keepingSession: "b")
        #expect(Set(ended) == ["a", "c"])
        #expect(try await store.session(tokenHash: "b", now: now) != nil)
        #expect(try await store.session(tokenHash: "a", now: now) == nil)
        #expect(try await store.credentials(username: "zhao")?.passwordHash == "new-hash")
        #expect(try await store.accountsWithDemoPassword(limit: 10).isEmpty)
        #expect(Set(try await store.setPassword(made[0].id, hash: "newer", keepingSession: nil)) == ["b"])
        await #expect(throws: DomainError.self) { _ = try await store.setPassword(UserID(987_654), hash: "x", keepingSession: nil) }

        // Sign-in failures: counted per username in one transaction, whatever its case; cleared after success.
        let policy = SignInPolicy()
        #expect(try await store.signInRecord(username: "ghost") == nil)
        var record = try await store.recordSignInFailure(username: "Ghost", at: now, policy: policy)
        #expect(record == policy.afterFailure(nil, now: now))
        record = try await store.recordSignInFailure(username: "ghost", at: now.addingTimeInterval(1), policy: policy)
        #expect(record.failures == 2)
        #expect(try await store.signInRecord(username: "GHOST") == record)
        try await store.clearSignInFailures(username: "ghost")
        #expect(try await store.signInRecord(username: "Ghost") == nil)

        // API keys: by area, revoked for good, rotated (the old hash stops working at once).
        let city = try await store.createAPIKey(name: "12345", keyHash: "k1", sources: [.hotline], nodeID: t.city.id)
        let street = try await store.createAPIKey(name: "视频", keyHash: "k2", sources: [.video, .sensor], nodeID: t.street.id)
        #expect(street.sources == [.video, .sensor] && street.active && street.terms == nil)
        #expect(try await store.apiKeys(under: t.city.path).map(\.id) == [city.id, street.id])
        #expect(try await store.apiKeys(under: t.district.path).map(\.id) == [street.id])
        #expect(try await store.apiKey(id: street.id) == street)
        try await store.rotateAPIKey(id: street.id, keyHash: "k2-new")
        #expect(try await store.apiKey(keyHash: "k2") == nil)
        #expect(try await store.apiKey(keyHash: "k2-new")?.id == street.id)
        try await store.revokeAPIKey(id: street.id)
        #expect(try await store.apiKey(id: street.id)?.active == false)
        await #expect(throws: DomainError.self) { try await store.rotateAPIKey(id: street.id, keyHash: "k2-again") }
        await #expect(throws: DomainError.self) { try await store.revokeAPIKey(id: 987_654) }
        #expect(try await store.apiKey(keyHash: "k1")?.active == true)
    }

    /// 使用痕迹: appended lines read back newest first, filtered by actor, subject, action prefix and period, paged by id;
    /// counted per actor.
    public static func audit(_ fresh: @Sendable () async throws -> any OrganisationStore & UserStore & AuditStore) async throws {
        let store = try await fresh()
        let t = try await tree(store)
        let users = try await store.createUsers(["a1", "a2"].map {
            UserDraft(username: $0, displayName: $0, phone: nil, passwordHash: "h", assignments: [AssignmentDraft(role: .admin, nodeID: t.city.id)])
        })
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        try await store.appendAudit([
            AuditEntry(at: t0, actorID: users[0].id, actor: "a1", action: "personal.read", target: "case:1", subjectUserID: users[1].id,
                       reason: "回访", address: "10.0.0.1", detail: "phone"),
            AuditEntry(at: t0.addingTimeInterval(60), actorID: users[0].id, actor: "a1", action: "user.password_reset", target: "user:2"),
            AuditEntry(at: t0.addingTimeInterval(120), actorID: users[1].id, actor: "a2", action: "personal.export", target: "export:1"),
            AuditEntry(at: t0.addingTimeInterval(180), actorID: nil, actor: "platform", action: "auth.sign_in_failed", target: "user:ghost"),
        ])
        try await store.appendAudit([])
        let all = try await store.audit(AuditQuery())
        #expect(all.map(\.action) == ["auth.sign_in_failed", "personal.export", "user.password_reset", "personal.read"])
        #expect(Set(all.map(\.id)).count == 4)
        let first = try #require(all.last)
        #expect(first.at == t0 && first.actorID == users[0].id && first.subjectUserID == users[1].id && first.reason == "回访"
                && first.address == "10.0.0.1" && first.detail == "phone" && first.target == "case:1")
        #expect(try await store.audit(AuditQuery(actorID: users[0].id)).map(\.action) == ["user.password_reset", "personal.read"])
        #expect(try await store.audit(AuditQuery(subjectUserID: users[1].id)).map(\.action) == ["personal.read"])
        #expect(try await store.audit(AuditQuery(actionPrefix: "personal.")).map(\.action) == ["personal.export", "personal.read"])
        #expect(try await store.audit(AuditQuery(from: t0.addingTimeInterval(60), to: t0.addingTimeInterval(180))).map(\.action)
                == ["personal.export", "user.password_reset"], "from inclusive, to exclusive")
        let page = try await store.audit(AuditQuery(limit: 2))
        #expect(page.map(\.action) == ["auth.sign_in_failed", "personal.export"])
        #expect(try await store.audit(AuditQuery(before: page.last?.id, limit: 2)).map(\.action) == ["user.password_reset", "personal.read"])
        #expect(try await store.auditCount(actorID: users[0].id, actionPrefix: "personal.", since: t0) == 1)
        #expect(try await store.auditCount(actorID: users[0].id, actionPrefix: "", since: t0) == 2)
        #expect(try await store.auditCount(actorID: users[0].id, actionPrefix: "personal.", since: t0.addingTimeInterval(1)) == 0)
    }

    /// 数据共享: a key's terms, its temporary widenings (in force, ended early, expired) and its usage per day, added up.
    public static func sharing(_ fresh: @Sendable () async throws -> any OrganisationStore & UserStore & AccountStore & SharingStore) async throws {
        let store = try await fresh()
        let t = try await tree(store)
        let key = try await store.createAPIKey(name: "公安", keyHash: "k", sources: [.police110], nodeID: t.street.id)
        let other = try await store.createAPIKey(name: "水务", keyHash: "k2", sources: [.sensor], nodeID: t.city.id)
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let terms = SharingTerms(purpose: "非警务警情分流", dailyLimit: 500, until: t0.addingTimeInterval(86_400 * 30))
        try await store.setTerms(keyID: key.id, terms: terms)
        #expect(try await store.apiKey(id: key.id)?.terms == terms)
        #expect(try await store.apiKey(keyHash: "k")?.terms == terms)
        #expect(try await store.apiKey(id: other.id)?.terms == nil)
        await #expect(throws: DomainError.self) { try await store.setTerms(keyID: 987_654, terms: terms) }

        let w1 = try await store.createWidening(keyID: key.id, nodeID: t.district.id, reason: "防汛", grantedBy: "admin", at: t0, expiresAt: t0.addingTimeInterval(3600))
        #expect(w1.keyID == key.id && w1.nodeID == t.district.id && w1.nodePath == t.district.path && w1.reason == "防汛" && w1.grantedBy == "admin")
        #expect(w1.grantedAt == t0 && w1.expiresAt == t0.addingTimeInterval(3600) && w1.endedAt == nil)
        let w2 = try await store.createWidening(keyID: key.id, nodeID: t.city.id, reason: "台风", grantedBy: "admin", at: t0.addingTimeInterval(60),
                                                expiresAt: t0.addingTimeInterval(7200))
        _ = try await store.createWidening(keyID: other.id, nodeID: t.city.id, reason: "x", grantedBy: "admin", at: t0, expiresAt: t0.addingTimeInterval(60))
        #expect(try await store.widenings(keyID: key.id, activeAt: nil).map(\.id) == [w2.id, w1.id], "newest first")
        #expect(try await store.widenings(keyID: key.id, activeAt: t0.addingTimeInterval(30)).map(\.id) == [w1.id], "not yet granted")
        #expect(try await store.widenings(keyID: key.id, activeAt: t0.addingTimeInterval(3600)).map(\.id) == [w2.id], "expired")
        try await store.endWidening(id: w2.id, keyID: key.id, at: t0.addingTimeInterval(120))
        #expect(try await store.widenings(keyID: key.id, activeAt: t0.addingTimeInterval(130)).map(\.id) == [w1.id])
        #expect(try await store.widenings(keyID: key.id, activeAt: nil).first?.endedAt == t0.addingTimeInterval(120))
        await #expect(throws: DomainError.self) { try await store.endWidening(id: w2.id, keyID: key.id, at: t0.addingTimeInterval(200)) }
        await #expect(throws: DomainError.self) { try await store.endWidening(id: w1.id, keyID: other.id, at: t0.addingTimeInterval(200)) }

        try await store.addUsage([KeyUsage(keyID: key.id, day: "2026-12-01", requests: 10, refused: 1),
                                  KeyUsage(keyID: key.id, day: "2026-12-02", requests: 5, refused: 0),
                                  KeyUsage(keyID: other.id, day: "2026-12-02", requests: 7, refused: 2)])
        try await store.addUsage([KeyUsage(keyID: key.id, day: "2026-12-02", requests: 3, refused: 4)])
        try await store.addUsage([])
        #expect(try await store.usage(keyIDs: [key.id], from: "2026-12-01", to: "2026-12-02") == [
            KeyUsage(keyID: key.id, day: "2026-12-01", requests: 10, refused: 1), KeyUsage(keyID: key.id, day: "2026-12-02", requests: 8, refused: 4)])
        #expect(try await store.usage(keyIDs: nil, from: "2026-12-02", to: "2026-12-02").map(\.keyID) == [key.id, other.id], "by key, then day")
        #expect(try await store.usage(keyIDs: [], from: "2026-12-01", to: "2026-12-31").isEmpty)
        #expect(try await store.usage(keyIDs: nil, from: "2026-12-03", to: "2026-12-31").isEmpty)
    }

    /// 个人信息: a user's phone and a case reporter's name and phone read back as written, whatever the adapter keeps
    /// at rest (SQLite seals them with the cipher it is given); a case reported without them has none.
    public static func personalData(_ fresh: @Sendable () async throws -> any OrganisationStore & UserStore & CaseStore) async throws {
        let store = try await fresh()
        let t = try await tree(store)
        let user = try await store.createUser(UserDraft(username: "li", displayName: "李四", phone: "13912345678", passwordHash: "h", assignments: []))
        #expect(try await store.user(user.id)?.phone == "13912345678")
        #expect(try await store.credentials(username: "li")?.user.phone == "13912345678")
        var record = newCase(t.grid, at: Date(timeIntervalSince1970: 1_795_140_000))
        record.reporterName = "王女士"
        record.reporterPhone = "13700001234"
        let made = try await store.createCase(record, events: [])
        #expect(made.reporterName == "王女士" && made.reporterPhone == "13700001234")
        #expect(try await store.caseRecord(made.id)?.reporterPhone == "13700001234")
        #expect(try await store.cases(CaseQuery(scope: .everything)).items.first?.reporterName == "王女士")
        let plain = try await store.createCase(newCase(t.grid, at: Date(timeIntervalSince1970: 1_795_140_060)), events: [])
        #expect(try await store.caseRecord(plain.id)?.reporterPhone == nil)
    }
}
