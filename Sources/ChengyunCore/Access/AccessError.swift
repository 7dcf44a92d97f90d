/// 权限 — the error codes of the role × scope policy, each with its message.
/// The codes are stable: clients, the console and the OpenAPI document rely on them.
public enum AccessError {
    /// 403 `auth.role_required` — none of the roles anywhere.
    public static func roleRequired(_ roles: Set<Role>, to action: String) -> DomainError {
        .forbidden("auth.role_required", "Only \(roles.map(\.rawValue).sorted().joined(separator: " or ")) may \(action).")
    }
    /// 403 `auth.out_of_scope` — none of the roles over this node.
    public static func outOfScope(_ roles: Set<Role>, to action: String) -> DomainError {
        .forbidden("auth.out_of_scope", "You may not \(action) here: it needs the role \(roles.map(\.rawValue).sorted().joined(separator: " or ")) over this part of the organisation tree.")
    }
}
