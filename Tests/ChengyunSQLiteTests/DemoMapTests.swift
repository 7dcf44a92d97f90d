import ChengyunCore
import ChengyunDemo
import ChengyunServices
import ChengyunSQLite
import ChengyunStore
import ChengyunTesting
import Foundation
import Testing

/// `chengyun demo` lays its city over Shanghai's real districts: real names and codes, streets, committees and grids cut
/// from the real boundaries, every level nested in the one above, and every case inside its grid.
@Suite("演示城市 the demo city over Shanghai's districts")
struct DemoMapTests {
    /// A point inside the area: its centroid, or the raster point nearest the middle of its box that lies inside.
    static func inside(_ area: Area) throws -> GeoPoint {
        if area.contains(area.centroid) { return area.centroid }
        let b = area.boundingBox
        let width = b.maxLon - b.minLon, height = b.maxLat - b.minLat
        var raster: [GeoPoint] = []
        for i in 0..<15 {
            for j in 0..<15 {
                let u = (Double(i) + 0.5) / 15, v = (Double(j) + 0.5) / 15
                raster.append(GeoPoint(lon: b.minLon + width * u, lat: b.minLat + height * v))
            }
        }
        let middle = b.center
        func distance(_ p: GeoPoint) -> Double { hypot(p.lon - middle.lon, p.lat - middle.lat) }
        return try #require(raster.filter(area.contains).min { distance($0) < distance($1) })
    }

    @Test("真实区名与区划代码；街道、居委数如所求，网格约如所求，铺满各区并逐级嵌套；每个网格内的点定位到它，每件案件在其网格内")
    func shanghai() async throws {
        let db = try TemporaryDatabase()
        defer { db.remove() }
        let store = try SQLiteStore(path: db.path)
        let platform = Platform(store: store)
        var options = DemoOptions()
        options.districts = 3
        options.streets = 12
        options.committees = 60
        options.grids = 600
        options.departments = 10
        options.cases = 300
        options.days = 10
        let summary = try await DemoCity.generate(options, store: store, platform: platform, now: Date())

        let city = try #require(try await store.children(of: nil).first)
        #expect(city.code == "310000" && city.name == "上海市")
        let districts = try await store.children(of: city.id)
        #expect(districts.map(\.code) == ["310101", "310104", "310105"])
        #expect(districts.map(\.name) == ["黄浦区", "徐汇区", "长宁区"])
        let streets = try await store.areas(kind: .street), committees = try await store.areas(kind: .committee)
        let grids = try await store.areas(kind: .grid)
        #expect(streets.count == 12 && committees.count == 60)
        #expect((540...660).contains(grids.count), "\(grids.count) grids for about 600")
        #expect(summary.grids == grids.count)

        for district in districts {
            // The grids tile the district: their areas add up to its own (slivers under a hundredth of a cell dropped).
            let area = try #require(try await store.area(of: district.id))
            let inside = try await store.areas(kind: .grid, under: district.path)
            let covered = inside.reduce(0.0) { $0 + $1.area.areaSquareMetres }
            #expect(abs(covered - area.areaSquareMetres) / area.areaSquareMetres < 0.01, "\(district.name): \(covered) of \(area.areaSquareMetres) m²")
        }
        // Each level lies in the one above: a point of each grid lies in its committee, street and district, and the
        // grid locator finds the grid itself there.
        var areaOf: [NodeID: Area] = [:]
        for (node, area) in streets + committees + grids { areaOf[node] = area }
        for district in districts { areaOf[district.id] = try await store.area(of: district.id) }
        for (node, area) in grids {
            let p = try Self.inside(area)
            let located = try platform.data.grid(at: p)
            #expect(located.id == node, "a point of grid \(node) located in \(located.id)")
            for ancestor in OrgNode.ids(inPath: located.path).dropFirst().dropLast() {
                #expect(areaOf[ancestor]?.contains(p) == true, "grid \(node)'s point is outside its ancestor \(ancestor)")
            }
        }
        // The cases lie where they say: each in the grid it is filed under.
        let cases = try await store.cases(CaseQuery(scope: .everything, limit: nil)).items
        #expect(cases.count == 300)
        for c in cases {
            let location = try #require(c.location)
            #expect(try platform.data.grid(at: location).id == c.nodeID, "case \(c.number)")
        }
    }

    @Test("区数超过上海的 16 个区：拒绝并说明")
    func tooManyDistricts() async throws {
        let db = try TemporaryDatabase()
        defer { db.remove() }
        let store = try SQLiteStore(path: db.path)
        var options = DemoOptions()
        options.districts = 17
        options.streets = 17
        options.committees = 17
        options.grids = 100
        let error = await #expect(throws: DomainError.self) {
            try await DemoCity.generate(options, store: store, platform: Platform(store: store), now: Date())
        }
        #expect(error?.code == "demo.invalid_sizes" && error?.field == "districts")
    }
}
