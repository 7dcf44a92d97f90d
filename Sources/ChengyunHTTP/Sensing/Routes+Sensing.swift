import ChengyunCore
import ChengyunServices
import ChengyunStore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// 感知 — the OGC SensorThings API 1.1 under `/sta/v1.1/` (docs/SENSING.md), and readings in bulk.
extension APIRoutes {
    func addSensingRoutes(to router: Router<AppContext>, api: RouterGroup<AppContext>) {
        router.get("sta/v1.1") { request, context in
            _ = try context.requireIdentity()
            return try Self.sta(SensorThingsDocument(base: Self.staBase(request)).root())
        }
        router.get("sta/v1.1/**") { request, context in
            let identity = try context.requireIdentity()
            let path = context.parameters.getCatchAll().joined(separator: "/")
            let handler = SensorThingsHandler(sensing: platform.sensing, identity: identity, document: SensorThingsDocument(base: Self.staBase(request)),
                                              parameters: Self.staParameters(request))
            return try Self.sta(try await handler.get(path))
        }
        router.post("sta/v1.1/**") { request, context in
            let identity = try context.requireIdentity()
            let path = context.parameters.getCatchAll().joined(separator: "/")
            let handler = SensorThingsHandler(sensing: platform.sensing, identity: identity, document: SensorThingsDocument(base: Self.staBase(request)),
                                              parameters: [:])
            let bulk = path == "CreateObservations"
            let limit = bulk ? InputLimits.tableBodyBytes : InputLimits.jsonBodyBytes
            let body = try STAObject.body(Data(try await Self.body(request, limit: limit).readableBytesView))
            if bulk {
                let links = try await handler.createObservations(body)
                return try Self.sta(.list("l", links.map { .string($0) }), status: .created)
            }
            let (node, link) = try await handler.post(path, body: body)
            var response = try Self.sta(node, status: .created)
            response.headers[.location] = link
            return response
        }
        // Readings in bulk, one per line: `datastreamId,timeMillis,result` — the compact form for gateways.
        api.post("sensing/readings") { request, context in
            let identity = try context.requireIdentity()
            let buffer = try await Self.body(request, limit: InputLimits.tableBodyBytes)
            let batch = BulkReadings.parse(buffer)
            let outcome = try await platform.sensing.ingest(batch, by: identity)
            return try JSONCoding.response(BulkReadings.Answer(outcome), status: .accepted)
        }
        api.get("alarms") { request, context in
            let identity = try context.requireIdentity()
            let q = Query(request)
            let limit = try q.int("limit", default: 50, range: 1...200) ?? 50
            let before: AlarmID? = try q.id("before")
            let alarms = try await platform.sensing.alarms(onOnly: q.string("state") == "on", before: before, limit: limit, by: identity)
            return try JSONCoding.response(AlarmPage(alarms: alarms, limit: limit))
        }
        api.get("alarms/counts") { _, context in
            let identity = try context.requireIdentity()
            let counts = try await platform.sensing.alarmCounts(by: identity)
            return try JSONCoding.response(Dictionary(uniqueKeysWithValues: AlarmLevel.allCases.map { ($0.rawValue, counts[$0] ?? 0) }))
        }
        api.get("alarms/:id") { _, context in
            let identity = try context.requireIdentity()
            return try JSONCoding.response(try await platform.sensing.alarm(AlarmID(try context.parameters.require("id", as: Int64.self)), by: identity))
        }
        api.post("alarms/:id/acknowledge") { _, context in
            let identity = try context.requireIdentity()
            return try JSONCoding.response(try await platform.sensing.acknowledge(AlarmID(try context.parameters.require("id", as: Int64.self)), by: identity))
        }
        api.post("alarms/:id/clear") { _, context in
            let identity = try context.requireIdentity()
            return try JSONCoding.response(try await platform.sensing.clear(AlarmID(try context.parameters.require("id", as: Int64.self)), by: identity))
        }
        api.get("alarm-rules") { _, context in
            let identity = try context.requireIdentity()
            return try JSONCoding.response(try await platform.sensing.rules(by: identity))
        }
        api.post("alarm-rules") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(AlarmRuleInput.self, request, context)
            return try JSONCoding.response(try await platform.sensing.createRule(input.rule(), by: identity), status: .created)
        }
        api.patch("alarm-rules/:id") { request, context in
            let identity = try context.requireIdentity()
            let input = try await decodeBody(ActiveInput.self, request, context)
            let id = AlarmRuleID(try context.parameters.require("id", as: Int64.self))
            return try JSONCoding.response(try await platform.sensing.setRuleActive(id, active: input.active, by: identity))
        }
    }

    /// The service root as the caller reached it (behind the load balancer: its scheme and host).
    static func staBase(_ request: Request) -> String {
        let host = request.head.authority ?? "localhost"
        return "\(AuthMiddleware.isHTTPS(request) ? "https" : "http")://\(host)/sta/v1.1"
    }

    /// The query options as clients send them: keys and values percent-decoded (`%24top` is `$top`), `+` a space.
    static func staParameters(_ request: Request) -> [String: String] {
        var out: [String: String] = [:]
        for pair in (request.uri.query ?? "").split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String { String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s) }
            out[decode(kv[0])] = kv.count > 1 ? decode(kv[1]) : ""
        }
        return out
    }

    static func sta(_ node: JSONNode, status: HTTPResponse.Status = .ok) throws -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: node.json())))
    }

    static func body(_ request: Request, limit: Int) async throws -> ByteBuffer {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit { throw RequestError.tooLarge(limit: limit) }
        do { return try await readBody(request, upTo: limit) } catch is NIOTooManyBytesError { throw RequestError.tooLarge(limit: limit) }
    }
}

struct ActiveInput: Decodable { var active: Bool }

/// A page of alarms, newest first; `nextBefore` asks for the next.
struct AlarmPage: Encodable {
    var alarms: [Alarm]
    var nextBefore: Int64?
    init(alarms: [Alarm], limit: Int) {
        self.alarms = alarms
        nextBefore = alarms.count == limit ? alarms.last?.id.rawValue : nil
    }
}

/// An alarm rule as posted.
struct AlarmRuleInput: Decodable {
    var name: String
    var level: AlarmLevel
    var nodeID: Int64?
    var datastreamID: Int64?
    var kind: DeviceKind?
    var property: String?
    var trigger: TriggerInput
    var categoryID: String?
    var groupUnder: Int64?

    struct TriggerInput: Decodable {
        var kind: AlarmRule.Trigger.Kind
        var above: Bool?
        var raise: Double?
        var clear: Double?
        var sustainSeconds: Int?
        var silenceSeconds: Int?
        var members: [Int64]?
        var all: Bool?
    }

    func rule() -> AlarmRule {
        let t = AlarmRule.Trigger(kind: trigger.kind, above: trigger.above ?? true, raise: trigger.raise ?? 0, clear: trigger.clear,
                                  sustainSeconds: trigger.sustainSeconds ?? 0, silenceSeconds: trigger.silenceSeconds ?? 0,
                                  members: (trigger.members ?? []).map { AlarmRuleID($0) }, all: trigger.all ?? true)
        return AlarmRule(id: AlarmRuleID(0), name: name, level: level, nodeID: NodeID(nodeID ?? 0), nodePath: "",
                         target: AlarmRule.Target(datastreamID: datastreamID.map { DatastreamID($0) }, kind: kind, property: property),
                         trigger: t, categoryID: categoryID, groupUnder: groupUnder.map { AlarmRuleID($0) })
    }
}

/// The compact bulk form: `datastreamId,timeMillis,result` per line, read by hand.
enum BulkReadings {
    static func parse(_ buffer: ByteBuffer) -> [Result<Observation, DomainError>] {
        var out: [Result<Observation, DomainError>] = []
        for line in buffer.readableBytesView.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            let fields = line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
            guard fields.count == 3, let d = Int64(String(decoding: fields[0], as: UTF8.self)),
                  let t = Int64(String(decoding: fields[1], as: UTF8.self)) else {
                out.append(.failure(SensingError.invalid("line", "datastreamId,timeMillis,result")))
                continue
            }
            guard let r = Double(String(decoding: fields[2], as: UTF8.self).trimmingCharacters(in: .whitespaces)), r.isFinite else {
                out.append(.failure(SensingError.result))
                continue
            }
            out.append(.success(Observation(datastreamID: DatastreamID(d), time: t, result: r)))
        }
        return out
    }

    /// How many were taken, and each refused line's index (from 0) and reason.
    struct Answer: Encodable {
        struct Refusal: Encodable {
            var index: Int
            var code: String
            var message: String
            var field: String?
        }
        var accepted: Int
        var rejected: [Refusal]
        init(_ outcome: [Result<Observation, DomainError>]) {
            var refused: [Refusal] = []
            for (i, o) in outcome.enumerated() {
                if case .failure(let e) = o { refused.append(Refusal(index: i, code: e.code, message: e.message, field: e.field)) }
            }
            accepted = outcome.count - refused.count
            rejected = refused
        }
    }
}
