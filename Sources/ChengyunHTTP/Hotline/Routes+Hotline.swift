import ChengyunCore
import ChengyunServices
import ChengyunStore
import Foundation
import Hummingbird

/// A 12345 ticket's status with the log of its deliveries to the hotline's webhook.
struct HotlineStatusView: Codable {
    var status: HotlineStatus
    var deliveries: [Delivery]

    struct Delivery: Codable {
        var id: Int64?
        var action: String?
        var createdAt: Date
        var attempts: Int
        var deliveredAt: Date?
        var lastError: String?
    }
}

extension APIRoutes {
    /// 12345: tickets the hotline pushes, and their status read back with the log of deliveries to its webhook.
    func addHotlineRoutes(to api: RouterGroup<AppContext>) {
        api.post("intake/12345") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(ExternalIntake.self, request, context)
            let ticket = try required(input.ticketID, "ticketId")
            _ = try await platform.cases.report(input.report(source: .hotline, ref: ticket), by: identity)
            return try JSONCoding.response(try await hotlineView(ticket, identity), status: .created)
        }
        api.get("intake/12345/:ref") { _, context in
            let identity = try context.requireIdentity()
            return try JSONCoding.response(try await hotlineView(try ref(context), identity))
        }
    }

    func hotlineView(_ ticket: String, _ identity: Identity) async throws -> HotlineStatusView {
        let found = try await platform.hotline.status(ticketId: ticket, by: identity)
        let deliveries = found.deliveries.map { m in
            let action = (try? JSONSerialization.jsonObject(with: Data(m.payload.utf8)) as? [String: Any])?["action"] as? String
            return HotlineStatusView.Delivery(id: m.id, action: action, createdAt: m.createdAt, attempts: m.attempts, deliveredAt: m.deliveredAt, lastError: m.lastError)
        }
        return HotlineStatusView(status: found.status, deliveries: deliveries)
    }
}
