import ChengyunCore
import ChengyunStore
import Foundation
import Logging

/// 异常访问 — watches reads of personal data: past the hourly limit, or in the off-hours, the auditor is alerted.
/// Used by the personal-data and the export use cases.
struct AccessWatch: Sendable {
    let store: any AuditStore
    let policy: AccessWatchPolicy
    let logger: Logger

    /// Raises `alert.unusual_access` on the audit trail when a person's reads of personal data pass the hourly
    /// limit (once, as it is crossed) or happen in the off-hours.
    func check(by identity: Identity, at now: Date, caller: Caller) async throws {
        var reasons: [String] = []
        if let actor = identity.userID {
            let count = try await store.auditCount(actorID: actor, actionPrefix: "personal.", since: now.addingTimeInterval(-3600))
            if count == policy.readsPerHour + 1 { reasons.append("\(count) reads of personal data within an hour") }
        }
        if policy.isOffHours(now) { reasons.append("read in the off-hours") }
        guard !reasons.isEmpty else { return }
        logger.warning("unusual access to personal data", metadata: ["actor": "\(identity.name)"])
        try await store.appendAudit(AuditEntry(at: now, actorID: identity.userID, actor: identity.name, action: "alert.unusual_access",
                                   target: "user:\(identity.userID.map(String.init(describing:)) ?? identity.name)", address: caller.address,
                                   detail: reasons.joined(separator: "; ")))
    }
}
