import ChengyunCore
import ChengyunServices
import Foundation
public import Hummingbird

/// Reads `Authorization: Bearer …` (a session token or an API key) and puts the identity in the context.
/// It rejects a bad token with 401; routes that need a caller check `context.requireIdentity()`.
public struct AuthMiddleware: RouterMiddleware {
    public typealias Context = AppContext
    let platform: Platform

    public init(platform: Platform) {
        self.platform = platform
    }

    public func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                throw DomainError(.unauthenticated, "auth.bad_header", "Send the token as 'Authorization: Bearer <token>'.", field: "Authorization")
            }
            let token = String(parts[1]).trimmingCharacters(in: .whitespaces)
            context.identity = try await platform.authenticate(bearer: token)
            context.token = token
        }
        return try await next(request, context)
    }
}
