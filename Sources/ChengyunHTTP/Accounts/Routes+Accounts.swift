import ChengyunCore
import ChengyunServices
import ChengyunStore
import Foundation
import Hummingbird

struct LoginInput: Codable {
    var username: String
    var password: String
    /// The console asks for an HttpOnly session cookie instead of a token in the body.
    var cookie: Bool?
}
struct LoginResult: Codable { var token: String?; var expiresAt: Date; var user: UserView }
struct PasswordChangeInput: Codable { var oldPassword: String; var newPassword: String }
struct PasswordResetInput: Codable { var newPassword: String }
struct APIKeyInput: Codable { var name: String; var sources: Set<CaseSource>; var nodeID: NodeID }
struct APIKeyResult: Codable { var key: String; var record: APIKeyRecord }

extension APIRoutes {
    /// Sign-in, sign-out, passwords, API keys and the audit trail.
    func addAccountRoutes(to api: RouterGroup<AppContext>) {
        api.post("auth/login") { request, context in
            let input = try await decodeBody(LoginInput.self, request, context)
            let session = try await platform.accounts.login(username: input.username, password: input.password, from: context.caller)
            await platform.registrations.touch(user: session.user.id, resident: session.user.assignments.contains { $0.role == .resident })
            guard input.cookie == true else {
                return try JSONCoding.response(LoginResult(token: session.token, expiresAt: session.expiresAt, user: UserView(session.user)))
            }
            var response = try JSONCoding.response(LoginResult(token: nil, expiresAt: session.expiresAt, user: UserView(session.user)))
            response.headers[.setCookie] = AuthMiddleware.sessionCookie(session.token, expires: session.expiresAt, request: request)
            return response
        }
        api.post("auth/logout") { request, context in
            _ = try context.requireIdentity()
            if let token = context.token, !token.hasPrefix("cyk_") { try await platform.accounts.logout(token: token) }
            var response = Response(status: .noContent)
            if context.viaCookie { response.headers[.setCookie] = AuthMiddleware.clearedCookie(request: request) }
            return response
        }
        api.get("me") { _, context in
            let identity = try context.requireIdentity()
            await platform.registrations.touch(identity)
            guard let user = try await platform.users.me(identity) else {
                return try JSONCoding.response(["system": identity.name])
            }
            return try JSONCoding.response(UserView(user))
        }
        api.post("me/password") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(PasswordChangeInput.self, request, context)
            try await platform.accounts.changeOwnPassword(identity, old: input.oldPassword, new: input.newPassword, currentTokenHash: context.tokenHash, from: context.caller)
            return Response(status: .noContent)
        }
        api.post("users/:id/password") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(PasswordResetInput.self, request, context)
            try await platform.accounts.resetPassword(try context.pathID(), to: input.newPassword, by: identity, from: context.caller)
            return Response(status: .noContent)
        }
        api.get("apikeys") { _, context in
            let identity = try context.requireIdentity()
            return try JSONCoding.response(try await platform.accounts.apiKeys(by: identity))
        }
        api.post("apikeys") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(APIKeyInput.self, request, context)
            let created = try await platform.accounts.createAPIKey(by: identity, name: input.name, sources: input.sources, nodeID: input.nodeID)
            return try JSONCoding.response(APIKeyResult(key: created.key, record: created.record), status: .created)
        }
        api.post("apikeys/:id/rotate") { _, context in
            let identity = try context.requireIdentity()
            let rotated = try await platform.accounts.rotateAPIKey(try keyID(context), by: identity, from: context.caller)
            return try JSONCoding.response(APIKeyResult(key: rotated.key, record: rotated.record))
        }
        api.delete("apikeys/:id") { _, context in
            let identity = try context.requireIdentity()
            try await platform.accounts.revokeAPIKey(try keyID(context), by: identity, from: context.caller)
            return Response(status: .noContent)
        }
        api.get("audit") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request), calendar = platform.data.calendar
            let query = AuditQuery(
                actorID: try q.id("actorId"), subjectUserID: try q.id("subjectUserId"), actionPrefix: q.string("action"),
                from: try q.date("from", in: calendar), to: try q.date("to", in: calendar),
                before: try q.int("before", default: nil, range: 1...Int.max).map(Int64.init),
                limit: try q.int("limit", default: 100, range: 1...1000)!)
            let entries = try await platform.accounts.auditTrail(query, by: identity)
            return try JSONCoding.response(AuditPage(items: entries, next: entries.count == query.limit ? entries.last.map { String($0.id) } : nil))
        }
    }
}

/// The API key id in the path.
func keyID(_ context: AppContext) throws -> Int64 {
    let id: Identifier<APIKeyRecord> = try context.pathID()
    return id.rawValue
}

/// A page of the audit trail; `next` is the `before` of the following page.
struct AuditPage: Codable {
    var items: [AuditEntry]
    var next: String?
}
