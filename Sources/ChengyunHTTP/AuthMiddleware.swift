import ChengyunCore
public import ChengyunServices
import Foundation
public import HTTPTypes
public import Hummingbird

/// Reads `Authorization: Bearer …` (a session token or an API key) or the console's HttpOnly session cookie and puts
/// the identity in the context. A bad bearer token gets 401; a stale cookie is ignored (the caller is simply not
/// signed in, so the sign-in page still works); routes that need a caller check `context.requireIdentity()`.
///
/// A change (POST, PUT, PATCH, DELETE) signed in by the cookie must carry `X-Chengyun-Console: 1`: a page on another
/// site cannot send that header without a CORS preflight we never grant (with SameSite=Strict, two locks against
/// cross-site request forgery).
public struct AuthMiddleware: RouterMiddleware {
    public typealias Context = AppContext
    let platform: Platform

    /// The console's session cookie.
    public static let cookieName = "cy_session"
    /// The header the console sends with every change made with the cookie.
    public static let consoleHeader = HTTPField.Name("X-Chengyun-Console")!

    public init(platform: Platform) {
        self.platform = platform
    }

    public func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                throw AccountError.badAuthorizationHeader
            }
            let token = String(parts[1]).trimmingCharacters(in: .whitespaces)
            let found = try await platform.accounts.authenticate(bearer: token)
            context.identity = found.identity
            context.token = token
            context.tokenHash = found.tokenHash
            context.sessionExpires = found.expiresAt
        } else if let token = request.cookies[Self.cookieName]?.value, token.hasPrefix("cy_"),
                  let found = try? await platform.accounts.authenticate(bearer: token) {
            if ![.get, .head, .options].contains(request.method), request.headers[Self.consoleHeader] != "1" {
                throw AccountError.consoleHeaderRequired
            }
            context.identity = found.identity
            context.token = token
            context.tokenHash = found.tokenHash
            context.sessionExpires = found.expiresAt
            context.viaCookie = true
        }
        return try await next(request, context)
    }

    /// The Set-Cookie value that signs the console in: HttpOnly (no script reads it), SameSite=Strict, the whole site,
    /// until the session ends; Secure when the request came over https (directly or through the load balancer).
    static func sessionCookie(_ token: String, expires: Date, request: Request) -> String {
        let seconds = max(0, Int(expires.timeIntervalSinceNow))
        return "\(cookieName)=\(token); Path=/; Max-Age=\(seconds); HttpOnly; SameSite=Strict" + (isHTTPS(request) ? "; Secure" : "")
    }

    /// The Set-Cookie value that signs the console out.
    static func clearedCookie(request: Request) -> String {
        "\(cookieName)=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (isHTTPS(request) ? "; Secure" : "")
    }

    static func isHTTPS(_ request: Request) -> Bool {
        request.uri.scheme?.rawValue == "https" || request.headers[HTTPField.Name("X-Forwarded-Proto")!]?.lowercased() == "https"
    }
}
