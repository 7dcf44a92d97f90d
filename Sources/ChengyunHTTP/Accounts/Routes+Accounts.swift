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
struct RevealInput: Codable { var reason: String }
struct WideningInput: Codable { var nodeID: NodeID; var hours: Double; var reason: String }
struct APIKeyInput: Codable { var name: String; var sources: Set<CaseSource>; var nodeID: NodeID }
struct APIKeyResult: Codable { var key: String; var record: APIKeyRecord }

extension APIRoutes {
    /// Sign-in, sign-out, passwords, API keys and the audit trail.
    func addAuthRoutes(to api: RouterGroup<AppContext>) {
        api.post("auth/login") { request, context in
            let input = try await decodeBody(LoginInput.self, request, context)
            let session = try await platform.login(username: input.username, password: input.password, from: context.caller)
            guard input.cookie == true else {
                return try JSONCoding.response(LoginResult(token: session.token, expiresAt: session.expiresAt, user: UserView(session.user)))
            }
            var response = try JSONCoding.response(LoginResult(token: nil, expiresAt: session.expiresAt, user: UserView(session.user)))
            response.headers[.setCookie] = AuthMiddleware.sessionCookie(session.token, expires: session.expiresAt, request: request)
            return response
        }
        api.post("auth/logout") { request, context in
            _ = try context.requireIdentity()
            if let token = context.token, !token.hasPrefix("cyk_") { try await platform.logout(token: token) }
            var response = Response(status: .noContent)
            if context.viaCookie { response.headers[.setCookie] = AuthMiddleware.clearedCookie(request: request) }
            return response
        }
        api.get("me") { _, context in
            let identity = try context.requireIdentity()
            guard let user = try await platform.me(identity) else {
                return try JSONCoding.response(["system": identity.name])
            }
            return try JSONCoding.response(UserView(user))
        }
        api.post("me/password") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(PasswordChangeInput.self, request, context)
            try await platform.changeOwnPassword(identity, old: input.oldPassword, new: input.newPassword, currentTokenHash: context.tokenHash, from: context.caller)
            return Response(status: .noContent)
        }
        api.post("users/:id/password") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(PasswordResetInput.self, request, context)
            try await platform.resetPassword(try context.pathID(), to: input.newPassword, by: identity, from: context.caller)
            return Response(status: .noContent)
        }
        api.get("apikeys") { _, context in
            let identity = try context.requireIdentity()
            return try JSONCoding.response(try await platform.apiKeys(by: identity))
        }
        api.post("apikeys") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(APIKeyInput.self, request, context)
            let created = try await platform.createAPIKey(by: identity, name: input.name, sources: input.sources, nodeID: input.nodeID)
            return try JSONCoding.response(APIKeyResult(key: created.key, record: created.record), status: .created)
        }
        api.post("apikeys/:id/rotate") { _, context in
            let identity = try context.requireIdentity()
            let rotated = try await platform.rotateAPIKey(try keyID(context), by: identity, from: context.caller)
            return try JSONCoding.response(APIKeyResult(key: rotated.key, record: rotated.record))
        }
        api.delete("apikeys/:id") { _, context in
            let identity = try context.requireIdentity()
            try await platform.revokeAPIKey(try keyID(context), by: identity, from: context.caller)
            return Response(status: .noContent)
        }
        api.post("apikeys/:id/widenings") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(WideningInput.self, request, context)
            let widening = try await platform.widenSharing(keyID: try keyID(context), to: input.nodeID, hours: input.hours, reason: input.reason,
                                                           by: identity, from: context.caller)
            return try JSONCoding.response(widening, status: .created)
        }
        api.get("apikeys/:id/widenings") { _, context in
            let identity = try context.requireIdentity()
            return try JSONCoding.response(try await platform.widenings(of: try keyID(context), by: identity))
        }
        api.delete("apikeys/:id/widenings/:widening") { _, context in
            let identity = try context.requireIdentity()
            guard let text = context.parameters.get("widening"), let widening = Int64(text) else {
                throw DomainError.invalid("path.invalid_id", "The widening id in the path must be a whole number.", field: "widening")
            }
            try await platform.endWidening(widening, of: try keyID(context), by: identity, from: context.caller)
            return Response(status: .noContent)
        }
        api.put("apikeys/:id/terms") { request, context in
            let identity = try context.requireIdentity()
            let terms = try await decodeBody(SharingTerms.self, request, context)
            return try JSONCoding.response(try await platform.setTerms(terms, of: try keyID(context), by: identity, from: context.caller))
        }
        api.get("sharing/report") { request, context in
            let identity = try context.requireIdentity()
            let days = try Query(request).int("days", default: 30, range: 1...366)!
            return try JSONCoding.response(try await platform.sharingReport(days: days, by: identity))
        }
        api.post("cases/:id/reporter") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(RevealInput.self, request, context)
            return try JSONCoding.response(try await platform.revealReporter(of: try context.pathID(), reason: input.reason, by: identity, from: context.caller))
        }
        api.get("audit") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            let query = AuditQuery(
                actorID: try q.id("actorId"), subjectUserID: try q.id("subjectUserId"), actionPrefix: q.string("action"),
                from: try q.date("from"), to: try q.date("to"), before: try q.int("before", default: nil, range: 1...Int.max).map(Int64.init),
                limit: try q.int("limit", default: 100, range: 1...1000)!)
            let entries = try await platform.auditTrail(query, by: identity)
            return try JSONCoding.response(AuditPage(items: entries, next: entries.count == query.limit ? entries.last.map { String($0.id) } : nil))
        }
    }
}

/// The API key id in the path.
private func keyID(_ context: AppContext) throws -> Int64 {
    let id: Identifier<APIKeyRecord> = try context.pathID()
    return id.rawValue
}

/// A page of the audit trail; `next` is the `before` of the following page.
struct AuditPage: Codable {
    var items: [AuditEntry]
    var next: String?
}
