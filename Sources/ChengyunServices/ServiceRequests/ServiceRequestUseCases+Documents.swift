public import ChengyunCore
import ChengyunStore
public import Foundation

/// 申请材料 — the scans and photos a request's item asks for (`ServiceItem.materials`), filed by the resident whose
/// request it is or by a worker of the station (or the street's service centre) while it is open; they are personal
/// data: only those who see the request read them, and every read is audited.
extension ServiceRequestUseCases {
    public func attach(to id: ServiceRequestID, contentType: String, fileName: String, bytes: Data, by identity: Identity) async throws -> Document {
        let r = try await visible(id, identity, roles: Self.readers)
        let station = identity.paths(for: Self.keepers).contains { r.nodePath.hasPrefix($0) || r.filedAtPath.hasPrefix($0) }
        let centre = try await centrePaths(identity).contains { r.filedAtPath.hasPrefix($0) }
        let own = try await store.verifiedResidentID(of: identity) == r.residentID
        guard station || centre || own else { throw ServiceRequestError.notYoursToFile }
        guard r.state.isOpen else { throw DocumentError.closed }
        let document = try await fileDocument(.serviceRequest, id.rawValue, contentType: contentType, fileName: fileName, bytes: bytes, by: identity, store: store)
        try await audit("service_request.document", target: "service_request:\(id)", identity,
                        detail: "document \(document.id), \(document.contentType), \(document.byteCount) bytes")
        return document
    }

    /// A document of a request the caller sees, with its bytes; the read is audited.
    public func document(_ documentID: DocumentID, of id: ServiceRequestID, by identity: Identity) async throws -> (meta: Document, bytes: Data) {
        _ = try await visible(id, identity, roles: Self.readers)
        guard let found = try await store.document(documentID), found.meta.subject == .serviceRequest, found.meta.subjectID == id.rawValue else {
            throw DocumentError.notFound(documentID)
        }
        try await audit("service_request.document.read", target: "service_request:\(id)", identity, detail: "document \(documentID)")
        return found
    }
}
