import ChengyunCore
import ChengyunServices
import Foundation
import Hummingbird

/// 三会 — consultation topics and committees' consultations (docs/CONSULTATIONS.md).
extension APIRoutes {
    func addCommunityConsultationRoutes(api: RouterGroup<AppContext>) {
        let consultations = platform.consultations
        api.get("consultation-topics") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            return try JSONCoding.response(try await consultations.topics(nodeID: try q.id("nodeId"), open: try q.bool("open") ?? true,
                                                                          limit: try q.int("limit", default: 100, range: 1...500)!, by: identity))
        }
        api.post("consultation-topics") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(ConsultationTopicInput.self, request, context)
            return try JSONCoding.response(try await consultations.raise(input, by: identity), status: .created)
        }
        api.get("community-consultations") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            let limit = try q.int("limit", default: 50, range: 1...200)!
            let page = try await consultations.list(nodeID: try q.id("nodeId"), before: try q.id("before"), limit: limit, by: identity)
            return try JSONCoding.response(ConsultationPage(consultations: page, nextBefore: page.count == limit ? page.last?.id.rawValue : nil))
        }
        api.post("community-consultations") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(CommunityConsultationInput.self, request, context)
            return try JSONCoding.response(try await consultations.create(input, by: identity), status: .created)
        }
        api.get("community-consultations/:id") { _, context in
            try JSONCoding.response(try await consultations.consultation(try context.pathID(), by: try context.requireIdentity()))
        }
        api.post("community-consultations/:id/held") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(ConsultationHeldInput.self, request, context)
            return try JSONCoding.response(try await consultations.held(input, try context.pathID(), by: identity))
        }
        api.post("community-consultations/:id/decisions/:ordinal/done") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(ConsultationNoteInput.self, request, context)
            guard let ordinal = context.parameters.get("ordinal", as: Int.self) else { throw ConsultationError.decisionNotFound }
            return try JSONCoding.response(try await consultations.done(input, ordinal: ordinal, try context.pathID(), by: identity))
        }
        api.post("community-consultations/:id/notice") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(ConsultationNoticeInput.self, request, context)
            return try JSONCoding.response(try await consultations.publish(input, try context.pathID(), by: identity))
        }
        api.post("community-consultations/:id/satisfaction") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(ConsultationSatisfactionInput.self, request, context)
            return try JSONCoding.response(try await consultations.satisfaction(input, try context.pathID(), by: identity))
        }
    }
}

/// A page of consultations, newest first; `nextBefore` asks for the next.
struct ConsultationPage: Codable, Sendable {
    var consultations: [CommunityConsultation]
    var nextBefore: Int64?
}
