public import ChengyunCore

/// 联勤联动站 — joint-duty stations (typed columns; coverage and posted staff as child rows) and town-managed
/// communities (镇管社区), kept by both stores alike.
public protocol StationStore: Sendable {
    /// Every station with its coverage (no posts), for the in-memory locator: a city has a few thousand.
    func allStations() async throws -> [Station]
    /// A station with its coverage, its chief's name and its posted staff.
    func station(_ id: StationID) async throws -> Station?
    /// Stations standing on or under `path` or serving a committee under it, of `type` if given, by code after
    /// `afterCode`: one page.
    func stations(touching path: String, type: StationType?, afterCode: String?, limit: Int) async throws -> [Station]
    /// Stores a new station and its coverage in one commit.
    /// - Throws: `StationError.duplicateCode` for a code a station or town-managed community has, and
    ///   `StationError.committeeTaken` for a committee another community-centre or village station serves.
    func createStation(_ station: Station) async throws -> Station
    /// Replaces a station's name, chief, address, place, boundary and coverage (its code, type and street stay);
    /// the version goes up by one. Nil when there is no such station. Throws as `createStation` does.
    func updateStation(_ station: Station) async throws -> Station?
    /// Posts a department's staff member to a station.
    /// - Throws: `StationError.alreadyPosted`.
    func postStaff(_ post: StationPost, to station: StationID) async throws
    /// Ends a posting; false when the person was not posted there.
    func endPost(of user: UserID, at station: StationID) async throws -> Bool

    /// A town-managed community with its committees and secretary's name.
    func townCommunity(_ id: TownCommunityID) async throws -> TownCommunity?
    /// The town-managed communities of the towns on or under `path`, by code.
    func townCommunities(under path: String) async throws -> [TownCommunity]
    /// Stores a new town-managed community and its committees in one commit.
    /// - Throws: `StationError.duplicateCode`, `StationError.committeeGrouped`.
    func createTownCommunity(_ community: TownCommunity) async throws -> TownCommunity
}
