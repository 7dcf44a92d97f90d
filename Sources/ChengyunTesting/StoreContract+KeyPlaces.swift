import ChengyunCore
public import ChengyunStore
import Foundation
import Testing

extension StoreContract {
    /// 重点场所与设施: places stored with a unique code, read back by id, listed by area and kind a page at a time, the
    /// facilities nobody maintains listed alone; a box of the map within paths; a change on the version read moves the
    /// tallies (a maintainer found clears the finding), an older version refused; the area's counts from the tallies.
    public static func keyPlaces(_ fresh: @Sendable () async throws -> any OrganisationStore & BaseDataStore & KeyPlaceStore) async throws {
        let store = try await fresh()
        let t = try await tree(store)
        let other = try #require(try await store.node(code: "990001002001"))
        func place(_ code: String, _ kind: String, at node: OrgNode, lon: Double, maintainer: String? = nil) -> KeyPlace {
            KeyPlace(id: KeyPlaceID(0), code: code, name: "场所\(code)", kind: kind, nodeID: node.id, nodePath: node.path, location: GeoPoint(lon: lon, lat: 0.5),
                     address: "长乐路 \(code) 号", operatorName: kind == "school" ? "长乐小学" : nil, maintainer: maintainer, capacity: kind == "school" ? 800 : nil)
        }
        let school = try await store.createKeyPlace(place("P1", "school", at: t.committee, lon: 0.10))
        let station = try await store.createKeyPlace(place("P2", "miniFireStation", at: t.committee, lon: 0.20, maintainer: "长乐街道消防所"))
        let box = try await store.createKeyPlace(place("P3", "extinguishers", at: t.committee, lon: 0.30))
        let elsewhere = try await store.createKeyPlace(place("P4", "market", at: other, lon: 0.15))
        #expect(school.id.rawValue > 0 && school.version == 1 && box.unmaintained && !station.unmaintained)
        #expect(try await store.keyPlace(school.id) == school)
        #expect(try await store.keyPlace(KeyPlaceID(987_654)) == nil)
        do {
            _ = try await store.createKeyPlace(place("P1", "school", at: t.committee, lon: 0.1))
            Issue.record("a code is unique")
        } catch let error as DomainError { #expect(error.code == "place.duplicate_code") }

        #expect(try await store.keyPlaces(under: t.street.path, kind: nil, unmaintained: false, afterCode: nil, limit: 10).map(\.code) == ["P1", "P2", "P3"])
        #expect(try await store.keyPlaces(under: t.city.path, kind: nil, unmaintained: false, afterCode: nil, limit: 2).count == 2)
        #expect(try await store.keyPlaces(under: t.street.path, kind: nil, unmaintained: false, afterCode: "P1", limit: 10).map(\.code) == ["P2", "P3"])
        #expect(try await store.keyPlaces(under: t.city.path, kind: "market", unmaintained: false, afterCode: nil, limit: 10) == [elsewhere])
        #expect(try await store.keyPlaces(under: t.city.path, kind: nil, unmaintained: true, afterCode: nil, limit: 10) == [box], "the finding alone")
        let inBox = try await store.keyPlaces(in: BoundingBox(minLon: 0.05, minLat: 0.4, maxLon: 0.25, maxLat: 0.6), under: [t.street.path], limit: 10)
        #expect(Set(inBox.map(\.code)) == ["P1", "P2"], "the box, within the paths")
        #expect(try await store.keyPlaces(in: BoundingBox(minLon: 0, minLat: 0, maxLon: 1, maxLat: 1), under: [t.street.path, other.path], limit: 3).count == 3)
        #expect(try await store.keyPlaces(in: BoundingBox(minLon: 0, minLat: 0, maxLon: 1, maxLat: 1), under: [], limit: 10).isEmpty)

        var counts = try await store.baseDataCounts(under: t.city.path).places
        #expect(counts.places == 2 && counts.facilities == 2 && counts.unmaintained == 1 && counts.byKind == ["school": 1, "miniFireStation": 1, "extinguishers": 1, "market": 1])
        var found = box
        found.maintainer = "花园居委物业"
        found.kind = "miniFireStation"
        let changed = try #require(try await store.updateKeyPlace(found, version: box.version))
        #expect(changed.version == 2 && changed.maintainer == "花园居委物业")
        #expect(try await store.keyPlace(box.id) == changed)
        do {
            _ = try await store.updateKeyPlace(found, version: box.version)
            Issue.record("a change on an older version is refused")
        } catch let error as DomainError { #expect(error.code == "place.changed") }
        #expect(try await store.updateKeyPlace(place("P9", "aed", at: t.committee, lon: 0.1), version: 1) == nil, "no such place")
        counts = try await store.baseDataCounts(under: t.committee.path).places
        #expect(counts.unmaintained == 0 && counts.byKind["miniFireStation"] == 2 && counts.byKind["extinguishers"] == nil && counts.facilities == 2 && counts.places == 1)
    }
}
