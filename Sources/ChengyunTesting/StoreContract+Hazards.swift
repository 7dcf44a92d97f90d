import ChengyunCore
public import ChengyunStore
import Foundation
import Testing

extension StoreContract {
    /// 隐患: an inspection stored with its hazards (numbered, a first step each) once per client key; listed by area, kind
    /// and page; hazards by state, kind, inspection and overdue day; a step on the version read only, with its rollups
    /// moved: found, open by their day, closed out on time or late, for every node from the city to the committee; a
    /// hazard with a reference stored once.
    public static func hazards(_ fresh: @Sendable () async throws -> any OrganisationStore & HazardStore) async throws {
        let store = try await fresh()
        let t = try await tree(store)
        let now = Date(timeIntervalSince1970: 1_795_140_000)
        let on = LocalDate(year: 2026, month: 11, day: 20)!
        func day(_ d: Int) -> LocalDate { LocalDate(daysSince1970: on.daysSince1970 + d) }
        func hazard(_ kind: HazardKind, at node: OrgNode, due: Int) -> Hazard {
            Hazard(id: HazardID(0), number: "", origin: .inspection, inspectionID: nil, kind: kind, severity: .general, description: "楼道堆物", nodeID: node.id,
                   nodePath: node.path, keyPlaceID: nil, location: GeoPoint(lon: 0.5, lat: 0.5), responsibleUnit: "某物业", foundOn: on, rectifyBy: day(due), createdAt: now)
        }
        let inspection = Inspection(id: InspectionID(0), kind: .thirdPartyRound, method: .unannounced, nodeID: t.street.id, nodePath: t.street.path, keyPlaceID: nil,
                                    inspector: "某安全技术公司", note: "", inspectedOn: on, recordedBy: "陈社工", recordedAt: now)
        let first = try await store.recordInspection(inspection, hazards: [hazard(.fireSafety, at: t.committee, due: 10), hazard(.flyingWireCharging, at: t.grid, due: 5)],
                                                     by: "陈社工", clientKey: "insp-1")
        #expect(first.created && first.inspection.id.rawValue > 0 && first.inspection.findings == 2 && first.hazards.count == 2)
        #expect(first.hazards.allSatisfy { $0.inspectionID == first.inspection.id && $0.state == .open && $0.version == 1 && $0.number.hasPrefix("YH20261120-") })
        #expect(first.hazards[1].location == GeoPoint(lon: 0.5, lat: 0.5) && first.hazards[1].rectifyBy == day(5) && first.hazards[0].responsibleUnit == "某物业")
        let again = try await store.recordInspection(inspection, hazards: [hazard(.other, at: t.committee, due: 1)], by: "陈社工", clientKey: "insp-1")
        #expect(!again.created && again.inspection.id == first.inspection.id && again.hazards.map(\.id) == first.hazards.map(\.id), "the same key is the same inspection")
        let other = try await store.recordInspection(Inspection(id: InspectionID(0), kind: .oversight, method: .onSite, nodeID: t.district.id, nodePath: t.district.path,
                                                                keyPlaceID: nil, inspector: "区督察组", note: "", inspectedOn: on, recordedBy: "区值班员", recordedAt: now),
                                                     hazards: [hazard(.fireSafety, at: t.otherGrid, due: 3)], by: "区值班员", clientKey: "insp-2")
        #expect(try await store.inspections(under: t.district.path, kind: nil, before: nil, limit: 10).map(\.id) == [other.inspection.id, first.inspection.id])
        #expect(try await store.inspections(under: t.street.path, kind: nil, before: nil, limit: 10).map(\.id) == [first.inspection.id])
        #expect(try await store.inspections(under: t.city.path, kind: .oversight, before: nil, limit: 10).map(\.id) == [other.inspection.id])
        #expect(try await store.inspection(first.inspection.id) == first.inspection)

        let (fire, wire) = (first.hazards[0], first.hazards[1])
        #expect(try await store.hazards(under: t.street.path, state: nil, kind: nil, overdueOn: nil, inspection: nil, before: nil, limit: 10).map(\.id) == [wire.id, fire.id])
        #expect(try await store.hazards(under: t.city.path, state: nil, kind: .fireSafety, overdueOn: nil, inspection: nil, before: nil, limit: 1).count == 1)
        #expect(try await store.hazards(under: t.city.path, state: nil, kind: nil, overdueOn: day(6), inspection: nil, before: nil, limit: 10).map(\.id)
                == [other.hazards[0].id, wire.id], "open past their day")
        #expect(try await store.hazards(under: "/", state: nil, kind: nil, overdueOn: nil, inspection: other.inspection.id, before: nil, limit: 10).count == 1)
        #expect(try await store.hazardSteps([fire.id])[fire.id]?.map(\.action) == [.find])

        // Rectified, then closed out on time; the other rectified late and failed once.
        var moved = fire
        (moved.state, moved.rectifiedBy) = (.rectified, UserID(7))
        let rectified = try #require(try await store.moveHazard(fire.id, version: 1, to: moved, step: HazardStep(hazardID: fire.id, seq: 0, action: .rectify, by: "物业",
                                                                                                                  at: now, note: "已清理"), closedDay: nil))
        #expect(rectified.state == .rectified && rectified.version == 2 && rectified.rectifiedBy == UserID(7))
        #expect(try await store.moveHazard(fire.id, version: 1, to: moved, step: HazardStep(hazardID: fire.id, seq: 0, action: .rectify, by: "物业", at: now, note: "x"),
                                           closedDay: nil) == nil, "a stale version")
        var closed = rectified
        (closed.state, closed.closedAt, closed.closedOnTime) = (.closedOut, now, true)
        _ = try await store.moveHazard(fire.id, version: 2, to: closed, step: HazardStep(hazardID: fire.id, seq: 0, action: .pass, by: "社工", at: now, note: ""),
                                       closedDay: day(8).daysSince1970)
        #expect(try await store.hazardSteps([fire.id])[fire.id]?.map(\.action) == [.find, .rectify, .pass])
        #expect(try await store.hazards(under: t.city.path, state: .closedOut, kind: nil, overdueOn: nil, inspection: nil, before: nil, limit: 10).map(\.id) == [fire.id])

        let rows = try await store.hazardRollups([t.city.id, t.district.id, t.street.id, t.committee.id, t.grid.id])
        let (byNode, byKind) = HazardRollups.tallies(rows, today: day(6))
        #expect(byNode[t.city.id]?.found == 3 && byNode[t.city.id]?.open == 2 && byNode[t.city.id]?.overdue == 2 && byNode[t.city.id]?.closedOnTime == 1)
        #expect(byNode[t.street.id]?.found == 2 && byNode[t.street.id]?.overdue == 1 && byNode[t.committee.id]?.closedOut == 1)
        #expect(byNode[t.grid.id] == nil, "counted down to the committee only")
        #expect(byKind[t.city.id]?[.fireSafety]?.found == 2 && byKind[t.city.id]?[.flyingWireCharging]?.open == 1)

        // A hazard from elsewhere (a whistle-blower's report), stored once per reference.
        var told = hazard(.threeInOne, at: t.street, due: 10)
        told.origin = .whistleblower
        let made = try await store.createHazard(told, by: "区受理人", reference: "whistleblower-1")
        let twice = try await store.createHazard(told, by: "区受理人", reference: "whistleblower-1")
        #expect(made.created && !twice.created && twice.hazard.id == made.hazard.id && made.hazard.origin == .whistleblower && made.hazard.inspectionID == nil)
        #expect(HazardRollups.tallies(try await store.hazardRollups([t.street.id]), today: day(6)).byNode[t.street.id]?.found == 3)
    }
}
