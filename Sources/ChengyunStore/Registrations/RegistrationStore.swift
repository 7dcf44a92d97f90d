public import ChengyunCore
public import Foundation

/// 扫码注册 — residents' registrations by their building group's QR code, each with the account it made, and the
/// rollups of the registration and activity rates (`RegistrationRollups`) kept in the same transaction as every change.
/// The name and phone are sealed with the store's cipher.
public protocol RegistrationStore: Sendable {
    /// Stores a registration and makes its account in one commit. The same client key in the same group is the same
    /// registration: the stored one comes back (`created` false) and no account is made.
    /// - Throws: `UserError.duplicateUsername`; `RegistrationError.resident` when the resident named is verified already.
    func register(_ registration: ResidentRegistration, account: UserDraft) async throws -> (registration: ResidentRegistration, created: Bool)
    func registration(_ id: RegistrationID) async throws -> ResidentRegistration?
    /// The registration that made this account.
    func registration(user: UserID) async throws -> ResidentRegistration?
    /// The registration verified as this resident, if any.
    func registration(resident: ResidentID) async throws -> ResidentRegistration?
    /// Which of these residents are verified in a registration (one read).
    func verifiedResidents(among residents: [ResidentID]) async throws -> Set<ResidentID>
    /// The registrations on or under `path` (of `status`), newest first, with ids below `before`.
    func registrations(under path: String, status: ResidentRegistration.Status?, before: RegistrationID?, limit: Int) async throws -> [ResidentRegistration]
    /// Verifies a pending registration as `resident`, or refuses it (its account disabled, its sessions ended). Nil when
    /// there is no pending registration of that id.
    /// - Throws: `RegistrationError.resident` when the resident is verified in another registration.
    func decideRegistration(_ id: RegistrationID, status: ResidentRegistration.Status, resident: ResidentID?, note: String, by: String, at: Date) async throws -> ResidentRegistration?
    /// Records that the account's resident used the platform on `day`: false when there is no registration of the
    /// account or it was active that day (or later) already.
    func touchRegistration(user: UserID, day: LocalDate) async throws -> Bool
    /// Seals registrations' names and phones anew under the current key where they are not; how many changed.
    func resealRegistrations() async throws -> Int
    /// The registration counts of these nodes (city down to committee), active counted from `since`; residents left 0.
    func registrationTallies(_ nodes: [NodeID], since: LocalDate) async throws -> [NodeID: RegistrationTally]
}
