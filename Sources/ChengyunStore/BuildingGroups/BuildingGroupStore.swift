public import ChengyunCore

/// 楼组包干 — building groups and village groups (typed columns; buildings, cadres and checks as child rows).
public protocol BuildingGroupStore: Sendable {
    /// Stores a group with its buildings and cadres in one commit.
    /// - Throws: `BuildingGroupError.duplicateCode`, `BuildingGroupError.buildingTaken` for a building another group covers.
    func createBuildingGroup(_ group: BuildingGroup) async throws -> BuildingGroup
    /// A group with its buildings and cadres (with their names).
    func buildingGroup(_ id: BuildingGroupID) async throws -> BuildingGroup?
    /// The group whose QR code carries `code`.
    func buildingGroup(registrationCode code: String) async throws -> BuildingGroup?
    /// The group that covers `building`, if any.
    func buildingGroup(covering building: BuildingID) async throws -> BuildingGroup?
    /// The groups whose leader signs in as `user`.
    func buildingGroups(ledBy user: UserID) async throws -> [BuildingGroup]
    /// The groups on or under `path`, by code after `afterCode`.
    func buildingGroups(under path: String, afterCode: String?, limit: Int) async throws -> [BuildingGroup]
    /// Adds or replaces one person's place in a group's chain; the group's version goes up. False when there is no group.
    func assignCadre(_ cadre: BuildingGroupCadre, to group: BuildingGroupID) async throws -> Bool
    /// Records a check; one with a `clientKey` the group has recorded already is not recorded again: the one recorded is
    /// returned.
    func addBuildingGroupCheck(_ check: BuildingGroupCheck) async throws -> BuildingGroupCheck
    /// A group's checks, newest first.
    func buildingGroupChecks(of group: BuildingGroupID, limit: Int) async throws -> [BuildingGroupCheck]
}
