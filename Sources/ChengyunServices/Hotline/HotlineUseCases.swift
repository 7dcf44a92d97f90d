public import ChengyunCore
public import ChengyunStore
public import Foundation

/// The status of a 12345 ticket as pushed to the hotline system and read back by it.
public struct HotlineStatus: Sendable, Hashable, Codable {
    public var ticketId: String
    public var caseId: Int64
    public var number: String
    public var state: CaseState
    /// The state in words for the caller.
    public var status: String
    /// 答复 — the answer for the caller, once the department has reported back.
    public var answer: String?
    public var department: String?
    public var finished: Bool
    public var rating: Int?
    /// The step that changed the ticket, e.g. `dispatch`.
    public var action: CaseAction?
    public var updatedAt: Date

    init(_ record: CaseRecord, data: ReferenceData, action: CaseAction?, at: Date) {
        ticketId = record.externalRef ?? ""
        caseId = record.id.rawValue
        number = record.number
        state = record.state
        status = record.state.publicStatus
        answer = record.answer
        department = record.leadDepartmentID.flatMap { data.departments[$0]?.name }
        finished = record.state.isTerminal
        rating = record.rating
        self.action = action
        updatedAt = at
    }
}

extension Platform {
    /// The outbox topic of 12345 ticket status messages.
    public static let hotlineTopic = "hotline.status"

    static let payloadEncoder: JSONEncoder = {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .iso8601
        e.outputFormatting = [.sortedKeys]
        return e
    }()

    /// Messages a change of `record` sends to external systems: a 12345 ticket's status goes to the hotline's
    /// webhook, when one is configured.
    func outbox(for record: CaseRecord, after event: CaseEvent) throws -> [OutboxMessage] {
        guard record.source == .hotline, settings.hotlineWebhook != nil, let ticket = record.externalRef else { return [] }
        let status = HotlineStatus(record, data: data, action: event.action, at: event.at)
        let payload = String(decoding: try Self.payloadEncoder.encode(status), as: UTF8.self)
        return [OutboxMessage(topic: Self.hotlineTopic, key: ticket, payload: payload, createdAt: event.at)]
    }

    /// Reads a 12345 ticket's status back by the hotline's ticket id.
    public func hotlineStatus(ticketId: String, by identity: Identity) async throws -> (status: HotlineStatus, deliveries: [OutboxMessage]) {
        let record = try await externalCase(ref: ticketId, source: .hotline, by: identity)
        let events = try await store.events(of: record.id)
        let status = HotlineStatus(record, data: data, action: events.last?.action, at: events.last?.at ?? record.reportedAt)
        return (status, try await store.messages(topic: Self.hotlineTopic, key: ticketId))
    }

    /// A case an external system sent, by its own reference: only that system (a key with the source) or staff who
    /// see the case may read it.
    func externalCase(ref: String, source: CaseSource, by identity: Identity) async throws -> CaseRecord {
        let allowed: (CaseRecord) -> Bool = { record in
            identity.isSystem ? identity.systemSources.contains(source) && identity.sees(path: record.nodePath) : CaseScope.of(identity).contains(record)
        }
        guard let record = try await store.caseRecord(externalRef: ref, source: source), allowed(record) else {
            throw DomainError.notFound("case.not_found", "There is no \(source.rawValue) case with id \(ref) that you may read.", field: "id")
        }
        return record
    }
}
