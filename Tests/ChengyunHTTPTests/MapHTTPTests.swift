import ChengyunCore
import ChengyunServices
import ChengyunSQLite
import ChengyunStore
import ChengyunTesting
import Foundation
import HTTPTypes
import Testing

@Suite("地图 the big screen's map asks for what its view shows")
struct MapHTTPTests {
    /// The cases a map of the last 90 days shows, worked out from the case list (not from the map's own queries): open
    /// or reported in the window (90 whole local days), never merged, with a location, under `path`.
    static func visible(_ city: TestCity, now: Date, under path: String = "/") async throws -> [CaseRecord] {
        let page = try await city.store.cases(CaseQuery(scope: CaseScope(paths: [path]), limit: nil))
        let since = MapUseCases.windowStart(days: 90, now: now, calendar: try await city.store.calendar() ?? .standard)
        return page.items.filter { c in
            c.location != nil && c.state != .merged && (CaseMapQuery.openStates.contains(c.state) || c.reportedAt >= since)
        }
    }

    /// The area a case is counted in at a depth: its ancestor there, or its own node when it is filed higher up.
    static func area(_ c: CaseRecord, depth: Int) -> Int {
        Int((OrgNode.ancestor(of: c.nodePath, depth: depth)?.id ?? c.nodeID).rawValue)
    }

    /// The box of the demo city's lattice cells [c0, c1) × [r0, r1).
    static func box(_ c0: Int, _ r0: Int, _ c1: Int, _ r1: Int) -> (query: String, box: BoundingBox) {
        let b = BoundingBox(minLon: TestCity.lon0 + Double(c0) * TestCity.cellLon, minLat: TestCity.lat0 + Double(r0) * TestCity.cellLat,
                            maxLon: TestCity.lon0 + Double(c1) * TestCity.cellLon, maxLat: TestCity.lat0 + Double(r1) * TestCity.cellLat)
        return ("\(b.minLon),\(b.minLat),\(b.maxLon),\(b.maxLat)", b)
    }

    @Test("街镇与网格的计数等于各区域可见案件数，超期与紧急也一样")
    func countsMatchTheCases() async throws {
        let clock = ManualWallClock(Date())
        let city = try await TestCity(cases: 300, clock: clock)
        let now = clock.now()
        let cases = try await Self.visible(city, now: now)
        try await city.test { api in
            let leader = try await api.login("leader")
            for (level, depth) in [("street", OrgNode.Kind.street.depth), ("grid", OrgNode.Kind.grid.depth)] {
                let view = try await api.call(.get, "/api/v1/map/cases?days=90&level=\(level)", token: leader)
                #expect(view.status == .ok)
                #expect(view.json["level"].string == level)
                #expect(view.json["markers"].array.isEmpty && view.json["capped"].bool == false)
                var expected: [Int: (count: Int, overdue: Int, urgent: Int)] = [:]
                for c in cases {
                    var e = expected[Self.area(c, depth: depth)] ?? (0, 0, 0)
                    e.count += 1
                    if c.isOverdue(at: now) { e.overdue += 1 }
                    if c.urgency != .normal { e.urgent += 1 }
                    expected[Self.area(c, depth: depth)] = e
                }
                let areas = view.json["areas"].array
                #expect(areas.count == expected.count, "\(level)")
                for a in areas {
                    let e = try #require(expected[a["nodeId"].int ?? 0], "\(level) \(a)")
                    #expect(a["count"].int == e.count && a["overdue"].int == e.overdue && a["urgent"].int == e.urgent, "\(level) \(a)")
                    #expect(a["name"].string?.isEmpty == false)
                    // The centre is the mean position of the area's cases: inside the city's lattice.
                    #expect((TestCity.lon0...TestCity.lon0 + 0.02).contains(a["lon"].double ?? 0) && (TestCity.lat0...TestCity.lat0 + 0.02).contains(a["lat"].double ?? 0))
                }
                #expect(view.json["total"].int == cases.count)
            }
            #expect(cases.contains { $0.isOverdue(at: now) }, "the demo city has overdue cases to count")
            // The old request still answers with every marker, as a bare array.
            let old = try await api.call(.get, "/api/v1/map/cases?days=90", token: leader).json.array
            #expect(Set(old.compactMap { $0["id"].int }) == Set(cases.map { Int($0.id.rawValue) }))
        }
    }

    @Test("视野框只取框内案件；小框给标注，大框按街镇计数")
    func theBoxFilters() async throws {
        let clock = ManualWallClock(Date())
        let city = try await TestCity(cases: 300, clock: clock)
        let cases = try await Self.visible(city, now: clock.now())
        try await city.test { api in
            let leader = try await api.login("leader")
            let half = Self.box(0, 0, 5, 8)
            let inside = cases.filter { half.box.contains($0.location!) }
            #expect(!inside.isEmpty && inside.count < cases.count)
            let markers = try await api.call(.get, "/api/v1/map/cases?days=90&level=case&bbox=\(half.query)", token: leader).json
            #expect(markers["level"].string == "case" && markers["capped"].bool == false && markers["limit"].int == 2_000)
            #expect(Set(markers["markers"].array.compactMap { $0["id"].int }) == Set(inside.map { Int($0.id.rawValue) }))
            for m in markers["markers"].array {
                let c = try #require(inside.first { Int($0.id.rawValue) == m["id"].int })
                #expect(m["state"].string == c.state.rawValue && m["urgency"].string == c.urgency.rawValue && m["categoryId"].string == c.categoryID)
                #expect(m["overdue"].bool == c.isOverdue(at: clock.now()))
            }
            let counted = try await api.call(.get, "/api/v1/map/cases?days=90&level=grid&bbox=\(half.query)", token: leader).json
            #expect(counted["total"].int == inside.count)
            // Without a level the box's size picks it: a few grids show markers, the city and around it counts per street.
            let small = try await api.call(.get, "/api/v1/map/cases?days=90&bbox=\(Self.box(0, 0, 3, 3).query)", token: leader).json
            #expect(small["level"].string == "case")
            let whole = try await api.call(.get, "/api/v1/map/cases?days=90&bbox=\(Self.box(-20, -20, 30, 30).query)", token: leader).json
            #expect(whole["level"].string == "street" && whole["total"].int == cases.count)
            // A box nothing is in.
            let empty = try await api.call(.get, "/api/v1/map/cases?bbox=0,0,1,1&level=case", token: leader).json
            #expect(empty["markers"].array.isEmpty)
            // Bad boxes and levels are refused naming the parameter.
            for bad in ["bbox=1,2,3", "bbox=121.5,31.2,121.4,31.1", "bbox=a,b,c,d", "bbox=-200,0,0,1", "level=district", "level=street,grid"] {
                let reply = try await api.call(.get, "/api/v1/map/cases?\(bad)", token: leader)
                #expect(reply.status == .badRequest, "\(bad)")
            }
        }
    }

    @Test("街镇值班员只看到本街镇的计数与标注")
    func scopeIsKept() async throws {
        let clock = ManualWallClock(Date())
        let city = try await TestCity(cases: 300, clock: clock)
        try await city.test { api in
            let duty = try await api.login("duty.s1")
            let path = try #require(try await api.call(.get, "/api/v1/me", token: duty).json["assignments"][0]["nodePath"].string)
            let own = try await Self.visible(city, now: clock.now(), under: path)
            let all = try await Self.visible(city, now: clock.now())
            #expect(!own.isEmpty && own.count < all.count)
            let street = try #require(OrgNode.ids(inPath: path).last)
            let streets = try await api.call(.get, "/api/v1/map/cases?days=90&level=street", token: duty).json
            #expect(streets["areas"].array.map { $0["nodeId"].int } == [Int(street.rawValue)])
            #expect(streets["total"].int == own.count)
            let whole = Self.box(-2, -2, 12, 10).query
            let markers = try await api.call(.get, "/api/v1/map/cases?days=90&level=case&bbox=\(whole)", token: duty).json["markers"].array
            #expect(Set(markers.compactMap { $0["id"].int }) == Set(own.map { Int($0.id.rawValue) }))
            let grids = try await api.call(.get, "/api/v1/map/cases?days=90&level=grid&bbox=\(whole)", token: duty).json["areas"].array
            let gridPaths = try await city.store.nodes(under: path, kinds: [.grid], limit: nil, offset: 0).map { Int($0.id.rawValue) }
            #expect(!grids.isEmpty && grids.allSatisfy { gridPaths.contains($0["nodeId"].int ?? 0) })
            // Another street, asked for by node: refused, not an empty map.
            let leader = try await api.login("leader")
            let others = try await api.call(.get, "/api/v1/org/nodes?kind=street", token: leader).json.array.compactMap { $0["id"].int }
            let other = try #require(others.first { $0 != Int(street.rawValue) })
            #expect(try await api.call(.get, "/api/v1/map/cases?level=street&nodeId=\(other)", token: duty).status == .forbidden)
            // Residents read no map of cases.
            #expect(try await api.call(.get, "/api/v1/map/cases?level=street", token: try await api.login("resident1")).status == .forbidden)
        }
    }
}
