import Foundation
import Testing
@testable import ChengyunCore

/// SplitMix64 for repeatable random geometry.
struct GeoRandom {
    var state: UInt64
    mutating func next() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
    }
}

func square(_ x: Double, _ y: Double, _ size: Double) -> Polygon {
    Polygon(rings: [[GeoPoint(lon: x, lat: y), GeoPoint(lon: x + size, lat: y), GeoPoint(lon: x + size, lat: y + size), GeoPoint(lon: x, lat: y + size), GeoPoint(lon: x, lat: y)]])
}

@Suite("网格地图 geometry")
struct GeometryTests {
    @Test("点在多边形内：凹多边形、洞、多面")
    func pointInPolygon() {
        // An L shape (concave) with the notch at the top right.
        let l = Polygon(rings: [[GeoPoint(lon: 0, lat: 0), GeoPoint(lon: 2, lat: 0), GeoPoint(lon: 2, lat: 1), GeoPoint(lon: 1, lat: 1), GeoPoint(lon: 1, lat: 2), GeoPoint(lon: 0, lat: 2), GeoPoint(lon: 0, lat: 0)]])
        #expect(l.contains(GeoPoint(lon: 0.5, lat: 1.5)))
        #expect(!l.contains(GeoPoint(lon: 1.5, lat: 1.5)))
        let donut = Polygon(rings: square(0, 0, 4).rings + [square(1, 1, 2).rings[0].reversed()])
        #expect(donut.contains(GeoPoint(lon: 0.5, lat: 0.5)))
        #expect(!donut.contains(GeoPoint(lon: 2, lat: 2)))
        let multi = Area(polygons: [square(0, 0, 1), square(5, 5, 1)])
        #expect(multi.contains(GeoPoint(lon: 5.5, lat: 5.5)))
        #expect(!multi.contains(GeoPoint(lon: 3, lat: 3)))
    }

    @Test("几何校验：未闭合、点太少、自相交、越界、零面积")
    func validation() {
        func code(_ p: Polygon) -> String? {
            do { try GeometryValidator.validate(p, field: "g"); return nil } catch { return error.code }
        }
        #expect(code(square(0, 0, 1)) == nil)
        var open = square(0, 0, 1)
        open.rings[0].removeLast()
        #expect(code(open) != nil)
        #expect(code(Polygon(rings: [[GeoPoint(lon: 0, lat: 0), GeoPoint(lon: 1, lat: 0), GeoPoint(lon: 0, lat: 0)]])) != nil)
        let bowtie = Polygon(rings: [[GeoPoint(lon: 0, lat: 0), GeoPoint(lon: 2, lat: 2), GeoPoint(lon: 2, lat: 0), GeoPoint(lon: 0, lat: 1), GeoPoint(lon: 0, lat: 0)]])
        #expect(code(bowtie) == "geometry.self_intersection")
        #expect(code(square(179.5, 0, 1)) == "geometry.coordinate_out_of_range")
        let flat = Polygon(rings: [[GeoPoint(lon: 0, lat: 0), GeoPoint(lon: 1, lat: 0), GeoPoint(lon: 2, lat: 0), GeoPoint(lon: 0, lat: 0)]])
        #expect(code(flat) != nil)
    }

    @Test("2,000 个顶点的环可以通过校验")
    func bigRing() throws {
        let n = 2000
        let ring = (0...n).map { i -> GeoPoint in
            let a = Double(i % n) / Double(n) * 2 * .pi
            return GeoPoint(lon: 121.4 + 0.01 * cos(a), lat: 31.2 + 0.01 * sin(a))
        }
        try GeometryValidator.validate(Polygon(rings: [ring]), field: "g")
    }

    @Test("R 树查询与逐个扫描结果一致（随机框和点）")
    func spatialIndexMatchesScan() {
        var rng = GeoRandom(state: 42)
        let boxes = (0..<5000).map { i -> (box: BoundingBox, value: Int) in
            let x = rng.next() * 10, y = rng.next() * 10
            return (BoundingBox(minLon: x, minLat: y, maxLon: x + rng.next() * 0.3, maxLat: y + rng.next() * 0.3), i)
        }
        let index = SpatialIndex(boxes)
        #expect(index.count == 5000)
        for _ in 0..<1000 {
            let p = GeoPoint(lon: rng.next() * 10, lat: rng.next() * 10)
            #expect(Set(index.search(p)) == Set(boxes.filter { $0.box.contains(p) }.map(\.value)))
        }
        for _ in 0..<200 {
            let x = rng.next() * 10, y = rng.next() * 10
            let q = BoundingBox(minLon: x, minLat: y, maxLon: x + 0.5, maxLat: y + 0.5)
            #expect(Set(index.search(q)) == Set(boxes.filter { $0.box.intersects(q) }.map(\.value)))
        }
    }

    @Test("定位：50×40 网格中每个随机点落到正确的格子，城外返回 nil")
    func locator() {
        let size = 0.001
        var cells: [(id: Int, area: Area)] = []
        for c in 0..<50 { for r in 0..<40 { cells.append((c * 100 + r, Area(polygons: [square(121.4 + Double(c) * size, 31.2 + Double(r) * size, size)]))) } }
        let locator = AreaLocator(cells)
        var rng = GeoRandom(state: 7)
        for _ in 0..<2000 {
            let c = Int(rng.next() * 50), r = Int(rng.next() * 40)
            let p = GeoPoint(lon: 121.4 + (Double(c) + 0.05 + rng.next() * 0.9) * size, lat: 31.2 + (Double(r) + 0.05 + rng.next() * 0.9) * size)
            #expect(locator.locate(p) == c * 100 + r)
        }
        #expect(locator.locate(GeoPoint(lon: 121.3, lat: 31.2)) == nil)
    }
}

@Suite("GeoJSON")
struct GeoJSONTests {
    static let sample = """
        {"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"code":"990001","name":"东湖区","level":2,"active":true,"note":null},
           "geometry":{"type":"Polygon","coordinates":[[[121.4,31.2],[121.5,31.2],[121.5,31.3],[121.4,31.3],[121.4,31.2]]]}},
          {"type":"Feature","properties":{"code":"990002"},
           "geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,1],[0,0]]],[[[5,5],[6,5],[6,6],[5,6],[5,5]]]]}}
        ]}
        """

    @Test("解析 Polygon 与 MultiPolygon 要素及其属性，编码后可再解析")
    func decodeAndRoundTrip() throws {
        let features = try GeoJSON.decodeFeatureCollection(Data(Self.sample.utf8))
        #expect(features.count == 2)
        #expect(features[0].properties["name"] == "东湖区")
        #expect(features[0].properties["level"] == "2")
        #expect(features[0].properties["note"] == nil)
        #expect(features[1].area.polygons.count == 2)
        let again = try GeoJSON.decodeFeatureCollection(GeoJSON.featureCollectionJSON(features))
        #expect(again == features)
    }

    @Test("错误的输入给出代码和字段", arguments: [
        ("not json", "geojson.not_json", "body"),
        (#"{"type":"Feature"}"#, "geojson.not_feature_collection", "type"),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{}}]}"#, "geojson.missing_geometry", "features[0].geometry"),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]}}]}"#, "geojson.unsupported_geometry", "features[0].geometry.type"),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[2,2],[2,0],[0,1],[0,0]]]}}]}"#, "geometry.self_intersection", "features[0].geometry"),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[["a",0]]]}}]}"#, "geojson.invalid_coordinates", "features[0].geometry.coordinates"),
    ])
    func malformed(input: String, code: String, field: String) {
        do {
            _ = try GeoJSON.decodeFeatureCollection(Data(input.utf8))
            Issue.record("accepted \(input)")
        } catch {
            #expect(error.code == code)
            #expect(error.field == field)
        }
    }
}
