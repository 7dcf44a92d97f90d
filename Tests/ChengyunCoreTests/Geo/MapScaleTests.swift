import Foundation
import Testing
import ChengyunCore

@Suite("地图尺度 how finely a view is shown")
struct MapScaleTests {
    /// A box of `km` × `km` around People's Square.
    static func box(km: Double) -> BoundingBox {
        let dLat = km / 110.574 / 2, dLon = km / (111.320 * cos(31.23 * .pi / 180)) / 2
        return BoundingBox(minLon: 121.47 - dLon, minLat: 31.23 - dLat, maxLon: 121.47 + dLon, maxLat: 31.23 + dLat)
    }

    @Test("上海：全市与区按街镇计数，街镇大小的视野按网格计数，几个网格的视野给标注")
    func shanghai() {
        let scale = MapScale.shanghai
        #expect(scale.level(for: Self.box(km: 100)) == .street)   // the city
        #expect(scale.level(for: Self.box(km: 20)) == .street)    // a district
        #expect(scale.level(for: Self.box(km: 8)) == .grid)       // a street (~30 km²) fitted to the map: 2–3 times its area
        #expect(scale.level(for: Self.box(km: 1.5)) == .case)     // a few grids
        #expect(abs(MapScale.squareMetres(Self.box(km: 2)) - 4e6) < 4e4)
    }

    @Test("尺度取自城市自己的网格：小城市的全市视野也按街镇计数")
    func fromTheGrids() {
        // The demo city's grids of 100 m × 100 m: per grid up to 5 km², markers up to 0.25 km².
        let scale = MapScale(gridAreas: Array(repeating: 10_000, count: 80))
        #expect(scale.gridSquareMetres == 10_000)
        #expect(scale.level(for: Self.box(km: 3)) == .street)
        #expect(scale.level(for: Self.box(km: 1.8)) == .grid)
        #expect(scale.level(for: Self.box(km: 0.45)) == .case)
        #expect(MapScale(gridAreas: []) == .shanghai)
        #expect(MapScale.squareMetres(.empty) == 0)
        #expect(MapLevel.street.nodeDepth == 2 && MapLevel.grid.nodeDepth == 4 && MapLevel.case.nodeDepth == nil)
    }
}
