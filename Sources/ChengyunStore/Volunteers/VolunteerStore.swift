public import ChengyunCore
public import Foundation

/// 志愿者 — volunteers, their teams, tasks and micro-wishes with the places grabbed in them, points credited once per
/// confirmed place in the transaction that confirms it, and pairings with residents in need.
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

    /// - Throws: `VolunteerError.duplicatePairing`.
    func createPairing(_ pairing: Pairing) async throws -> Pairing
    /// The pairings on or under `path`, by id.
    func pairings(under path: String, limit: Int) async throws -> [Pairing]
    func pairings(volunteer: VolunteerID) async throws -> [Pairing]
}
