public import ChengyunCore
import ChengyunStore
import Foundation
import Logging

/// A case's reporter as written, for staff who must call them back.
public struct ReporterContact: Sendable, Hashable, Codable {
    public var name: String?
    public var phone: String?
}

/// 异常访问 — when reads of personal data by one person look unusual and the auditor is told.
public struct AccessWatchPolicy: Sendable, Hashable, Codable {
    /// Unmasked reads by one person within an hour past which the auditor is alerted.
    public var readsPerHour: Int = 30
    /// Local hours (UTC+8) counted as off-hours: a read then alerts the auditor. `[22, 6)` wraps midnight.
    public var offHoursFrom: Int = 22
    public var offHoursTo: Int = 6
    public init() {}

    func isOffHours(_ date: Date, utcOffsetSeconds: Int = 8 * 3600) -> Bool {
        let hour = (Int(date.timeIntervalSince1970) + utcOffsetSeconds) / 3600 % 24
        return offHoursFrom > offHoursTo ? (hour >= offHoursFrom || hour < offHoursTo) : (hour >= offHoursFrom && hour < offHoursTo)
    }
}

/// 个人信息 — reading a reporter's contact details unmasked, for a stated purpose, on the audit trail.
public struct PersonalDataUseCases: UseCaseGroup {
    let store: any CaseStore & AuditStore
    let shared: UseCaseContext
    let accessWatch: AccessWatch
}

extension PersonalDataUseCases {
    /// 查看联系方式 — shows a case's reporter unmasked to staff who may act on the case, for a stated purpose; the read
    /// is on the audit trail (who, when, which case, whose data, why) and unusual volume or hours alert the auditor.
    public func revealReporter(of id: CaseID, reason: String, by identity: Identity, from caller: Caller) async throws -> ReporterContact {
        try identity.require(anyOf: [.dutyOfficer, .departmentHandler, .stationChief, .communityWorker, .gridInspector],
                             to: "see a reporter's contact details")
        let purpose = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...200).contains(purpose.count) else {
            throw PersonalDataError.reasonRequired
        }
        let record = try await store.visibleCase(id, by: identity)
        let now = clock.now()
        try await store.appendAudit(AuditEntry(at: now, actorID: identity.userID, actor: identity.name, action: "personal.read", target: "case:\(id)",
                                   subjectUserID: record.reporterID, reason: purpose, address: caller.address, detail: "reporter name and phone"))
        try await accessWatch.check(by: identity, at: now, caller: caller)
        return ReporterContact(name: record.reporterName, phone: record.reporterPhone)
    }
}
