import ChengyunCore
import ChengyunStore
import Foundation

extension HotlineStatus {
    /// The outbox topic of 12345 ticket status messages.
    public static let topic = "hotline.status"

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .iso8601
        e.outputFormatting = [.sortedKeys]
        return e
    }()
}

extension UseCaseContext {
    /// Messages a change of `record` sends to external systems: a 12345 ticket's status goes to the hotline's
    /// webhook, when one is configured.
    func outbox(for record: CaseRecord, after event: CaseEvent) throws -> [OutboxMessage] {
        guard record.source == .hotline, settings.hotlineWebhook != nil, let ticket = record.externalRef else { return [] }
        let status = HotlineStatus(record, data: data, action: event.action, at: event.at)
        let payload = String(decoding: try HotlineStatus.encoder.encode(status), as: UTF8.self)
        return [OutboxMessage(topic: HotlineStatus.topic, key: ticket, payload: payload, createdAt: event.at)]
    }
}
