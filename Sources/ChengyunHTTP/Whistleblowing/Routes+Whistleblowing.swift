import ChengyunCore
import ChengyunServices
import Foundation
import Hummingbird

/// 吹哨人 (docs/WHISTLEBLOWING.md) — anyone reports a hazard and follows it by its receipt code, with no account; the
/// designated handler of the district (or the city) reads, verifies, answers and rewards; an administrator designates
/// the handler.
extension APIRoutes {
    func addWhistleblowingRoutes(api: RouterGroup<AppContext>) {
        // Public: the streets to place a report in, the report itself, and its follow-up by the receipt code.
        api.get("whistleblower-reports/areas") { _, _ in
            try JSONCoding.response(try await platform.whistleblowing.areas())
        }
        api.post("whistleblower-reports") { request, context in
            let input = try await decodeBody(WhistleblowerReportInput.self, request, context)
            let result = try await platform.whistleblowing.report(input, from: context.caller)
            return try JSONCoding.response(result.receipt, status: result.created ? .created : .ok)
        }
        api.get("whistleblower-receipts/:code") { _, context in
            try JSONCoding.response(try await platform.whistleblowing.followUp(code: context.parameters.get("code") ?? "", from: context.caller))
        }
        api.post("whistleblower-receipts/:code/messages") { request, context in
            let input = try await decodeBody(WhistleblowerMessageInput.self, request, context)
            return try JSONCoding.response(try await platform.whistleblowing.supplement(code: context.parameters.get("code") ?? "", input, from: context.caller),
                                           status: .created)
        }
        // The designated handler's.
        api.get("whistleblower-reports") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            return try JSONCoding.response(try await platform.whistleblowing.list(status: try q.list("status", as: WhistleblowerReport.Status.self)?.first,
                                                                                cursor: try q.text("cursor", max: 20),
                                                                                limit: try q.int("limit", default: WhistleblowingUseCases.pageLimit, range: 1...200)!, by: identity))
        }
        api.get("whistleblower-reports/:id") { _, context in
            try JSONCoding.response(try await platform.whistleblowing.report(try context.pathID(), by: try context.requireIdentity()))
        }
        api.get("whistleblower-reports/:id/reporter") { _, context in
            try JSONCoding.response(try await platform.whistleblowing.reporter(of: try context.pathID(), by: try context.requireIdentity()))
        }
        api.post("whistleblower-reports/:id/steps") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(WhistleblowerStep.self, request, context)
            return try JSONCoding.response(try await platform.whistleblowing.move(try context.pathID(), input, by: identity))
        }
        api.post("whistleblower-reports/:id/reward") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(WhistleblowerRewardInput.self, request, context)
            return try JSONCoding.response(try await platform.whistleblowing.reward(try context.pathID(), input, by: identity))
        }
        api.post("whistleblower-reports/:id/messages") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(WhistleblowerMessageInput.self, request, context)
            return try JSONCoding.response(try await platform.whistleblowing.message(try context.pathID(), input, by: identity), status: .created)
        }
        // Who the caller handles reports for (the console's menu), and the designations.
        api.get("whistleblower-handlers/mine") { _, context in
            try JSONCoding.response(["paths": try await platform.whistleblowing.handledPaths(by: try context.requireIdentity())])
        }
        api.get("whistleblower-handlers") { _, context in
            try JSONCoding.response(try await platform.whistleblowing.handlers(by: try context.requireIdentity()))
        }
        api.put("whistleblower-handlers/:id") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(WhistleblowerHandlerInput.self, request, context)
            return try JSONCoding.response(try await platform.whistleblowing.designate(node: try context.pathID(), input, by: identity))
        }
    }
}
