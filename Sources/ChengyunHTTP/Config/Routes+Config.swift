import ChengyunCore
import ChengyunServices
import Hummingbird

/// A kind of department (城管, 水务 …), the codes a category's lead department and a department's kind use.
struct DepartmentKindView: Codable { var code: String; var name: String; var nameEn: String }

extension APIRoutes {
    /// The taxonomy, the working calendar and the department kinds.
    func addConfigRoutes(to api: RouterGroup<AppContext>) {
        api.get("department-kinds") { _, context in
            _ = try context.requireIdentity()
            return try JSONCoding.response(DepartmentKinds.all.map { DepartmentKindView(code: $0.code, name: $0.name, nameEn: $0.nameEn) })
        }
        api.get("taxonomy") { _, context in
            _ = try context.requireIdentity()
            return try WholeTable.response(platform.data.taxonomy)
        }
        api.put("taxonomy") { request, context in
            let identity = try context.requireIdentity()
            let taxonomy = try await decodeBody(Taxonomy.self, request, context)
            try WholeTable.check(request, current: platform.data.taxonomy, what: "taxonomy")
            try await platform.config.replaceTaxonomy(taxonomy, by: identity)
            return try WholeTable.response(platform.data.taxonomy)
        }
        api.put("taxonomy/categories") { request, context in
            let identity = try context.requireIdentity()
            let category = try await decodeBody(Category.self, request, context)
            return try JSONCoding.response(try await platform.config.upsertCategory(category, by: identity))
        }
        api.get("calendar") { _, context in
            _ = try context.requireIdentity()
            return try WholeTable.response(platform.data.calendar)
        }
        api.put("calendar") { request, context in
            let identity = try context.requireIdentity()
            let calendar = try await decodeBody(WorkingCalendar.self, request, context)
            try WholeTable.check(request, current: platform.data.calendar, what: "working calendar")
            try await platform.config.replaceCalendar(calendar, by: identity)
            return try WholeTable.response(platform.data.calendar)
        }
    }
}
