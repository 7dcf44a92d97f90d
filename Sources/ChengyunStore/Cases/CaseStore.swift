public import ChengyunCore
public import Foundation

/// One decided step of a case to save: the new record, its history entry and its outbox messages.
public struct CaseStep: Sendable, Hashable {
    public var record: CaseRecord
    public var event: CaseEvent
    public var outbox: [OutboxMessage]
    public init(record: CaseRecord, event: CaseEvent, outbox: [OutboxMessage] = []) {
        self.record = record
        self.event = event
        self.outbox = outbox
    }
}

/// Cases, their history and attachments.
public protocol CaseStore: Sendable {
    /// Stores a new case with its first history entries and outbox messages, in one transaction; assigns id and
    /// number (`yyyyMMdd-NNNNNN`, local date). Returns only after the write is durable.
    ///
    /// With a `requestKey` the case is stored only if that caller's key has not created one yet (checked in the same
    /// transaction): a retried create returns the case the first attempt stored, unchanged, with `created` false.
    func createCase(_ record: CaseRecord, events: [CaseEvent], outbox: [OutboxMessage], requestKey: RequestKey?) async throws -> (record: CaseRecord, created: Bool)
    /// The case a caller's request key created (within `RequestKey.lifetime`), if any.
    func caseID(for requestKey: RequestKey) async throws -> CaseID?
    /// Saves a decided transition and its outbox messages if the stored version is still `record.version - 1`.
    /// - Throws: `DomainError` conflict `case.concurrent_change` when someone else changed the case first.
    func saveTransition(_ record: CaseRecord, event: CaseEvent, outbox: [OutboxMessage]) async throws -> CaseEvent
    /// Saves several steps of one case in one transaction (立案 and its automatic dispatch): all or none. Each step's
    /// record has the version after the one before it.
    /// - Throws: `DomainError` conflict `case.concurrent_change` when someone else changed the case first.
    func saveTransitions(_ steps: [CaseStep]) async throws -> [CaseEvent]
    func caseRecord(_ id: CaseID) async throws -> CaseRecord?
    func caseRecord(externalRef: String, source: CaseSource) async throws -> CaseRecord?
    func cases(_ query: CaseQuery) async throws -> CasePage
    func events(of id: CaseID) async throws -> [CaseEvent]
    /// Open cases of a category inside a box reported since an instant (duplicate detection).
    func openCases(categoryID: String, in box: BoundingBox, since: Date) async throws -> [CaseRecord]
    /// Open, unsuspended cases whose deadline is before `now` (escalation candidates).
    func overdueCases(now: Date, limit: Int) async throws -> [CaseRecord]
    /// Stores an attachment unless it would take its uploader past `quota`: their bytes stored since `quota.since`
    /// are summed in the same transaction as the insert, so parallel uploads cannot slip past the limit together.
    /// - Throws: `UploadQuotaExceeded` when it would.
    func saveAttachment(caseID: CaseID, contentType: String, fileName: String, bytes: Data, by: UserID?, at: Date, quota: UploadQuota?) async throws -> Attachment
    func attachment(_ id: AttachmentID) async throws -> (meta: Attachment, bytes: Data)?
    func attachments(of id: CaseID) async throws -> [Attachment]
    /// Bulk import of finished histories (demo city): ids and numbers are assigned as in `createCase`.
    func importCases(_ cases: [(record: CaseRecord, events: [CaseEvent])]) async throws
    /// Readies the store for `importCases` of many cases: an adapter may set aside what it builds faster once at the
    /// end (secondary indexes, the search index, the rollups), so until `finishImport` lists and searches may be slow or
    /// miss the imported cases. Nothing is lost if the process stops in between: the store finishes the work when it
    /// next opens.
    func beginImport() async throws
    /// Builds what `beginImport` set aside and refreshes the planner's statistics.
    func finishImport() async throws
    /// A cheap liveness probe of the database.
    func ping() async throws
}

extension CaseStore {
    public func createCase(_ record: CaseRecord, events: [CaseEvent], outbox: [OutboxMessage]) async throws -> CaseRecord {
        try await createCase(record, events: events, outbox: outbox, requestKey: nil).record
    }

    public func createCase(_ record: CaseRecord, events: [CaseEvent]) async throws -> CaseRecord {
        try await createCase(record, events: events, outbox: [])
    }

    /// What a create sent again with its request key answers: the case the key created first, unchanged.
    public func replayed(_ requestKey: RequestKey?) async throws -> (record: CaseRecord, created: Bool) {
        guard let requestKey, let id = try await caseID(for: requestKey), let first = try await caseRecord(id) else {
            throw CaseError.notFound(CaseID(0))
        }
        return (first, false)
    }

    public func saveTransition(_ record: CaseRecord, event: CaseEvent) async throws -> CaseEvent {
        try await saveTransition(record, event: event, outbox: [])
    }

    public func saveAttachment(caseID: CaseID, contentType: String, fileName: String, bytes: Data, by: UserID?, at: Date) async throws -> Attachment {
        try await saveAttachment(caseID: caseID, contentType: contentType, fileName: fileName, bytes: bytes, by: by, at: at, quota: nil)
    }
}

/// A rolling limit on what one person uploads: at most `bytes` stored since `since`.
public struct UploadQuota: Sendable, Hashable {
    public var bytes: Int
    public var since: Date
    public init(bytes: Int, since: Date) {
        self.bytes = bytes
        self.since = since
    }
}

/// An attachment the store refused because it would take its uploader past their `UploadQuota`.
public struct UploadQuotaExceeded: Error, Sendable, Hashable {
    /// What the uploader stored in the quota's window already.
    public var usedBytes: Int
    /// When the oldest of those bytes was stored: the window frees them 24 hours later.
    public var oldestUpload: Date?
    public init(usedBytes: Int, oldestUpload: Date?) {
        self.usedBytes = usedBytes
        self.oldestUpload = oldestUpload
    }
}

/// 防重复提交 — the key a client sends with a create (`Idempotency-Key`) so that sending the same request again, after
/// a lost answer or a refused photo, returns what the first one created instead of creating it twice.
public struct RequestKey: Sendable, Hashable {
    /// Who sent it (`user:<id>`, `apikey:<id>`): one caller's keys never meet another's.
    public var caller: String
    public var key: String
    /// When it was first used; a key is remembered for `lifetime`, then forgotten (and may create again).
    public var at: Date

    /// How long a key is remembered: far longer than any client retries, short enough that the table stays small.
    public static let lifetime: TimeInterval = 24 * 3600

    public init(caller: String, key: String, at: Date) {
        self.caller = caller
        self.key = key
        self.at = at
    }
}
