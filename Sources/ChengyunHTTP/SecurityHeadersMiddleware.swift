import Foundation
import HTTPTypes
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
        if let tileURL, let origin = Self.tileOrigin(tileURL) { images += " \(origin)" }
        contentSecurityPolicy = [
            "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src \(images)", "connect-src 'self'",
            "font-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'",
        ].joined(separator: "; ")
    }

    /// The origin a Leaflet tile template loads from, as a CSP source: `http://{s}.tiles.city/{z}/{x}/{y}.png` gives
    /// `http://*.tiles.city` (the `{s}` subdomains), `http://tiles.city:8081/{z}/…` gives `http://tiles.city:8081`.
    static func tileOrigin(_ template: String) -> String? {
        let subdomains = template.contains("{s}.")
        let plain = template.replacingOccurrences(of: "{s}.", with: "").replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "")
        guard let url = URL(string: plain), let scheme = url.scheme, let host = url.host else { return nil }
        return "\(scheme)://\(subdomains ? "*." : "")\(host)" + (url.port.map { ":\($0)" } ?? "")
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
        // What a browser may keep for the caller alone (map areas, photos) depends on who asked: kept per session, so a
        // browser shared by two people in turn never shows the second the first one's answer.
        if response.headers[.cacheControl]?.contains("private") == true, response.headers[.vary] == nil {
            response.headers[.vary] = "Cookie, Authorization"
        }
        if AuthMiddleware.isHTTPS(request) { response.headers[.strictTransportSecurity] = "max-age=31536000" }
        return response
    }
}
