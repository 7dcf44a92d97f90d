import ChengyunCore
import ChengyunServices
import ChengyunStore
import Foundation
import Hummingbird

/// The queue of a centre as the API shows it.
struct DutyQueueView: Codable {
    var nodeID: NodeID
    var nodeName: String
    var onDuty: [DutyLevel]
    var waiting: [CaseView]
    var escalated: [CaseView]
    var linkage: [CaseView]
}

extension APIRoutes {
    func addDutyRoutes(to api: RouterGroup<AppContext>) {
        api.get("duty/shifts") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            guard let nodeID: NodeID = try q.id("nodeId") else {
                throw DutyError.nodeRequired()
            }
            let calendar = platform.data.calendar
            let from = try q.date("from", in: calendar) ?? platform.clock.now().addingTimeInterval(-86_400)
            let to = try q.date("to", in: calendar) ?? from.addingTimeInterval(8 * 86_400)
            return try JSONCoding.response(try await platform.duty.roster(nodeID: nodeID, from: from, to: to, by: identity))
        }
        api.post("duty/shifts") { request, context in
            let identity = try context.requireIdentity()
            let inputs = try await decodeBody([ShiftInput].self, request, context)
            return try JSONCoding.response(try await platform.duty.createShifts(inputs, by: identity), status: .created)
        }
        api.post("duty/shifts/import") { request, context in
            let identity = try context.requireIdentity()
            guard let nodeID: NodeID = try Query(request).id("nodeId") else {
                throw DutyError.nodeRequired("Name the centre or station the roster is for: ?nodeId=.")
            }
            let body = try await readBody(request, upTo: 2 * 1024 * 1024)
            let shifts = try await platform.duty.importRoster(nodeID: nodeID, csv: String(buffer: body), by: identity)
            return try JSONCoding.response(shifts, status: .created)
        }
        api.put("duty/shifts/:id") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(ShiftInput.self, request, context)
            return try JSONCoding.response(try await platform.duty.updateShift(try context.pathID(), input, by: identity))
        }
        api.delete("duty/shifts/:id") { _, context in
            let identity = try context.requireIdentity()
            try await platform.duty.deleteShift(try context.pathID(), by: identity)
            return Response(status: .noContent)
        }
        api.get("duty/now") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            guard let nodeID: NodeID = try q.id("nodeId") else {
                throw DutyError.nodeRequired("Name the place: nodeId (a grid, committee or centre).")
            }
            let at = try q.date("at", in: platform.data.calendar)
            return try JSONCoding.response(try await platform.duty.onDuty(nodeID: nodeID, at: at, by: identity))
        }
        api.get("duty/mine") { _, context in
            let identity = try context.requireIdentity()
            return try JSONCoding.response(try await platform.duty.myDuty(by: identity))
        }
        api.get("duty/queue") { request, context in
            let identity = try context.requireIdentity()
            guard let nodeID: NodeID = try Query(request).id("nodeId") else {
                throw DutyError.nodeRequired()
            }
            let queue = try await platform.duty.dutyQueue(nodeID: nodeID, by: identity)
            return try JSONCoding.response(DutyQueueView(
                nodeID: queue.node.id, nodeName: queue.node.name, onDuty: queue.onDuty, waiting: queue.waiting.map { view($0, identity) },
                escalated: queue.escalated.map { view($0, identity) }, linkage: queue.linkage.map { view($0, identity) }))
        }
        api.get("duty/handovers") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            guard let nodeID: NodeID = try q.id("nodeId") else {
                throw DutyError.nodeRequired()
            }
            return try JSONCoding.response(try await platform.duty.handovers(nodeID: nodeID, limit: try q.int("limit", default: 20, range: 1...200)!, by: identity))
        }
        api.post("duty/handovers") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(HandoverInput.self, request, context)
            return try JSONCoding.response(try await platform.duty.recordHandover(input, by: identity), status: .created)
        }
        // 加强值班值守 — the posts flood-season warnings added, and putting a person on one.
        api.get("duty/reinforcements") { request, context in
            let identity = try context.requireIdentity()
            guard let nodeID: NodeID = try Query(request).id("nodeId") else { throw DutyError.nodeRequired() }
            return try JSONCoding.response(try await platform.duty.reinforcements(nodeID: nodeID, by: identity))
        }
        api.post("duty/reinforcements/:id/assign") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(AssignInput.self, request, context)
            let post = try await platform.duty.assignReinforcement(try context.pathID(), userID: UserID(input.userID), by: identity)
            return try JSONCoding.response(post)
        }
    }

    struct AssignInput: Decodable {
        var userID: Int64
    }
}
