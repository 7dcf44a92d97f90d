/// 组织 — the error codes of the organisation tree, its departments and boundaries, each with its message.
/// The codes are stable: clients, the console and the OpenAPI document rely on them.
public enum OrganisationError {
    /// 404 `node.not_found`
    public static func nodeNotFound(_ id: NodeID, field: String? = "nodeId") -> DomainError {
        .notFound("node.not_found", "There is no organisation node \(id).", field: field)
    }

    /// 403 `auth.out_of_scope` — a node outside the caller's area.
    public static let outOfScope = DomainError.forbidden("auth.out_of_scope", "That part of the organisation tree lies outside your area.")

    /// 422 `node.not_found` — a node named in a write that the store does not have.
    public static func nodeMissing(_ id: NodeID, field: String? = "nodeId") -> DomainError {
        .unprocessable("node.not_found", "Node \(id) does not exist.", field: field)
    }
    /// 404 `node.not_found` — a grid the locator knows that the store no longer has.
    public static let gridVanished = DomainError.notFound("node.not_found", "The grid vanished.")
    /// 404 `node.no_area`
    public static func noArea(_ node: OrgNode) -> DomainError {
        .notFound("node.no_area", "Node \(node.name) has no boundary yet; import one with POST /api/v1/grids/import.")
    }
    /// 403 `auth.out_of_scope` — a place outside the caller's area.
    public static let placeOutOfScope = DomainError.forbidden("auth.out_of_scope", "That place lies outside your area.")
    /// 403 `node.city_by_import`
    public static let cityByImport = DomainError.forbidden(
        "node.city_by_import", "A city is created by importing its boundary (chengyun import grids, kind city); give a parentId.", field: "parentId")
    /// 400 `department.unknown_kind`
    public static func unknownDepartmentKind(_ kind: String) -> DomainError {
        .invalid("department.unknown_kind", "Unknown department kind \(kind.prefix(40)); use one of \(DepartmentKinds.all.map(\.code).joined(separator: ", ")).", field: "kind")
    }
    /// 400 `input.required` — a blank code or name.
    public static func blank(_ field: String) -> DomainError {
        .invalid("input.required", "Give '\(field)'; it may not be blank.", field: field)
    }
    /// 400 `node.invalid_variant`
    public static func invalidVariant(_ variant: String, of kind: OrgNode.Kind, field: String) -> DomainError {
        let allowed = kind.variants.isEmpty ? "none" : kind.variants.sorted().joined(separator: ", ")
        return .invalid("node.invalid_variant", "A \(kind.rawValue) has no variant '\(variant.prefix(20))'; its variants: \(allowed).", field: field)
    }

    // 网格导入 — a GeoJSON file of boundaries; `i` is the feature's index, `field` its properties' path.

    /// 422 `geojson.missing_code`
    public static func missingCode(feature i: Int, field: String) -> DomainError {
        .unprocessable("geojson.missing_code", "Feature \(i) has no 'code' property; every boundary needs its code.", field: "\(field).code")
    }
    /// 422 `geojson.invalid_kind`
    public static func invalidKind(feature i: Int, code: String, field: String) -> DomainError {
        .unprocessable("geojson.invalid_kind", "Feature \(i) (\(code)) needs a 'kind' of city, district, street, committee or grid.", field: "\(field).kind")
    }
    /// 422 `geojson.missing_name`
    public static func missingName(feature i: Int, code: String, field: String) -> DomainError {
        .unprocessable("geojson.missing_name", "Feature \(i) (\(code)) has no 'name' property.", field: "\(field).name")
    }
    /// 409 `node.city_exists`
    public static func cityExists(feature i: Int, code: String, field: String) -> DomainError {
        .conflict("node.city_exists", "Feature \(i) (\(code)) is a city, but the deployment has its city already.", field: "\(field).kind")
    }
    /// 422 `geojson.missing_parent`
    public static func missingParent(feature i: Int, code: String, field: String) -> DomainError {
        .unprocessable("geojson.missing_parent", "Feature \(i) (\(code)) needs 'parentCode', the code of the node it lies in.", field: "\(field).parentCode")
    }
    /// 422 `geojson.unknown_parent`
    public static func unknownParent(feature i: Int, code: String, parentCode: String, field: String) -> DomainError {
        .unprocessable("geojson.unknown_parent", "Feature \(i) (\(code)) names parentCode \(parentCode), which is neither in the city nor earlier in the file; list parents before children.", field: "\(field).parentCode")
    }
    /// 422 `geojson.duplicate_code`
    public static func duplicateCode(_ code: String, field: String) -> DomainError {
        .unprocessable("geojson.duplicate_code", "Code \(code) appears twice in the file.", field: "\(field).code")
    }
    /// 422 `geojson.outside_parent`
    public static func outsideParent(feature i: Int, code: String, parent: String, field: String) -> DomainError {
        .unprocessable("geojson.outside_parent", "Feature \(i) (\(code)) lies outside its parent \(parent): check its parentCode, and that the coordinates are WGS-84 longitude and latitude (not GCJ-02 or projected).", field: field)
    }
    /// 422 `geojson.overlaps`
    public static func overlaps(feature i: Int, code: String, grid: String, field: String) -> DomainError {
        .unprocessable("geojson.overlaps", "Feature \(i) (\(code)) lies on grid \(grid). To split a grid, give that grid its new boundary (its own code) in the same file.", field: field)
    }

    // What the store refuses when it writes the tree (the same for every adapter).

    /// 422 `node.parent_not_found`
    public static func parentNotFound(_ id: NodeID) -> DomainError {
        .unprocessable("node.parent_not_found", "Parent node \(id) does not exist.", field: "parentId")
    }
    /// 400 `node.parent_order`
    public static let parentOrder = DomainError.invalid("node.parent_order", "A parent must come before its children.", field: "parent")
    /// 409 `node.duplicate_code`
    public static func duplicateNodeCode(_ code: String) -> DomainError {
        .conflict("node.duplicate_code", "A node with code \(code) already exists; codes are unique.", field: "code")
    }
    /// 422 `node.parent_required`
    public static func parentRequired(_ kind: OrgNode.Kind) -> DomainError {
        .unprocessable("node.parent_required", "Only a city may be a root; give a parent of kind \(kind.parentKind?.rawValue ?? "-").", field: "parentId")
    }
    /// 422 `node.wrong_level`
    public static func wrongLevel(_ kind: OrgNode.Kind, under parent: OrgNode.Kind) -> DomainError {
        .unprocessable("node.wrong_level", "A \(kind.rawValue) cannot sit under a \(parent.rawValue); its parent must be a \(kind.parentKind?.rawValue ?? "nothing").", field: "kind")
    }
    /// 400 `node.invalid_code`
    public static let invalidCode = DomainError.invalid("node.invalid_code", "A code is 1–32 ASCII letters, digits or '-'.", field: "code")
    /// 400 `node.invalid_name`
    public static let invalidName = DomainError.invalid("node.invalid_name", "A name is 1–100 characters.", field: "name")
    /// 422 `department.wrong_level`
    public static func departmentWrongLevel(_ kind: OrgNode.Kind) -> DomainError {
        .unprocessable("department.wrong_level", "Departments attach to a city, district or street, not to a \(kind.rawValue).", field: "nodeId")
    }
    /// 409 `department.duplicate_code`
    public static func duplicateDepartmentCode(_ code: String) -> DomainError {
        .conflict("department.duplicate_code", "A department with code \(code) already exists.", field: "code")
    }
}
