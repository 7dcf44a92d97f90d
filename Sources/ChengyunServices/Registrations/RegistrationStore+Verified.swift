import ChengyunCore
import ChengyunStore

extension RegistrationStore {
    /// The resident on record the caller's registration was verified as (扫码注册, checked by the committee), or nil.
    func verifiedResidentID(of identity: Identity) async throws -> ResidentID? {
        guard let user = identity.userID, let registration = try await registration(user: user), registration.status == .verified else { return nil }
        return registration.residentID
    }
}
