import ChengyunCore

extension Identity {
    /// Throws unless the identity is an admin of the whole city.
    func requireCityAdmin(_ action: String) throws {
        guard assignments.contains(where: { $0.role == .admin && OrgNode.ids(inPath: $0.nodePath).count == 1 }) else {
            throw AccountError.cityAdminRequired(to: action)
        }
    }
}
