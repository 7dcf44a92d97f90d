import ChengyunCore

extension Identity {
    /// Throws unless the identity administers every node the user holds a role at.
    func requireAdmin(over user: User) throws {
        for a in user.assignments { try require(anyOf: [.admin], at: a.nodePath, to: "change \(user.username)") }
        if user.assignments.isEmpty { try require(anyOf: [.admin], to: "change \(user.username)") }
    }
}
