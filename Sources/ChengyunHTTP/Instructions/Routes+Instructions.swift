import ChengyunCore
import ChengyunServices
import Foundation
import Hummingbird

/// 指令 — instructions sent down the duty path and acknowledged node by node (docs/FLOOD.md).
extension APIRoutes {
    struct InstructionAcknowledgement: Decodable {
        var nodeID: Int64?
        var reply: String?
    }

    struct InstructionPage: Encodable {
        var instructions: [InstructionSummary]
        var nextBefore: Int64?
    }

    func addInstructionRoutes(api: RouterGroup<AppContext>) {
        api.post("instructions") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(InstructionInput.self, request, context)
            return try JSONCoding.response(try await platform.instructions.send(input, by: identity), status: .created)
        }
        api.get("instructions") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            let limit = try q.int("limit", default: 20, range: 1...100) ?? 20
            let items = try await platform.instructions.list(before: try q.id("before"), limit: limit, by: identity)
            return try JSONCoding.response(InstructionPage(instructions: items, nextBefore: items.count == limit ? items.last?.instruction.id.rawValue : nil))
        }
        api.get("instructions/:id/receipts") { _, context in
            let identity = try context.requireIdentity()
            return try JSONCoding.response(try await platform.instructions.receipts(try context.pathID(), by: identity))
        }
        api.post("instructions/:id/acknowledge") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeOptional(InstructionAcknowledgement.self, request, context)
            let n = try await platform.instructions.acknowledge(try context.pathID(), nodeID: input?.nodeID.map { NodeID($0) }, reply: input?.reply, by: identity)
            return try JSONCoding.response(["acknowledged": n])
        }
    }
}
