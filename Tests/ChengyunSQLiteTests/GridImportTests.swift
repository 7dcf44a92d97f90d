import ChengyunCore
import ChengyunServices
import ChengyunSQLite
import ChengyunStore
import ChengyunTesting
import Foundation
import Testing

@Suite("网格导入 grid import into a new deployment")
struct GridImportTests {
    static func feature(_ code: String, _ name: String, _ kind: String, _ parent: String?, _ x: Double, _ y: Double, _ size: Double) -> String {
        let ring = "[[\(x),\(y)],[\(x + size),\(y)],[\(x + size),\(y + size)],[\(x),\(y + size)],[\(x),\(y)]]"
        let parentJSON = parent.map { #","parentCode":"\#($0)""# } ?? ""
        return #"{"type":"Feature","properties":{"code":"\#(code)","name":"\#(name)","kind":"\#(kind)"\#(parentJSON)},"geometry":{"type":"Polygon","coordinates":[\#(ring)]}}"#
    }

    @Test("从城市边界开始导入整棵树；点定位到网格及其所有上级；城外的点给出明确错误")
    func importWholeTree() async throws {
        let db = try TemporaryDatabase()
        defer { db.remove() }
        let store = try SQLiteStore(path: db.path)
        let platform = Platform(store: store)
        let features = [
            Self.feature("310000", "上海市", "city", nil, 121.0, 31.0, 1.0),
            Self.feature("310115", "浦东新区", "district", "310000", 121.5, 31.0, 0.5),
            Self.feature("310115001", "潍坊新村街道", "street", "310115", 121.5, 31.0, 0.1),
            Self.feature("310115001001", "潍坊一村居委", "committee", "310115001", 121.5, 31.0, 0.01),
            Self.feature("310115001001001", "1号网格", "grid", "310115001001", 121.5, 31.0, 0.001),
        ]
        let file = Data(#"{"type":"FeatureCollection","features":[\#(features.joined(separator: ","))]}"#.utf8)
        let result = try await platform.organisation.importAreas(geoJSON: file, by: nil)
        #expect(result.created == 5)
        let grid = try platform.data.grid(at: GeoPoint(lon: 121.5005, lat: 31.0005))
        let ancestors = OrgNode.ids(inPath: grid.path)
        #expect(ancestors.count == 5)
        #expect(try await store.node(ancestors[0])?.code == "310000")
        #expect(throws: DomainError.self) { try platform.data.grid(at: GeoPoint(lon: 121.6, lat: 31.6)) }
        // Importing the same file again replaces boundaries; a second city is refused.
        let again = try await platform.organisation.importAreas(geoJSON: Data(#"{"type":"FeatureCollection","features":[\#(features[4])]}"#.utf8), by: nil)
        #expect(again.updated == 1)
        let secondCity = Data(#"{"type":"FeatureCollection","features":[\#(Self.feature("320000", "第二城", "city", nil, 0, 0, 1))]}"#.utf8)
        await #expect(throws: DomainError.self) { try await platform.organisation.importAreas(geoJSON: secondCity, by: nil) }
    }
}
