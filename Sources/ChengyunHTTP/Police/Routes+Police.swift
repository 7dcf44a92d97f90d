import ChengyunCore
import ChengyunServices
import ChengyunStore
import Foundation
import Hummingbird

/// A call the police system diverts (非警务警情分流), or a ticket the 12345 hotline pushes.
struct ExternalIntake: Codable {
    /// The police call id, or the hotline ticket id.
    var callID: String?
    var ticketID: String?
    var classification: String?
    var categoryID: String
    var urgency: Urgency?
    var description: String
    var address: String?
    var location: GeoPoint?
    var nodeID: NodeID?
    var callerName: String?
    var callerPhone: String?

    func report(source: CaseSource, ref: String) -> ReportInput {
        ReportInput(source: source, categoryID: categoryID, urgency: urgency, description: description, address: address, location: location,
                    nodeID: nodeID, externalRef: ref, reporterName: callerName, reporterPhone: callerPhone, classification: classification)
    }
}

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
    func addLoopRoutes(to api: RouterGroup<AppContext>) {
        api.post("intake/110") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(ExternalIntake.self, request, context)
            let callId = try required(input.callID, "callId")
            _ = try await platform.report(input.report(source: .police110, ref: callId), by: identity)
            return try JSONCoding.response(try await platform.policeOutcome(callId: callId, by: identity), status: .created)
        }
        api.get("intake/110/:ref") { _, context in
            let identity = try context.requireIdentity()
            return try JSONCoding.response(try await platform.policeOutcome(callId: try ref(context), by: identity))
        }
        api.get("diversion/stats") { request, context in
            let identity = try context.requireIdentity()
            let (from, to) = try period(Query(request))
            return try JSONCoding.response(try await platform.diversionCounts(from: from, to: to, by: identity))
        }
        api.post("intake/12345") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(ExternalIntake.self, request, context)
            let ticket = try required(input.ticketID, "ticketId")
            _ = try await platform.report(input.report(source: .hotline, ref: ticket), by: identity)
            return try JSONCoding.response(try await hotlineView(ticket, identity), status: .created)
        }
        api.get("intake/12345/:ref") { _, context in
            let identity = try context.requireIdentity()
            return try JSONCoding.response(try await hotlineView(try ref(context), identity))
        }
        api.get("handling-powers") { _, context in
            let identity = try context.requireIdentity()
            return try WholeTable.response(try await platform.handlingPowers(by: identity))
        }
        api.put("handling-powers") { request, context in
            let identity = try context.requireIdentity()
            let powers = try await decodeBody([HandlingPower].self, request, context)
            try WholeTable.check(request, current: try await platform.handlingPowers(by: identity), what: "handling powers")
            _ = try await platform.replaceHandlingPowers(powers, by: identity)
            return try WholeTable.response(try await platform.handlingPowers(by: identity))
        }
        api.get("cameras") { request, context in
            let identity = try context.requireIdentity()
            return try JSONCoding.response(try await platform.cameras(under: try Query(request).id("nodeId"), by: identity))
        }
        api.post("cameras") { request, context in
            let identity = try context.requireIdentity()
            let draft = try await decodeBody(CameraDraft.self, request, context)
            return try JSONCoding.response(try await platform.registerCamera(draft, by: identity), status: .created)
        }
        api.get("hotspots") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            let defaults = platform.settings.hotspots
            let policy = HotspotPolicy(minCases: try q.int("min") ?? defaults.minCases, days: try q.int("days") ?? defaults.days,
                                       metres: try q.double("metres") ?? defaults.metres)
            return try JSONCoding.response(try await platform.hotspots(under: try q.id("nodeId"), categoryID: q.string("categoryId"), policy: policy, by: identity))
        }
        api.get("committees/:id/view") { request, context in
            let identity = try context.requireIdentity()
            let (from, to) = try period(Query(request))
            return try JSONCoding.response(try await platform.committeeView(try context.pathID(), from: from, to: to, by: identity))
        }
    }

    func hotlineView(_ ticket: String, _ identity: Identity) async throws -> HotlineStatusView {
        let found = try await platform.hotlineStatus(ticketId: ticket, by: identity)
        let deliveries = found.deliveries.map { m in
            let action = (try? JSONSerialization.jsonObject(with: Data(m.payload.utf8)) as? [String: Any])?["action"] as? String
            return HotlineStatusView.Delivery(id: m.id, action: action, createdAt: m.createdAt, attempts: m.attempts, deliveredAt: m.deliveredAt, lastError: m.lastError)
        }
        return HotlineStatusView(status: found.status, deliveries: deliveries)
    }
}

private func required(_ value: String?, _ field: String) throws -> String {
    guard let value, !value.isEmpty, value.count <= 64 else {
        throw DomainError.invalid("intake.\(field)_required", "Give the sending system's own id in '\(field)' (1–64 characters): it is how you read the outcome back.", field: field)
    }
    return value
}

private func ref(_ context: AppContext) throws -> String {
    guard let ref = context.parameters.get("ref"), !ref.isEmpty else {
        throw DomainError.invalid("intake.id_required", "Give the call or ticket id in the path.", field: "ref")
    }
    return ref
}
