public import ChengyunCore
import ChengyunStore
import Foundation

extension HazardUseCases {
    /// The area asked for, or the caller's widest, in their scope — a person's: no system (an API key) works the register.
    func area(_ id: Int64?, _ identity: Identity, to action: String = "read the hazard register") async throws -> OrgNode {
        guard !identity.isSystem else { throw AccessError.roleRequired(Self.workers, to: action) }
        return try await store.areaNode(id.map { NodeID($0) }, of: identity, roles: Self.workers, to: action)
    }

    /// A hazard in the caller's scope.
    func visible(_ id: HazardID, _ identity: Identity) async throws -> Hazard {
        guard let h = try await store.hazard(id), identity.paths(for: Self.workers).contains(where: { h.nodePath.hasPrefix($0) }) else { throw HazardError.notFound(id) }
        return h
    }

    /// The hazards of an area, newest first: by state or kind, or only those open past their day.
    public func list(nodeID: Int64?, state: Hazard.State?, kind: HazardKind?, overdue: Bool, inspection: Int64?, cursor: String?, limit: Int,
                     by identity: Identity) async throws -> HazardPage {
        let node = try await area(nodeID, identity)
        var before: HazardID?
        if let cursor { guard let id = Int64(cursor), id > 0 else { throw HazardError.cursor }; before = HazardID(id) }
        let today = data.calendar.localDate(of: clock.now())
        let found = try await store.hazards(under: node.path, state: state, kind: kind, overdueOn: overdue ? today : nil, inspection: inspection.map { InspectionID($0) },
                                            before: before, limit: limit)
        return HazardPage(hazards: try await views(found, steps: false), next: found.count == limit ? found.last.map { String($0.id.rawValue) } : nil)
    }

    public func hazard(_ id: HazardID, by identity: Identity) async throws -> HazardView {
        try await views([try await visible(id, identity)], steps: true)[0]
    }

    /// 整改 → 复查 → 销项: a step on the version read. A rectification says what was done; the recheck is someone else's;
    /// passed, the hazard is closed out (on time when by its day); failed, it is open again, by a new day if one is given.
    public func move(_ id: HazardID, _ input: HazardMove, by identity: Identity) async throws -> HazardView {
        let h = try await visible(id, identity)
        guard h.version == input.version else { throw HazardError.version }
        guard let next = Hazard.next(h.state, input.action) else { throw HazardError.state }
        let note = (input.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        try InputLimits.check(note, field: "note", max: 500, multiline: true)
        if input.action != .pass { guard !note.isEmpty else { throw HazardError.noteRequired } }
        if input.action != .rectify, let by = h.rectifiedBy, by == identity.userID { throw HazardError.samePerson }
        let now = clock.now(), today = data.calendar.localDate(of: now)
        var moved = h
        moved.state = next
        var closedDay: Int?
        switch input.action {
        case .rectify: moved.rectifiedBy = identity.userID
        case .pass:
            (moved.closedAt, moved.closedOnTime) = (now, today <= h.rectifyBy)
            closedDay = today.daysSince1970
        case .fail:
            moved.rectifiedBy = nil
            if let due = input.rectifyBy {
                guard due > today, due.daysSince1970 <= today.daysSince1970 + 366 else { throw HazardError.rectifyBy }
                moved.rectifyBy = due
            }
        case .find: throw HazardError.state
        }
        let step = HazardStep(hazardID: id, seq: 0, action: input.action, by: identity.name, at: now, note: note)
        guard let saved = try await store.moveHazard(id, version: input.version, to: moved, step: step, closedDay: closedDay) else { throw HazardError.version }
        try await audit("hazard.\(input.action.rawValue)", target: "hazard:\(id)", identity, detail: note)
        return try await views([saved], steps: true)[0]
    }

    /// The inspections of an area, newest first.
    public func inspections(nodeID: Int64?, kind: Inspection.Kind?, cursor: String?, limit: Int, by identity: Identity) async throws -> InspectionPage {
        let node = try await area(nodeID, identity)
        var before: InspectionID?
        if let cursor { guard let id = Int64(cursor), id > 0 else { throw HazardError.cursor }; before = InspectionID(id) }
        let found = try await store.inspections(under: node.path, kind: kind, before: before, limit: limit)
        let nodes = try await store.nodes(Set(found.map(\.nodeID)))
        var views: [InspectionView] = []
        for i in found {
            views.append(InspectionView(inspection: i, nodeName: nodes[i.nodeID]?.name ?? "", keyPlaceName: try await i.keyPlaceID.asyncMap { try await store.keyPlace($0)?.name } ?? nil))
        }
        return InspectionPage(inspections: views, next: found.count == limit ? found.last.map { String($0.id.rawValue) } : nil)
    }

    /// An inspection with the hazards it found.
    public func inspection(_ id: InspectionID, by identity: Identity) async throws -> InspectionView {
        guard let i = try await store.inspection(id), identity.paths(for: Self.workers).contains(where: { i.nodePath.hasPrefix($0) }) else {
            throw HazardError.inspectionNotFound(id)
        }
        let found = try await store.hazards(under: "/", state: nil, kind: nil, overdueOn: nil, inspection: id, before: nil, limit: 50)
        return InspectionView(inspection: i, nodeName: try await store.node(i.nodeID)?.name ?? "", keyPlaceName: try await i.keyPlaceID.asyncMap { try await store.keyPlace($0)?.name } ?? nil,
                              hazards: try await views(found.sorted { $0.id < $1.id }, steps: false))
    }

    /// 隐患销项率 — an area's hazards counted (found, open, overdue, closed out, on time), by kind, and for each of its
    /// parts one level down: read from the rollups, never by counting hazards.
    public func rates(nodeID: Int64?, by identity: Identity) async throws -> HazardRates {
        var node = try await area(nodeID, identity)
        // A grid inspector's page counts their committee (the rates go down to committees).
        if node.kind > .committee, let committee = OrgNode.ancestor(of: node.path, depth: OrgNode.Kind.committee.depth) { node = try await store.requireNode(committee.id) }
        let parts = node.kind < .committee ? try await store.children(of: node.id).filter { $0.kind <= .committee } : []
        let today = data.calendar.localDate(of: clock.now())
        let (byNode, byKind) = HazardRollups.tallies(try await store.hazardRollups([node.id] + parts.map(\.id)), today: today)
        return HazardRates(nodeID: node.id, nodeName: node.name, today: today, tally: byNode[node.id] ?? HazardTally(),
                           kinds: (byKind[node.id] ?? [:]).map { .init(kind: $0.key, tally: $0.value) }.sorted { $0.tally.found > $1.tally.found },
                           parts: parts.map { .init(id: $0.id, name: $0.name, tally: byNode[$0.id] ?? HazardTally()) })
    }
}
