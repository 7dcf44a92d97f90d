import ChengyunCore
import ChengyunServices
import ChengyunStore
import Foundation
import Hummingbird

/// A call the police system diverts (非警务警情分流), or a ticket the 12345 hotline pushes: the same intake shape.
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

extension APIRoutes {
    /// 110: diverted calls, their outcome and counts, and the handling-power table.
    func addPoliceRoutes(to api: RouterGroup<AppContext>) {
        api.post("intake/110") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(ExternalIntake.self, request, context)
            let callId = try required(input.callID, "callId")
            _ = try await platform.cases.report(input.report(source: .police110, ref: callId), by: identity)
            return try JSONCoding.response(try await platform.police.outcome(callId: callId, by: identity), status: .created)
        }
        api.get("intake/110/:ref") { _, context in
            let identity = try context.requireIdentity()
            return try JSONCoding.response(try await platform.police.outcome(callId: try ref(context), by: identity))
        }
        api.get("diversion/stats") { request, context in
            let identity = try context.requireIdentity()
            let (from, to) = try period(Query(request))
            return try JSONCoding.response(try await platform.police.diversionCounts(from: from, to: to, by: identity))
        }
        api.get("handling-powers") { _, context in
            let identity = try context.requireIdentity()
            return try WholeTable.response(try await platform.police.handlingPowers(by: identity))
        }
        api.put("handling-powers") { request, context in
            let identity = try context.requireIdentity()
            let powers = try await decodeBody([HandlingPower].self, request, context)
            try WholeTable.check(request, current: try await platform.police.handlingPowers(by: identity), what: "handling powers")
            _ = try await platform.police.replaceHandlingPowers(powers, by: identity)
            return try WholeTable.response(try await platform.police.handlingPowers(by: identity))
        }
    }

}

func required(_ value: String?, _ field: String) throws -> String {
    guard let value, !value.isEmpty, value.count <= 64 else {
        throw CaseError.intakeIDRequired(field)
    }
    return value
}

func ref(_ context: AppContext) throws -> String {
    guard let ref = context.parameters.get("ref"), !ref.isEmpty else {
        throw CaseError.intakeRefRequired
    }
    return ref
}
