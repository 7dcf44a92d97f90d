import ChengyunCore
import ChengyunServices
import Foundation
import Hummingbird

/// 物业 — property companies, their published credit, compounds put in their hands, notices and acknowledgements
/// (docs/PROPERTY.md).
extension APIRoutes {
    func addPropertyRoutes(api: RouterGroup<AppContext>) {
        let property = platform.property
        api.get("property-companies") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            let (from, to) = try creditPeriod(q)
            let limit = try q.int("limit", default: 50, range: 1...200)!
            return try JSONCoding.response(try await property.companies(nodeID: try q.id("nodeId"), from: from, to: to, after: try q.id("after"), limit: limit, by: identity))
        }
        api.post("property-companies") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(PropertyCompanyInput.self, request, context)
            return try JSONCoding.response(try await property.create(input, by: identity), status: .created)
        }
        api.get("property-companies/mine") { request, context in
            let identity = try context.requireIdentity()
            guard let own = try await property.ownCompany(by: identity) else { throw PropertyError.notRecipient }
            let (from, to) = try creditPeriod(Query(request))
            return try JSONCoding.response(try await property.company(own.id, from: from, to: to, by: identity))
        }
        // 我的小区物业 — a resident's compound and the company serving it, with its published record.
        api.get("property-companies/serving-me") { _, context in
            try JSONCoding.response(try await property.home(by: try context.requireIdentity()))
        }
        api.get("property-companies/:id") { request, context in
            let identity = try context.requireIdentity()
            let (from, to) = try creditPeriod(Query(request))
            return try JSONCoding.response(try await property.company(try context.pathID(), from: from, to: to, by: identity))
        }
        api.post("compounds/:id/company") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(CompoundCompanyInput.self, request, context)
            return try JSONCoding.response(try await property.setCompany(input, of: try context.pathID(), by: identity))
        }
        api.get("company-notices") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            let limit = try q.int("limit", default: 50, range: 1...200)!
            return try JSONCoding.response(try await property.notices(nodeID: try q.id("nodeId"), before: try q.id("before"), limit: limit, by: identity))
        }
        api.post("company-notices") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(CompanyNoticeInput.self, request, context)
            return try JSONCoding.response(try await property.sendNotice(input, by: identity), status: .created)
        }
        api.post("company-notices/:id/acknowledge") { _, context in
            let identity = try context.requireIdentity()
            let result = try await property.acknowledge(try context.pathID(), by: identity)
            return try JSONCoding.response(result.notice, status: result.created ? .created : .ok)
        }
    }

    /// A company's record is published over the last year unless `from` and `to` say otherwise.
    func creditPeriod(_ q: Query) throws -> (Date, Date) {
        let calendar = platform.data.calendar
        let to = try q.date("to", in: calendar) ?? platform.clock.now()
        let from = try q.date("from", in: calendar) ?? calendar.startOfLast(365, at: to)
        return (from, to)
    }
}
