import ChengyunCore
import ChengyunServices
import Foundation
import Hummingbird

/// 志愿者 — volunteers and teams, tasks and micro-wishes grabbed and confirmed for points, pairings (docs/VOLUNTEERS.md).
extension APIRoutes {
    func addVolunteerRoutes(api: RouterGroup<AppContext>) {
        api.get("volunteers") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            return try JSONCoding.response(try await platform.volunteers.volunteers(nodeID: try q.int("nodeId").map(Int64.init), after: try q.id("after"),
                                                                                   limit: try q.int("limit", default: 50, range: 1...200) ?? 50, by: identity))
        }
        api.post("volunteers") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(VolunteerInput.self, request, context)
            return try JSONCoding.response(try await platform.volunteers.join(input, by: identity), status: .created)
        }
        api.get("volunteers/me") { _, context in
            try JSONCoding.response(try await platform.volunteers.me(try context.requireIdentity()))
        }
        api.post("volunteers/:id/team") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(VolunteerTeamChoice.self, request, context)
            return try JSONCoding.response(try await platform.volunteers.setTeam(try context.pathID(), input, by: identity))
        }
        api.get("volunteer-teams") { request, context in
            let identity = try context.requireIdentity()
            return try JSONCoding.response(try await platform.volunteers.teams(nodeID: try Query(request).int("nodeId").map(Int64.init), by: identity))
        }
        api.post("volunteer-teams") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(VolunteerTeamInput.self, request, context)
            return try JSONCoding.response(try await platform.volunteers.createTeam(input, by: identity), status: .created)
        }
        api.get("volunteer-tasks") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            let state = try q.list("state", as: VolunteerTask.State.self)?.first
            return try JSONCoding.response(try await platform.volunteers.tasks(nodeID: try q.int("nodeId").map(Int64.init), state: state, cursor: try q.text("cursor", max: 40),
                                                                              limit: try q.int("limit", default: VolunteerUseCases.pageLimit, range: 1...200)!, by: identity))
        }
        api.post("volunteer-tasks") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(VolunteerTaskInput.self, request, context)
            let result = try await platform.volunteers.post(input, by: identity)
            return try JSONCoding.response(result.view, status: result.created ? .created : .ok)
        }
        api.get("volunteer-tasks/:id") { _, context in
            try JSONCoding.response(try await platform.volunteers.task(try context.pathID(), by: try context.requireIdentity()))
        }
        api.post("volunteer-tasks/:id/grab") { _, context in
            let result = try await platform.volunteers.grab(try context.pathID(), by: try context.requireIdentity())
            return try JSONCoding.response(result.view, status: result.created ? .created : .ok)
        }
        api.post("volunteer-tasks/:id/confirm") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(TaskConfirmation.self, request, context)
            return try JSONCoding.response(try await platform.volunteers.confirm(try context.pathID(), input, by: identity))
        }
        api.post("volunteer-tasks/:id/close") { _, context in
            try JSONCoding.response(try await platform.volunteers.close(try context.pathID(), by: try context.requireIdentity()))
        }
        api.get("rewards") { request, context in
            try JSONCoding.response(try await platform.volunteers.rewardItems(nodeID: try Query(request).int("nodeId").map(Int64.init), by: try context.requireIdentity()))
        }
        api.post("rewards") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(RewardItemInput.self, request, context)
            let result = try await platform.volunteers.offer(input, by: identity)
            return try JSONCoding.response(result.item, status: result.created ? .created : .ok)
        }
        api.patch("rewards/:id") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(RewardItemChange.self, request, context)
            return try JSONCoding.response(try await platform.volunteers.changeItem(try context.pathID(), input, by: identity))
        }
        api.post("rewards/:id/redeem") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(RedeemInput.self, request, context)
            let result = try await platform.volunteers.redeem(try context.pathID(), input, by: identity)
            return try JSONCoding.response(result.redemption, status: result.created ? .created : .ok)
        }
        api.get("redemptions") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            let state = try q.list("state", as: Redemption.State.self)?.first
            return try JSONCoding.response(try await platform.volunteers.redemptions(nodeID: try q.int("nodeId").map(Int64.init), state: state, cursor: try q.text("cursor", max: 20),
                                                                                    limit: try q.int("limit", default: VolunteerUseCases.pageLimit, range: 1...200)!, by: identity))
        }
        api.post("redemptions/:id/hand-over") { _, context in
            try JSONCoding.response(try await platform.volunteers.close(try context.pathID(), as: .handedOver, by: try context.requireIdentity()))
        }
        api.post("redemptions/:id/cancel") { _, context in
            try JSONCoding.response(try await platform.volunteers.close(try context.pathID(), as: .cancelled, by: try context.requireIdentity()))
        }
        api.get("pairings") { request, context in
            let identity = try context.requireIdentity()
            return try JSONCoding.response(try await platform.volunteers.pairings(nodeID: try Query(request).int("nodeId").map(Int64.init), by: identity))
        }
        api.post("pairings") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(PairingInput.self, request, context)
            return try JSONCoding.response(try await platform.volunteers.pair(input, by: identity), status: .created)
        }
    }
}
