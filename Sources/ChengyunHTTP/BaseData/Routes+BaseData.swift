import ChengyunCore
import ChengyunServices
import Foundation
import Hummingbird
import NIOCore

/// A resident as the API shows it: name, ID number and phone masked (unmasked only through `…/reveal`).
struct ResidentView: Codable {
    var id: ResidentID
    var nodeID: NodeID
    var houseID: HouseID?
    var name: String?
    var idNumber: String?
    var phone: String?
    var kind: ResidentKind
    var partyMember: Bool
    var tags: [String]
    var movedInOn: LocalDate?
    var movedOutOn: LocalDate?
    var source: String
    var version: Int

    init(_ r: Resident, masked: Bool = true) {
        id = r.id
        nodeID = r.nodeID
        houseID = r.houseID
        name = masked ? Masking.name(r.name) : r.name
        idNumber = masked ? Masking.idNumber(r.idNumber) : r.idNumber
        phone = masked ? Masking.phone(r.phone) : r.phone
        kind = r.kind
        partyMember = r.partyMember
        tags = r.tags
        movedInOn = r.movedInOn
        movedOutOn = r.movedOutOn
        source = r.source
        version = r.version
    }
}

/// 盘家底 — compounds, buildings, houses, residents, the tag dictionary, counts and imports (docs/BASE-DATA.md).
extension APIRoutes {
    struct CompoundPage: Encodable {
        var compounds: [Compound]
        var nextAfter: String?
    }
    struct CompoundLayer: Encodable {
        var compounds: [Compound]
        var truncated: Bool
    }
    struct ResidentPage: Encodable {
        var residents: [ResidentView]
        var nextAfter: Int64?
    }
    struct BuiltBuilding: Encodable {
        var building: Building
        var houses: [House]
    }
    struct HouseWithResidents: Encodable {
        var house: House
        var residents: [ResidentView]
    }
    struct CountsView: Encodable {
        var nodeId: NodeID
        var nodeName: String
        var nodeKind: OrgNode.Kind
        var counts: BaseDataCounts
    }

    func addBaseDataRoutes(api: RouterGroup<AppContext>) {
        api.get("tags") { _, context in
            try JSONCoding.response(try await platform.baseData.tags(by: try context.requireIdentity()))
        }
        api.get("compounds") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            let limit = try q.int("limit", default: 50, range: 1...200) ?? 50
            let items = try await platform.baseData.compounds(nodeID: try q.id("nodeId"), afterCode: try q.text("after", max: 32), limit: limit, by: identity)
            return try JSONCoding.response(CompoundPage(compounds: items, nextAfter: items.count == limit ? items.last?.code : nil))
        }
        api.post("compounds") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(CompoundInput.self, request, context)
            return try JSONCoding.response(try await platform.baseData.createCompound(input, by: identity), status: .created)
        }
        // 小区 on the map: the compounds in a box of the big screen's map (their outlines and points).
        api.get("compounds/map") { request, context in
            guard let box = try Query(request).box("bbox") else { throw QueryError.boxRequired }
            let (compounds, truncated) = try await platform.baseData.mapCompounds(in: box, by: try context.requireIdentity())
            return try JSONCoding.response(CompoundLayer(compounds: compounds, truncated: truncated))
        }
        api.get("compounds/:id") { _, context in
            try JSONCoding.response(try await platform.baseData.compound(try context.pathID(), by: try context.requireIdentity()))
        }
        api.put("compounds/:id/entrances") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(EntrancesInput.self, request, context)
            return try JSONCoding.response(try await platform.baseData.replaceEntrances(of: try context.pathID(), input, by: identity))
        }
        api.get("compounds/:id/buildings") { _, context in
            try JSONCoding.response(try await platform.baseData.buildings(of: try context.pathID(), by: try context.requireIdentity()))
        }
        api.post("compounds/:id/buildings") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(BuildingInput.self, request, context)
            let made = try await platform.baseData.createBuilding(in: try context.pathID(), input, by: identity)
            return try JSONCoding.response(BuiltBuilding(building: made.building, houses: made.houses), status: .created)
        }
        api.get("buildings/:id/houses") { _, context in
            let houses = try await platform.baseData.houses(of: try context.pathID(), by: try context.requireIdentity())
            return try JSONCoding.response(houses.map { HouseWithResidents(house: $0.house, residents: $0.residents.map { ResidentView($0) }) })
        }
        api.get("residents") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            let limit = try q.int("limit", default: 50, range: 1...200) ?? 50
            var kind: ResidentKind?
            if let raw = q.string("kind") {
                guard let k = ResidentKind(rawValue: raw) else { throw QueryError.invalidValue("kind", value: raw) }
                kind = k
            }
            let items = try await platform.baseData.residents(nodeID: try q.id("nodeId"), kind: kind, tag: try q.text("tag", max: 40), after: try q.id("after"),
                                                              limit: limit, by: identity)
            return try JSONCoding.response(ResidentPage(residents: items.map { ResidentView($0) }, nextAfter: items.count == limit ? items.last?.id.rawValue : nil))
        }
        api.post("residents") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(ResidentInput.self, request, context)
            return try JSONCoding.response(ResidentView(try await platform.baseData.addResident(input, by: identity)), status: .created)
        }
        api.post("residents/:id/move") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(ResidentMoveInput.self, request, context)
            return try JSONCoding.response(ResidentView(try await platform.baseData.move(try context.pathID(), input, by: identity)))
        }
        api.post("residents/move-in") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(ResidentMoveInput.self, request, context)
            return try JSONCoding.response(ResidentView(try await platform.baseData.moveIn(input, by: identity)))
        }
        api.get("residents/:id") { _, context in
            try JSONCoding.response(ResidentView(try await platform.baseData.resident(try context.pathID(), by: try context.requireIdentity())))
        }
        api.post("residents/:id/reveal") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(RevealInput.self, request, context)
            let r = try await platform.baseData.reveal(try context.pathID(), reason: input.reason, by: identity, from: context.caller)
            return try JSONCoding.response(ResidentView(r, masked: false))
        }
        api.post("residents/import") { request, context in
            let identity = try context.requireIdentity()
            let body = try await readBody(request, upTo: 16 * 1024 * 1024)
            let sheet = try UploadedSheet.read(Array(buffer: body), unreadable: BaseDataError.importUnreadable)
            return try ImportFailure.answer(try await platform.baseData.importResidents(sheet, by: identity), rejected: BaseDataError.importRejected)
        }
        api.get("base-data/counts") { request, context in
            let (node, counts) = try await platform.baseData.counts(nodeID: try Query(request).id("nodeId"), by: try context.requireIdentity())
            return try JSONCoding.response(CountsView(nodeId: node.id, nodeName: node.name, nodeKind: node.kind, counts: counts))
        }
    }
}
