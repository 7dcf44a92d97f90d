import ChengyunCore
import ChengyunServices
import Foundation
import Hummingbird

/// 城市体征 — the catalogue (read; replaced whole by a city administrator), an area's signs, an indicator's trend, the
/// analysts' situation notes and the health-check report (docs/VITAL-SIGNS.md).
extension VitalSignCatalogue: TableBody {}

extension APIRoutes {
    struct VitalSignNoteInput: Decodable {
        var nodeID: Int64?
        var day: String?
        var text: String
    }

    struct VitalSignSeries: Encodable {
        var figure: VitalSignFigure
        var points: [VitalSignPoint]
    }

    func addVitalSignRoutes(api: RouterGroup<AppContext>) {
        api.get("vital-signs/catalogue") { _, context in
            try JSONCoding.response(try await platform.vitalSigns.catalogue(by: try context.requireIdentity()))
        }
        api.put("vital-signs/catalogue") { request, context in
            let identity = try context.requireIdentity()
            let catalogue = try await decodeBody(VitalSignCatalogue.self, request, context)
            return try JSONCoding.response(try await platform.vitalSigns.replaceCatalogue(catalogue, by: identity))
        }
        api.get("vital-signs") { request, context in
            let identity = try context.requireIdentity()
            return try JSONCoding.response(try await platform.vitalSigns.board(node: try Query(request).id("nodeId"), by: identity))
        }
        api.get("vital-signs/report") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            let days = try q.int("days", default: 30, range: 1...92) ?? 30
            return try JSONCoding.response(try await platform.vitalSigns.report(node: try q.id("nodeId"), days: days, by: identity))
        }
        api.get("vital-signs/notes") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            let days = try q.int("days", default: 14, range: 1...366) ?? 14
            return try JSONCoding.response(try await platform.vitalSigns.notes(node: try q.id("nodeId"), days: days, by: identity))
        }
        api.put("vital-signs/notes") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(VitalSignNoteInput.self, request, context)
            let note = try await platform.vitalSigns.writeNote(node: input.nodeID.map { NodeID($0) }, day: input.day, text: input.text, by: identity)
            return try JSONCoding.response(note)
        }
        api.get("vital-signs/:code/series") { request, context in
            let identity = try context.requireIdentity()
            let code = try context.parameters.require("code")
            let (figure, points) = try await platform.vitalSigns.series(code: code, node: try Query(request).id("nodeId"), by: identity)
            return try JSONCoding.response(VitalSignSeries(figure: figure, points: points))
        }
    }
}
