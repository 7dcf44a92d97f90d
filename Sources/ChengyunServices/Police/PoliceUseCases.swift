public import ChengyunCore
import ChengyunStore
public import Foundation

/// What the police system reads back about a diverted 110 call.
public struct PoliceOutcome: Sendable, Hashable, Codable {
    public var callId: String
    public var caseId: Int64
    public var number: String
    public var classification: String?
    public var state: CaseState
    public var status: String
    public var department: String?
    /// The department's report back, once given.
    public var answer: String?
    /// Why the centre handed the call back to the police.
    public var returnReason: String?
    public var finished: Bool
    public var updatedAt: Date
}

/// 非警务警情分流 — counts of diverted calls over a period.
public struct DiversionCounts: Sendable, Hashable, Codable {
    public var from: Date
    public var to: Date
    /// Calls the police passed to the centre.
    public var diverted = 0
    /// Taken by a department (dispatched at least once).
    public var accepted = 0
    /// Handed back to the police (兜底).
    public var returned = 0
    public var closed = 0
    /// Still being handled.
    public var open = 0
    /// Waiting at the centre with no department holding the handling power.
    public var waiting = 0
}

/// 110 非警务警情分流 — calls the police divert to the centre: their intake goes through the case loop (`CaseUseCases.report`),
/// their dispatch by the handling-power table (处置权); the police read back the outcome, and the centre counts them.
public struct PoliceUseCases: UseCaseGroup {
    let store: any HandlingPowerStore & CaseStore & CaseAnalyticsStore & OrganisationStore
    let shared: UseCaseContext
}

extension PoliceUseCases {
    /// The handling-power table, for those who may read the configuration.
    public func handlingPowers(by identity: Identity) async throws -> [HandlingPower] {
        try identity.require(anyOf: [.admin, .dutyOfficer, .leader], to: "read the handling-power table")
        return try await store.handlingPowers().sorted { ($0.departmentID, $0.categoryID) < ($1.departmentID, $1.categoryID) }
    }

    /// Replaces the handling-power table (an admin over the city): every department and category must exist.
    public func replaceHandlingPowers(_ powers: [HandlingPower], by identity: Identity) async throws -> [HandlingPower] {
        guard let city = try await store.children(of: nil).first else {
            throw PoliceError.noCity
        }
        try identity.require(anyOf: [.admin], at: city.path, to: "edit the city's handling-power table")
        let data = self.data
        for (i, p) in powers.enumerated() {
            guard data.departments[p.departmentID] != nil else {
                throw DispatchError.departmentNotFound(p.departmentID, field: "[\(i)].departmentId")
            }
            guard !data.notForCases.contains(p.departmentID) else { throw CaseError.departmentNotForCases(p.departmentID, field: "[\(i)].departmentId") }
            _ = try data.category(p.categoryID)
        }
        let unique = Array(Set(powers))
        try await store.saveHandlingPowers(unique)
        try await reload()
        return try await handlingPowers(by: identity)
    }

    /// The outcome of a diverted call, read by the police system (its API key) or staff who see the case.
    public func outcome(callId: String, by identity: Identity) async throws -> PoliceOutcome {
        let record = try await store.externalCase(ref: callId, source: .police110, by: identity)
        let events = try await store.events(of: record.id)
        return PoliceOutcome(
            callId: callId, caseId: record.id.rawValue, number: record.number, classification: record.classification, state: record.state,
            status: record.state.publicStatus, department: record.leadDepartmentID.flatMap { data.departments[$0]?.name }, answer: record.answer,
            returnReason: events.last { $0.action == .returnToPolice }?.note, finished: record.state.isTerminal,
            updatedAt: events.last?.at ?? record.reportedAt)
    }

    /// Counts of diverted calls reported in [from, to) in the caller's scope (or the police system's).
    public func diversionCounts(from: Date, to: Date, by identity: Identity) async throws -> DiversionCounts {
        guard from < to else { throw KPIError.invalidPeriod }
        if !identity.isSystem { try identity.require(anyOf: [.leader, .dutyOfficer, .admin], to: "read 110 diversion counts") }
        guard !identity.isSystem || identity.systemSources.contains(.police110) else {
            throw PoliceError.notPoliceKey
        }
        var counts = DiversionCounts(from: from, to: to)
        for c in try await store.stateCounts(CaseQuery(scope: CaseScope.of(identity), source: .police110, reportedFrom: from, reportedTo: to, limit: nil)) {
            counts.diverted += c.count
            if c.dispatched { counts.accepted += c.count }
            switch c.state {
            case .returnedToPolice: counts.returned += c.count
            case .closed, .rated: counts.closed += c.count
            // Not yet taken by a department: flagged for the duty officer (a possible duplicate) or with no power.
            // (Every reported call waits, whatever its lead; an accepted one waits while no department leads it.)
            case .reported: counts.waiting += c.count
            case .accepted where !c.hasLead: counts.waiting += c.count
            case let s where !s.isTerminal: counts.open += c.count
            default: break
            }
        }
        return counts
    }
}
