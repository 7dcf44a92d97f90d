public import ChengyunCore
import ChengyunStore
public import Foundation

/// 居委视图 — a committee's own view of its work: never a ranking (不能变成考基层、排名次), counted by the database.
public struct CommitteeUseCases: UseCaseGroup {
    let store: any CommitteeStore & CommitteeDigestStore & CommunityConsultationStore & OrganisationStore
    let shared: UseCaseContext
}

extension CommitteeUseCases {
    /// Who reads a committee's view and digest: its own people, and the street and above who support it.
    static let readers: Set<Role> = [.leader, .dutyOfficer, .admin, .communityWorker, .stationChief, .gridInspector]

    /// 居委简报 — the committee's digest of the last `days` days (docs/STATIONS.md): governance points (the category
    /// reported most, up to three others rising against the period before, open cases past their deadline, 三会 decisions late and
    /// topics waiting), the topics its cases suggest (a category reported at least three times in one compound), and the
    /// houses where six or more residents live (群租 suspected). Every figure is counted by the database.
    public func digest(_ nodeID: NodeID, days: Int, by identity: Identity) async throws -> CommitteeDigest {
        let node = try await store.visibleNode(nodeID, by: identity)
        guard node.kind == .committee else { throw CommitteeError.notACommittee(node) }
        try identity.require(anyOf: Self.readers, at: node.path, to: "read this committee's digest")
        let now = clock.now()
        let span = Double(days) * 86_400
        let from = now.addingTimeInterval(-span)
        var digest = CommitteeDigest(nodeID: node.id, name: node.name, from: from, to: now)
        let current = try await store.categoryCounts(under: node.path, from: from, to: now)
        let before = try await store.categoryCounts(under: node.path, from: from.addingTimeInterval(-span), to: from)
        if let most = current.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }) {
            digest.points.append(CommitteeDigest.Point(kind: .most, categoryID: most.key, count: most.value))
        }
        // Rising: at least three now and half as many again as before; the three that grew most.
        let mostReported = digest.points.first?.categoryID
        let rising = current.filter { $0.key != mostReported && $0.value >= 3 && Double($0.value) >= 1.5 * Double(before[$0.key] ?? 0) && $0.value > (before[$0.key] ?? 0) }
            .sorted { ($0.value - (before[$0.key] ?? 0), $1.key) > ($1.value - (before[$1.key] ?? 0), $0.key) }.prefix(3)
        for (category, n) in rising { digest.points.append(CommitteeDigest.Point(kind: .rising, categoryID: category, count: n, before: before[category] ?? 0)) }
        let overdue = try await store.overdueOpenCount(under: node.path, now: now)
        if overdue > 0 { digest.points.append(CommitteeDigest.Point(kind: .overdue, count: overdue)) }
        let today = VitalSignUseCases.localDay(now, utcOffsetSeconds: data.calendar.utcOffsetSeconds)
        let late = try await store.consultations(under: node.path, before: nil, limit: 200, publishedOnly: false)
            .flatMap(\.decisions).filter { $0.doneAt == nil && $0.dueOn < today }.count
        if late > 0 { digest.points.append(CommitteeDigest.Point(kind: .lateDecisions, count: late)) }
        let waiting = try await store.consultationTopics(under: node.path, open: true, limit: 500).count
        if waiting > 0 { digest.points.append(CommitteeDigest.Point(kind: .waitingTopics, count: waiting)) }
        digest.suggestedTopics = try await store.compoundCategoryCounts(under: node.path, from: from, to: now, atLeast: CommitteeDigest.topicThreshold)
        digest.patterns = try await store.crowdedHouses(under: node.path, atLeast: CommitteeDigest.crowdedHouse, limit: 20)
        return digest
    }

    /// The committee's own view of a period.
    public func view(_ nodeID: NodeID, from: Date, to: Date, by identity: Identity) async throws -> CommitteeView {
        guard from < to else { throw KPIError.invalidPeriod }
        let node = try await store.visibleNode(nodeID, by: identity)
        guard node.kind == .committee else {
            throw CommitteeError.notACommittee(node)
        }
        try identity.require(anyOf: Self.readers, at: node.path, to: "read this committee's view")
        let counts = try await store.committeeCounts(CaseQuery(scope: CaseScope.of(identity), nodePath: node.path, reportedFrom: from, reportedTo: to, limit: nil))
        var view = CommitteeView(nodeID: nodeID, name: node.name, from: from, to: to)
        view.workload = counts.workload
        view.raised = counts.raised
        view.help = counts.help
        for (department, n) in counts.helpingDepartments {
            view.help.departments[data.departments[department]?.name ?? "#\(department)", default: 0] += n
        }
        return view
    }
}
