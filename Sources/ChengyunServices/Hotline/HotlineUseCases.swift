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

/// 12345 — tickets the citizens' hotline pushes: their intake goes through the case loop (`CaseUseCases.report`); every
/// change of one is queued for the hotline's webhook in the same transaction, and the hotline reads a ticket back.
public struct HotlineUseCases: UseCaseGroup {
    let store: any CaseStore & OutboxStore
    let shared: UseCaseContext
}

extension HotlineUseCases {
    /// Reads a 12345 ticket's status back by the hotline's ticket id.
    public func status(ticketId: String, by identity: Identity) async throws -> (status: HotlineStatus, deliveries: [OutboxMessage]) {
        let record = try await store.externalCase(ref: ticketId, source: .hotline, by: identity)
        let events = try await store.events(of: record.id)
        let status = HotlineStatus(record, data: data, action: events.last?.action, at: events.last?.at ?? record.reportedAt)
        return (status, try await store.messages(topic: HotlineStatus.topic, key: ticketId))
    }
}
