import ChengyunCore
public import ChengyunStore
import Foundation
import Testing

extension StoreContract {
    /// 材料: a document stored with its bytes and read back whole; listed per subject in the order filed, for many
    /// subjects at once, one kind's never another's; the same content stored once however often it is filed; at most
    /// `Document.perSubject` per subject; and counted with case attachments in its uploader's quota, both ways.
    public static func documents(_ fresh: @Sendable () async throws -> any OrganisationStore & UserStore & CaseStore & DocumentStore) async throws {
        let store = try await fresh()
        let t = try await tree(store)
        let now = Date(timeIntervalSince1970: 1_795_140_000)
        let worker = try await store.createUser(UserDraft(username: "worker", displayName: "陈社工", phone: nil, passwordHash: "h",
                                                          assignments: [AssignmentDraft(role: .communityWorker, nodeID: t.committee.id)]))
        let scan = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 3, count: 1_000))
        let pdf = Data(Array("%PDF-1.4 ".utf8) + Array(repeating: 5, count: 500))
        func document(_ subject: Document.Subject, _ id: Int64, _ type: String, _ name: String, at: Date = now) -> Document {
            Document(id: DocumentID(0), subject: subject, subjectID: id, contentType: type, byteCount: 0, fileName: name, uploadedBy: worker.id,
                     uploadedByName: "陈社工", uploadedAt: at)
        }

        let card = try await store.saveDocument(document(.serviceRequest, 7, "image/png", "身份证正面.png"), bytes: scan, quota: nil)
        #expect(card.id.rawValue > 0 && card.byteCount == scan.count && card.uploadedAt == now && card.uploadedByName == "陈社工")
        let letter = try await store.saveDocument(document(.serviceRequest, 7, "application/pdf", "退工证明.pdf", at: now.addingTimeInterval(5)), bytes: pdf, quota: nil)
        let other = try await store.saveDocument(document(.serviceRequest, 8, "image/png", "同一张.png"), bytes: scan, quota: nil)
        let sheet = try await store.saveDocument(document(.ledgerEntry, 7, "image/png", "签到表.png"), bytes: scan, quota: nil)

        let read = try #require(try await store.document(card.id))
        #expect(read.meta == card && read.bytes == scan)
        #expect(try await store.document(other.id)?.bytes == scan, "the same content filed twice reads back for both")
        #expect(try await store.document(DocumentID(99_999)) == nil)
        let listed = try await store.documents(of: .serviceRequest, ids: [7, 8, 9, 7])
        #expect(listed[7]?.map(\.id) == [card.id, letter.id] && listed[8]?.map(\.id) == [other.id] && listed[9] == nil)
        #expect(try await store.documents(of: .ledgerEntry, ids: [7])[7]?.map(\.id) == [sheet.id], "one kind's documents are never another's")
        #expect(try await store.documents(of: .ledgerEntry, ids: []).isEmpty)

        // At most perSubject per request or entry.
        for n in 2..<Document.perSubject {
            _ = try await store.saveDocument(document(.serviceRequest, 7, "image/png", "第\(n)页.png"), bytes: scan, quota: nil)
        }
        await #expect(throws: DomainError.self) { try await store.saveDocument(document(.serviceRequest, 7, "image/png", "多一页.png"), bytes: scan, quota: nil) }
        #expect(try await store.documents(of: .serviceRequest, ids: [7])[7]?.count == Document.perSubject)

        // One quota: case attachments and documents count together.
        let used = scan.count * (Document.perSubject + 1) + pdf.count
        let quota = UploadQuota(bytes: used + scan.count, since: now.addingTimeInterval(-60))
        let report = try await store.createCase(newCase(t.grid, at: now, reporter: worker.id), events: [])
        _ = try await store.saveAttachment(caseID: report.id, contentType: "image/png", fileName: "现场.png", bytes: scan, by: worker.id, at: now, quota: quota)
        do {
            _ = try await store.saveDocument(document(.serviceRequest, 9, "image/png", "超出.png"), bytes: scan, quota: quota)
            Issue.record("a document past the quota was stored")
        } catch let refused as UploadQuotaExceeded {
            #expect(refused.usedBytes == used + scan.count && refused.oldestUpload == now)
        }
        await #expect(throws: UploadQuotaExceeded.self) {
            try await store.saveAttachment(caseID: report.id, contentType: "image/png", fileName: "再一张.png", bytes: scan, by: worker.id, at: now, quota: quota)
        }
        #expect(try await store.documents(of: .serviceRequest, ids: [9]).isEmpty, "a refused document leaves no row")
    }
}
