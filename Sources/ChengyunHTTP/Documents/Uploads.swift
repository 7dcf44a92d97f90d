import ChengyunCore
import ChengyunServices
import Foundation
import Hummingbird
import NIOCore

/// A photo or PDF sent as a request's raw body (`Content-Type` its type, `?fileName=` its name), as cases' attachments
/// and requests' or entries' documents are uploaded.
struct Upload {
    var contentType: String
    var fileName: String
    var bytes: Data

    /// Reads the upload: the declared type checked before the body is read, a declared or actual size over `limit` is
    /// 413 `attachment.too_large` without reading further.
    static func read(_ request: Request, limit: Int) async throws -> Upload {
        let contentType = request.headers[.contentType]?.split(separator: ";").first.map { String($0).trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        try Attachment.validate(contentType: contentType)
        let tooLarge = CaseError.tooLarge(limit: limit)
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit { throw tooLarge }
        let buffer: ByteBuffer
        do { buffer = try await readBody(request, upTo: limit, within: BodyDeadline.upload) } catch is NIOTooManyBytesError { throw tooLarge }
        let name = try Query(request).text("fileName", max: InputLimits.fileName) ?? "attachment"
        return Upload(contentType: contentType, fileName: name, bytes: Data(buffer.readableBytesView))
    }

    /// A stored file as the answer: its stored type, never sniffed by the browser; a photo shown in place, anything
    /// else downloaded; kept privately for an hour (`cache`: a document is never kept).
    static func response(contentType: String, fileName: String, bytes: Data, cache: String = "private, max-age=3600") -> Response {
        let disposition = Attachment.isImage(contentType) ? "inline" : "attachment"
        var response = Response(status: .ok, headers: [
            .contentType: contentType, .cacheControl: cache,
            .contentDisposition: "\(disposition); \(contentDispositionFileName(fileName))",
        ], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        response.headers[.init("X-Content-Type-Options")!] = "nosniff"
        return response
    }

    /// `filename="…"` with an ASCII stand-in and `filename*=UTF-8''…` with the name itself (RFC 6266, RFC 8187).
    static func contentDispositionFileName(_ name: String) -> String {
        let ascii = String(name.unicodeScalars.map { (0x20..<0x7F).contains($0.value) && !"\"\\%".unicodeScalars.contains($0) ? Character($0) : "_" })
        let encoded = name.addingPercentEncoding(withAllowedCharacters: attrChars) ?? ascii
        return "filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
    }

    /// The characters RFC 8187 leaves unencoded in `filename*`.
    static let attrChars = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~")
}

extension APIRoutes {
    /// `POST {path}/:id/documents` (a photo or PDF as the raw body, `?fileName=`) and `GET {path}/:id/documents/:documentId`
    /// (its bytes) of a capability whose use cases file and read documents (requests' materials, entries' scans).
    func addDocumentRoutes<Subject>(api: RouterGroup<AppContext>, path: String,
                                    attach: @escaping @Sendable (Identifier<Subject>, Upload, Identity) async throws -> Document,
                                    read: @escaping @Sendable (DocumentID, Identifier<Subject>, Identity) async throws -> (meta: Document, bytes: Data)) {
        api.post("\(path)/:id/documents") { request, context in
            let identity = try context.requireIdentity()
            let upload = try await Upload.read(request, limit: platform.settings.attachments.maxFileBytes)
            return try JSONCoding.response(try await attach(try context.pathID(), upload, identity), status: .created)
        }
        api.get("\(path)/:id/documents/:documentId") { _, context in
            let identity = try context.requireIdentity()
            let found = try await read(try context.pathID("documentId"), try context.pathID(), identity)
            // Never kept by the browser: a scan of an ID card is read from the server, audited, each time.
            return Upload.response(contentType: found.meta.contentType, fileName: found.meta.fileName, bytes: found.bytes, cache: "no-store")
        }
    }
}
