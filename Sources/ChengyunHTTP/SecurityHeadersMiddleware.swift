import Foundation
public import HTTPTypes
public import Hummingbird

/// Security headers on every response: a Content-Security-Policy with no inline or foreign script (the console is
/// served whole by this server), no sniffing, no framing, no referrer, and no caching of API answers (they carry
/// personal data). The map may load images from the deployment's own tile server (`serve --tile-url`).
public struct SecurityHeadersMiddleware: RouterMiddleware {
    public typealias Context = AppContext
    let contentSecurityPolicy: String

    /// - Parameter tileURL: the operator's tile template, whose origin the map may load images from.
    public init(tileURL: String?) {
        var images = "'self' data: blob:"
        if let tileURL, let url = URL(string: tileURL.replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "")),
           let scheme = url.scheme, let host = url.host {
            images += " \(scheme)://\(host)" + (url.port.map { ":\($0)" } ?? "")
        }
        contentSecurityPolicy = [
            "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src \(images)", "connect-src 'self'",
            "font-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'",
        ].joined(separator: "; ")
    }

    static let fields: [(HTTPField.Name, String)] = [
        (.init("X-Content-Type-Options")!, "nosniff"),
        (.init("X-Frame-Options")!, "DENY"),
        (.init("Referrer-Policy")!, "no-referrer"),
        (.init("Cross-Origin-Opener-Policy")!, "same-origin"),
        (.init("Cross-Origin-Resource-Policy")!, "same-origin"),
        // The phone page asks for the location and the camera; nothing else is ever needed.
        (.init("Permissions-Policy")!, "geolocation=(self), camera=(self), microphone=(), payment=(), usb=()"),
    ]

    public func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = contentSecurityPolicy
        for (name, value) in Self.fields where response.headers[name] == nil { response.headers[name] = value }
        if request.uri.path.hasPrefix("/api/"), response.headers[.cacheControl] == nil {
            response.headers[.cacheControl] = "no-store"
        }
        if AuthMiddleware.isHTTPS(request) { response.headers[.strictTransportSecurity] = "max-age=31536000" }
        return response
    }
}
