/// 用户 — the error codes of users and their roles, each with its message.
/// The codes are stable: clients, the console and the OpenAPI document rely on them.
public enum UserError {
    /// 404 `user.not_found`
    public static func notFound(_ id: UserID) -> DomainError {
        .notFound("user.not_found", "User \(id) does not exist.")
    }
    /// 400 `user.password_not_here`
    public static func passwordNotHere(_ id: UserID) -> DomainError {
        .invalid("user.password_not_here", "A password is not changed here: POST /api/v1/users/\(id)/password resets it.", field: "password")
    }
    /// 422 `user.disable_self`
    public static let disableSelf = DomainError.unprocessable("user.disable_self", "You cannot disable your own account; ask another admin.", field: "active")
    /// 400 `user.invalid_display_name`
    public static let invalidDisplayName = DomainError.invalid("user.invalid_display_name", "A display name may not be blank.", field: "displayName")
    /// 400 `user.no_assignment`
    public static let noAssignment = DomainError.invalid("user.no_assignment", "Give at least one assignment: a role at a node.", field: "assignments")
    /// 422 `user.department_elsewhere`
    public static func departmentElsewhere(_ id: DepartmentID, node: OrgNode, index: Int) -> DomainError {
        .unprocessable("user.department_elsewhere", "Department \(id) does not belong to node \(node.name).", field: "assignments[\(index)].departmentId")
    }

    // What the store refuses when it writes users and keys (the same for every adapter).

    /// 409 `user.duplicate_username`
    public static func duplicateUsername(_ username: String) -> DomainError {
        .conflict("user.duplicate_username", "The username \(username) is taken; choose another.", field: "username")
    }
    /// 422 `node.not_found` — a node an assignment names.
    public static func assignmentNode(_ id: NodeID, index: Int) -> DomainError {
        .unprocessable("node.not_found", "Node \(id) does not exist.", field: "assignments[\(index)].nodeId")
    }
    /// 422 `user.handler_department`
    public static func handlerDepartment(index: Int) -> DomainError {
        .unprocessable("user.handler_department", "A department handler needs a department, and only a handler has one.", field: "assignments[\(index)].departmentId")
    }
    /// 422 `department.not_found` — a department an assignment names.
    public static func assignmentDepartment(_ id: DepartmentID, index: Int) -> DomainError {
        .unprocessable("department.not_found", "Department \(id) does not exist.", field: "assignments[\(index)].departmentId")
    }

    /// 400 `user.invalid_username`
    public static let invalidUsername = DomainError.invalid("user.invalid_username", "A username must be 3–32 letters, digits, '.', '_' or '-'.", field: "username")
}
