import ChengyunCore
import ChengyunServices
import Foundation
import Hummingbird
import NIOCore
import Synchronization

/// A JSON body that checks its own free text as soon as it is decoded: for inputs whose use case does not check
/// them against `InputLimits` itself.
protocol CheckedInput {
    /// - Throws: `DomainError` 400 naming the field.
    func checkInput() throws(DomainError)
}

/// A JSON body that replaces a whole table or carries a batch: it may be up to `InputLimits.tableBodyBytes`, an
/// ordinary body up to `InputLimits.jsonBodyBytes`.
protocol TableBody {}

extension Taxonomy: TableBody {}
extension WorkingCalendar: TableBody {}
/// A JSON array is a batch (shifts) or a whole table (handling powers).
extension Array: TableBody {}

/// How long a request's body may take to arrive (`serve --body-timeout`); uploads get four times as long.
enum BodyDeadline {
    static let seconds = Atomic<Int>(30)
    static var standard: Duration { .seconds(seconds.load(ordering: .relaxed)) }
    static var upload: Duration { standard * 4 }
    static func set(seconds value: Int) { seconds.store(value, ordering: .relaxed) }
}

/// Reads a request's body, at most `limit` bytes, within `deadline`: a client that trickles its body (each byte
/// just inside the idle timeout) cannot hold a connection and a task for long — 408 `request.timeout`.
func readBody(_ request: Request, upTo limit: Int, within deadline: Duration = BodyDeadline.standard) async throws -> ByteBuffer {
    try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
        group.addTask { try await request.body.collect(upTo: limit) }
        group.addTask {
            try await Task.sleep(for: deadline)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let buffer = first else {
            throw RequestError.timeout(deadline)
        }
        return buffer
    }
}

/// Decodes a JSON body with the API's conventions; decoding errors name the field (see ErrorMiddleware).
func decodeBody<T: Decodable>(_ type: T.Type, _ request: Request, _ context: AppContext) async throws -> T {
    guard let value = try await decodeOptional(type, request, context) else {
        throw RequestError.emptyBody
    }
    return value
}

/// Decodes a JSON body, or nil when the body is empty. The body may be at most `InputLimits.jsonBodyBytes`
/// (`tableBodyBytes` for a `TableBody`); a larger one is refused with 413 `request.too_large` before it is read whole.
func decodeOptional<T: Decodable>(_ type: T.Type, _ request: Request, _ context: AppContext) async throws -> T? {
    let limit = T.self is any TableBody.Type ? InputLimits.tableBodyBytes : InputLimits.jsonBodyBytes
    let tooLarge = RequestError.tooLarge(limit: limit)
    if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit { throw tooLarge }
    let buffer: ByteBuffer
    do { buffer = try await readBody(request, upTo: limit) } catch is NIOTooManyBytesError { throw tooLarge }
    guard buffer.readableBytes > 0 else { return nil }
    let value = try JSONCoding.decoder.decode(type, from: Data(buffer.readableBytesView))
    try (value as? any CheckedInput)?.checkInput()
    return value
}

// Inputs whose use cases live in files of the accounts work; their free text is checked here until those use cases
// check it themselves.

extension NewUserInput: CheckedInput {
    func checkInput() throws(DomainError) {
        try InputLimits.check(displayName, field: "displayName", max: InputLimits.name)
        if let phone, !phone.isEmpty { try PhoneNumber.check(phone, field: "phone") }
    }
}

extension UserChange: CheckedInput {
    func checkInput() throws(DomainError) {
        try InputLimits.check(displayName, field: "displayName", max: InputLimits.name)
        if let phone, !phone.isEmpty { try PhoneNumber.check(phone, field: "phone") }
    }
}

extension APIKeyInput: CheckedInput {
    func checkInput() throws(DomainError) {
        try InputLimits.check(name, field: "name", max: InputLimits.name)
    }
}

extension ExternalIntake: CheckedInput {
    /// The caller's name and phone, and the sending system's ids, under the names this body gives them; the rest is
    /// checked by the report use case.
    func checkInput() throws(DomainError) {
        try InputLimits.check(callID, field: "callId", max: InputLimits.code)
        try InputLimits.check(ticketID, field: "ticketId", max: InputLimits.code)
        try InputLimits.check(callerName, field: "callerName", max: InputLimits.name)
        if let callerPhone, !callerPhone.trimmingCharacters(in: .whitespaces).isEmpty {
            try PhoneNumber.check(callerPhone.trimmingCharacters(in: .whitespaces), field: "callerPhone")
        }
    }
}
