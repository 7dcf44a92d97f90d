import ChengyunCore
import Foundation
public import Hummingbird
import Logging
import NIOCore

/// The JSON body of every error: a stable code, what to fix, the offending field, the request id.
struct ErrorBody: Codable {
    struct Detail: Codable {
        var code: String
        var message: String
        var field: String?
        var requestId: String?
    }
    var error: Detail
}

extension DomainError.Kind {
    /// The one place where domain error kinds become HTTP statuses.
    var status: HTTPResponse.Status {
        switch self {
        case .invalid: .badRequest
        case .unauthenticated: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .tooLarge: .contentTooLarge
        case .unprocessable: .unprocessableContent
        case .stale: .preconditionFailed
        case .unsupportedMedia: .unsupportedMediaType
        case .tooManyRequests: .tooManyRequests
        case .unavailable: .serviceUnavailable
        case .timeout: .requestTimeout
        }
    }
}

/// Turns every error into a JSON error response; unknown errors become 500 with a request id only.
public struct ErrorMiddleware: RouterMiddleware {
    public typealias Context = AppContext
    public init() {}

    public func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as DomainError {
            var response = Self.response(error.kind.status, error.code, error.message, error.field, context)
            if let seconds = error.retryAfterSeconds { response.headers[.retryAfter] = String(seconds) }
            return response
        } catch let error as DecodingError {
            let (message, field) = Self.describe(error)
            return Self.response(.badRequest, "request.invalid_json", message, field, context)
        } catch is NIOTooManyBytesError {
            return Self.response(.contentTooLarge, "request.too_large", "The request body is too large; see the limits in docs/API.md.", "body", context)
        } catch let error as HTTPError {
            switch error.status {
            case .notFound:
                return Self.response(.notFound, "route.not_found", "There is no such endpoint: see GET /api/v1/openapi.json.", nil, context)
            case .contentTooLarge:
                return Self.response(.contentTooLarge, "request.too_large", "The request body is too large; see the limits in docs/API.md.", "body", context)
            case .methodNotAllowed:
                return Self.response(.methodNotAllowed, "route.method_not_allowed", "This endpoint does not take \(request.method.rawValue); see GET /api/v1/openapi.json.", nil, context)
            default:
                return Self.response(error.status, "request.error", error.body ?? error.status.reasonPhrase, nil, context)
            }
        } catch is CancellationError {
            // The client went away and its work was cancelled: nobody reads this answer.
            return Self.response(.serviceUnavailable, "request.cancelled", "The request was cancelled.", nil, context)
        } catch {
            context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: type(of: error)))", "request": "\(context.id)"])
            return Self.response(.internalServerError, "server.internal", "Something went wrong on our side; quote request id \(context.id) to the operators.", nil, context)
        }
    }

    static func response(_ status: HTTPResponse.Status, _ code: String, _ message: String, _ field: String?, _ context: AppContext) -> Response {
        let body = ErrorBody(error: .init(code: code, message: message, field: field, requestId: context.id))
        let data = (try? JSONCoding.encoder.encode(body)) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func describe(_ error: DecodingError) -> (String, String?) {
        func path(_ keys: [any CodingKey]) -> String? {
            let p = keys.map { $0.intValue.map { "[\($0)]" } ?? ".\(JSONCoding.wireKey($0.stringValue))" }.joined()
            return p.isEmpty ? nil : String(p.drop { $0 == "." })
        }
        switch error {
        case .keyNotFound(let key, let ctx):
            let field = path(ctx.codingPath + [key])
            return ("The field '\(field ?? JSONCoding.wireKey(key.stringValue))' is required.", field)
        case .typeMismatch(let type, let ctx):
            return ("The field '\(path(ctx.codingPath) ?? "body")' has the wrong type; expected \(Self.name(of: type)).", path(ctx.codingPath))
        case .valueNotFound(let type, let ctx):
            return ("The field '\(path(ctx.codingPath) ?? "body")' may not be null; expected \(Self.name(of: type)).", path(ctx.codingPath))
        case .dataCorrupted(let ctx):
            if ctx.codingPath.isEmpty { return ("The body is not valid JSON; send a JSON object with Content-Type: application/json.", "body") }
            return ("The field '\(path(ctx.codingPath) ?? "body")' has an invalid value: \(ctx.debugDescription)", path(ctx.codingPath))
        @unknown default:
            return ("The body could not be read as the expected JSON.", "body")
        }
    }

    static func name(of type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type: "a whole number"
        case is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default: "\(type)"
        }
    }
}
