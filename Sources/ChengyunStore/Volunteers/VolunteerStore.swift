public import ChengyunCore
public import Foundation

/// 志愿者 — volunteers, their teams, tasks and micro-wishes with the places grabbed in them, points credited once per
/// confirmed place in the transaction that confirms it, points exchanged for a committee's items (积分兑换), and pairings
/// with residents in need.
public protocol VolunteerStore: Sendable {
    /// - Throws: `VolunteerError.already` for an account that volunteers already.
    func addVolunteer(_ volunteer: Volunteer) async throws -> Volunteer
    func volunteer(_ id: VolunteerID) async throws -> Volunteer?
    func volunteer(user: UserID) async throws -> Volunteer?
    /// The volunteers on or under `path`, by id after `after`.
    func volunteers(under path: String, after: VolunteerID?, limit: Int) async throws -> [Volunteer]
    /// Puts a volunteer in a team (or none); nil when there is no such volunteer.
    func setVolunteerTeam(_ id: VolunteerID, team: VolunteerTeamID?) async throws -> Volunteer?

    func createVolunteerTeam(_ team: VolunteerTeam) async throws -> VolunteerTeam
    func volunteerTeam(_ id: VolunteerTeamID) async throws -> VolunteerTeam?
    /// The teams on or under `path` with their member counts, by id.
    func volunteerTeams(under path: String) async throws -> [VolunteerTeam]

    /// Stores a task; the same client key at the same committee is the same task (created false).
    func createVolunteerTask(_ task: VolunteerTask) async throws -> (task: VolunteerTask, created: Bool)
    func volunteerTask(_ id: VolunteerTaskID) async throws -> VolunteerTask?
    /// The tasks of these ids, in one read (in any order; unknown ids left out).
    func volunteerTasks(_ ids: [VolunteerTaskID]) async throws -> [VolunteerTask]
    /// The tasks on or under `path` (of `state`), the latest day first then newest, below the cursor (day, id).
    func volunteerTasks(under path: String, state: VolunteerTask.State?, before: (day: Int, id: VolunteerTaskID)?, limit: Int) async throws -> [VolunteerTask]
    /// 抢单 — takes one place of an open task for a volunteer, atomically: never more places taken than the task has.
    func grabVolunteerTask(_ id: VolunteerTaskID, volunteer: Volunteer, at: Date) async throws -> GrabOutcome
    /// The places taken in these tasks, in one read (each task's in the order they were grabbed).
    func taskClaims(_ ids: [VolunteerTaskID]) async throws -> [VolunteerTaskID: [TaskClaim]]
    /// A volunteer's places, the latest first.
    func taskClaims(volunteer: VolunteerID, limit: Int) async throws -> [TaskClaim]
    /// Confirms a volunteer's place done and credits the task's points to them, in one transaction; a second
    /// confirmation changes nothing. Nil when the volunteer holds no place in the task.
    func confirmTaskClaim(_ id: VolunteerTaskID, volunteer: VolunteerID, by: String, at: Date) async throws -> TaskClaim?
    /// Closes a task to grabbing; nil when there is no such task.
    func closeVolunteerTask(_ id: VolunteerTaskID) async throws -> VolunteerTask?

    /// 积分兑换 — stores an item; the same client key at the same committee is the same item (created false).
    func createRewardItem(_ item: RewardItem) async throws -> (item: RewardItem, created: Bool)
    func rewardItem(_ id: RewardItemID) async throws -> RewardItem?
    /// A committee's items (the active ones only, or all), by id.
    func rewardItems(under path: String, activeOnly: Bool) async throws -> [RewardItem]
    /// Adds to (or takes from) an item's stock and offers or withdraws it, atomically; nil when there is no such item
    /// or the stock would fall below none.
    func changeRewardItem(_ id: RewardItemID, addStock: Int, active: Bool?) async throws -> RewardItem?
    /// Exchanges a volunteer's points for one of an item, in one transaction: never past the stock, never past the
    /// volunteer's balance (also under concurrent exchanges); the same key from the same volunteer is the same exchange.
    func redeem(_ item: RewardItemID, volunteer: Volunteer, clientKey: String, at: Date) async throws -> RedeemOutcome
    func redemption(_ id: RedemptionID) async throws -> Redemption?
    /// A volunteer's exchanges, the latest first.
    func redemptions(volunteer: VolunteerID, limit: Int) async throws -> [Redemption]
    /// The exchanges on or under `path` (of `state`), the latest first, below the cursor.
    func redemptions(under path: String, state: Redemption.State?, before: RedemptionID?, limit: Int) async throws -> [Redemption]
    /// Closes a requested exchange: handed over, or cancelled with its points and item given back, in one transaction;
    /// nil when there is no such exchange or it is closed already.
    func closeRedemption(_ id: RedemptionID, as state: Redemption.State, by: String, at: Date) async throws -> Redemption?

    /// - Throws: `VolunteerError.duplicatePairing`.
    func createPairing(_ pairing: Pairing) async throws -> Pairing
    /// The pairings on or under `path`, by id.
    func pairings(under path: String, limit: Int) async throws -> [Pairing]
    func pairings(volunteer: VolunteerID) async throws -> [Pairing]
}
