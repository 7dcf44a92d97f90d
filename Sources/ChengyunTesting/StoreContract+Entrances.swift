import ChengyunCore
public import ChengyunStore
import Foundation
import Testing

extension StoreContract {
    /// 动线: a compound's entrances replaced whole with their way, open or closed, and checkpoints in order (a note or a
    /// place each, or neither), read back the same by id, code and area; the version raised, a change made on an older
    /// version refused, an unknown compound nil; an empty list clears them, checkpoints included.
    public static func entrances(_ fresh: @Sendable () async throws -> any OrganisationStore & BaseDataStore) async throws {
        let store = try await fresh()
        let t = try await tree(store)
        let compound = try await store.createCompound(Compound(
            id: CompoundID(0), code: "XQ-DX1", name: "动线新村", nodeID: t.committee.id, nodePath: t.committee.path, type: .commercial, managementMode: .propertyCompany,
            location: GeoPoint(lon: 0.5, lat: 0.5), entrances: [Entrance(name: "南门", location: GeoPoint(lon: 0.5, lat: 0.499), vehicles: true,
                                                                          checkpoints: [Checkpoint(kind: .temperature)])]))
        #expect(try await store.compound(compound.id)?.entrances == compound.entrances, "checkpoints stored with the compound")
        let gates = [
            Entrance(name: "南门", location: GeoPoint(lon: 0.5, lat: 0.499), vehicles: true, direction: .entry,
                     checkpoints: [Checkpoint(kind: .registration, note: "志愿者两人"), Checkpoint(kind: .temperature),
                                   Checkpoint(kind: .returnees, note: "报居委", location: GeoPoint(lon: 0.5001, lat: 0.4991))]),
            Entrance(name: "北门", location: GeoPoint(lon: 0.5, lat: 0.501), direction: .exit, open: false),
            Entrance(name: "西门", location: GeoPoint(lon: 0.499, lat: 0.5), checkpoints: [Checkpoint(kind: .deliveries, location: GeoPoint(lon: 0.4989, lat: 0.5))]),
        ]
        let changed = try #require(try await store.replaceEntrances(of: compound.id, gates, version: compound.version))
        #expect(changed.entrances == gates && changed.version == compound.version + 1)
        #expect(try await store.compound(compound.id) == changed)
        #expect(try await store.compound(code: "XQ-DX1")?.entrances == gates)
        #expect(try await store.compounds(under: t.committee.path, afterCode: nil, limit: 10).first?.entrances == gates)
        do {
            _ = try await store.replaceEntrances(of: compound.id, [], version: compound.version)
            Issue.record("a change on an older version is refused")
        } catch let error as DomainError {
            #expect(error.code == "compound.changed")
        }
        #expect(try await store.compound(compound.id)?.entrances == gates, "nothing of the refused change")
        #expect(try await store.replaceEntrances(of: CompoundID(987_654), gates, version: nil) == nil)
        let cleared = try #require(try await store.replaceEntrances(of: compound.id, [], version: nil))
        #expect(cleared.entrances.isEmpty && cleared.version == changed.version + 1)
        #expect(try await store.replaceEntrances(of: compound.id, Array(gates.prefix(1)), version: nil)?.entrances == Array(gates.prefix(1)), "no checkpoint left over")
    }
}
