import ChengyunCore
import ChengyunServices
import ChengyunStore
import Foundation
import Hummingbird

/// Open311 GeoReport v2 under `/open311/v2/` for citizen reporting clients (docs/OPEN311.md): discovery, services
/// from the taxonomy, service definitions, requests (POST with an API key; GET public), in JSON and XML.
extension APIRoutes {
    func addOpen311Routes(to router: Router<AppContext>) {
        let v2 = router.group("open311/v2")
        v2.get(":file") { request, context in
            try await Open311.respond(context) { format in
                try Query.checkLimits(request)
                switch try Open311.resource(context, "file") {
                case "discovery": return (Open311.discovery(base: Open311.base(request)), "discovery")
                case "services": return (.list("service", platform.data.taxonomy.categories.map(Open311.service)), "services")
                case "requests": return (.list("request", try await Open311.list(request, platform: platform)), "service_requests")
                default: throw Open311Error.notFound
                }
            }
        }
        v2.post(":file") { request, context in
            try await Open311.respond(context, created: true) { _ in
                guard try Open311.resource(context, "file") == "requests" else { throw Open311Error.notFound }
                let record = try await Open311.post(request, context, platform: platform)
                let notice: [(String, Open311Node)] = [("service_request_id", .string(String(record.id.rawValue))),
                                                       ("service_notice", .string(record.state.publicStatus)), ("account_id", .null)]
                return (.list("request", [.object(notice)]), "service_requests")
            }
        }
        v2.get("services/:file") { _, context in
            try await Open311.respond(context) { _ in
                let code = try Open311.resource(context, "file")
                guard let category = try? platform.data.category(Open311.categoryID(code)) else {
                    throw Open311Error.unknownService(code)
                }
                return (Open311.definition(category), "service_definition")
            }
        }
        v2.get("requests/:file") { _, context in
            try await Open311.respond(context) { _ in
                let raw = try Open311.resource(context, "file")
                guard let id = Int64(raw), let record = try await platform.open311.publicRequest(CaseID(id)) else {
                    throw Open311Error.unknownRequest(raw)
                }
                return (.list("request", [Open311.request(record, data: platform.data)]), "service_requests")
            }
        }
    }
}

/// The mapping between Chengyun and GeoReport v2.
enum Open311 {
    enum Format: String { case json, xml }

    /// The path parameter without its format suffix; the suffix picks the format (stored for `respond`).
    static func resource(_ context: AppContext, _ name: String) throws -> String {
        guard let file = context.parameters.get(name), let dot = file.lastIndex(of: "."),
              Format(rawValue: String(file[file.index(after: dot)...]).lowercased()) != nil
        else {
            throw Open311Error.format
        }
        return String(file[..<dot])
    }

    static func format(_ context: AppContext) -> Format {
        let file = context.parameters.get("file") ?? ""
        return file.lowercased().hasSuffix(".xml") ? .xml : .json
    }

    /// Runs a handler and renders its tree, or an Open311 error list, in the format the path asked for.
    static func respond(_ context: AppContext, created: Bool = false, _ body: (Format) async throws -> (Open311Node, String)) async throws -> Response {
        let fmt = format(context)
        do {
            let (node, root) = try await body(fmt)
            return render(node, root: root, format: fmt, status: created ? .created : .ok)
        } catch let error as DomainError {
            let code = error.kind.status.code
            let item: Open311Node = .object([("code", .number(Double(code))), ("description", .string(error.message))])
            return render(.list("error", [item]), root: "errors", format: fmt, status: error.kind.status)
        }
    }

    static func render(_ node: Open311Node, root: String, format: Format, status: HTTPResponse.Status) -> Response {
        let text = format == .xml ? node.xml(root: root) : node.json()
        let type = format == .xml ? "text/xml; charset=utf-8" : "application/json; charset=utf-8"
        return Response(status: status, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func base(_ request: Request) -> String {
        "http://\(request.head.authority ?? "127.0.0.1")/open311/v2/"
    }

    /// `event:0110` ↔ `event-0110`: a service code is safe in a URL path.
    static func serviceCode(_ categoryID: String) -> String { categoryID.replacingOccurrences(of: ":", with: "-") }
    static func categoryID(_ code: String) -> String {
        guard let dash = code.firstIndex(of: "-") else { return code }
        return code.replacingCharacters(in: dash...dash, with: ":")
    }

    static func discovery(base: String) -> Open311Node {
        .object([
            ("changeset", .string("2026-11-24T00:00:00Z")), ("contact", .string("城市运行管理中心 (Chengyun)")), ("key_service", .string("向城运中心管理员申请 API 密钥")),
            ("endpoints", .list("endpoint", [.object([
                ("specification", .string("http://wiki.open311.org/GeoReport_v2")), ("url", .string(base)), ("changeset", .string("2026-11-24T00:00:00Z")),
                ("type", .string("production")), ("formats", .list("format", [.string("text/xml"), .string("application/json")])),
            ])])),
        ])
    }

    static func service(_ c: Category) -> Open311Node {
        .object([
            ("service_code", .string(serviceCode(c.id))), ("service_name", .string(c.name)), ("description", .string("\(c.majorName) · \(c.name)（\(c.nameEn)）")),
            ("metadata", .bool(true)), ("type", .string("realtime")), ("keywords", .string([c.majorName, c.name, c.nameEn].joined(separator: ","))),
            ("group", .string(c.majorName)),
        ])
    }

    static func definition(_ c: Category) -> Open311Node {
        let values = Urgency.allCases.map { Open311Node.object([("key", .string($0.rawValue)), ("name", .string($0.label))]) }
        return .object([
            ("service_code", .string(serviceCode(c.id))),
            ("attributes", .list("attribute", [.object([
                ("variable", .bool(true)), ("code", .string("urgency")), ("datatype", .string("singlevaluelist")), ("required", .bool(false)),
                ("datatype_description", .string("紧急程度；不填则按类别默认（\(c.urgency.label)）")), ("order", .number(1)), ("description", .string("紧急程度 urgency")),
                ("values", .list("value", values)),
            ])])),
        ])
    }

    static func w3c(_ date: Date) -> String { date.formatted(.iso8601) }

    static func request(_ r: CaseRecord, data: ReferenceData) -> Open311Node {
        let updated = [r.closedAt, r.handledAt, r.startedAt, r.dispatchedAt, r.acceptedAt, r.reportedAt].compactMap { $0 }.max() ?? r.reportedAt
        let agency = r.leadDepartmentID.flatMap { data.departments[$0]?.name } ?? (r.selfHandled ? "居村联勤联动站" : nil)
        return .object([
            ("service_request_id", .string(String(r.id.rawValue))), ("status", .string(r.state.isTerminal ? "closed" : "open")),
            ("status_notes", .string(r.state.publicStatus)), ("service_name", .text(try? data.category(r.categoryID).name)),
            ("service_code", .string(serviceCode(r.categoryID))), ("description", .string(PublicText.redacted(r.description))), ("agency_responsible", .text(agency)),
            ("service_notice", .null), ("requested_datetime", .string(w3c(r.reportedAt))),
            ("updated_datetime", .string(w3c(updated))), ("expected_datetime", .text(r.deadline.map(w3c))),
            ("address", .text(r.address.map { PublicText.redacted($0, maxLength: 200) })), ("address_id", .null), ("zipcode", .null),
            ("lat", r.location.map { .number($0.lat) } ?? .null), ("long", r.location.map { .number($0.lon) } ?? .null), ("media_url", .null),
        ])
    }

    /// GET requests with the standard filters: service_request_id (overrides the rest), service_code, start_date,
    /// end_date (at most 90 days apart; default the last 90 days), status; and page / page_size.
    static func list(_ request: Request, platform: Platform) async throws -> [Open311Node] {
        let q = Query(request)
        func date(_ name: String) throws -> Date? {
            guard let text = q.string(name), !text.isEmpty else { return nil }
            guard let d = try? Date(text, strategy: .iso8601) else {
                throw Open311Error.badDate(name)
            }
            return d
        }
        let now = platform.clock.now()
        let end = try date("end_date") ?? now
        let start = try date("start_date") ?? end.addingTimeInterval(-90 * 86_400)
        guard start <= end, end.timeIntervalSince(start) <= 90 * 86_400 + 1 else {
            throw Open311Error.range
        }
        var open: Bool?
        if let status = q.string("status"), !status.isEmpty {
            let wanted = Set(status.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
            guard wanted.isSubset(of: ["open", "closed"]) else {
                throw Open311Error.status
            }
            open = wanted.count == 1 ? wanted.contains("open") : nil
        }
        let pageSize = try q.int("page_size", default: 1000, range: 1...1000)!
        let page = try q.int("page", default: 1, range: 1...100_000)!
        let ids = q.string("service_request_id").flatMap { $0.isEmpty ? nil : $0 }.map { text in
            text.split(separator: ",").compactMap { Int64($0.trimmingCharacters(in: .whitespaces)).map(CaseID.init(rawValue:)) }
        }
        let codes = q.string("service_code").flatMap { $0.isEmpty ? nil : $0 }.map { $0.split(separator: ",").map { categoryID(String($0)) } }
        let query = PublicRequestQuery(ids: ids, categoryIDs: codes, from: start, to: end, open: open, limit: pageSize, offset: (page - 1) * pageSize)
        return try await platform.open311.publicRequests(query).map { Open311.request($0, data: platform.data) }
    }

    /// POST requests (form-encoded, with `api_key`): the key must be allowed to report as `resident`.
    static func post(_ request: Request, _ context: AppContext, platform: Platform) async throws -> CaseRecord {
        try Query.checkLimits(request)
        let body = try await readBody(request, upTo: 64 * 1024)
        var form: [String: String] = [:]
        let query = request.uri.query.map { "\($0)&" } ?? ""
        for pair in (query + String(buffer: body)).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0) }
            if let key = parts.first, !key.isEmpty { form[key] = parts.count > 1 ? parts[1] : "" }
        }
        guard let key = form["api_key"], !key.isEmpty else {
            throw Open311Error.apiKeyRequired
        }
        let identity: Identity
        do { identity = try await platform.accounts.authenticate(bearer: key).identity } catch {
            throw Open311Error.badAPIKey
        }
        guard identity.isSystem, identity.systemSources.contains(.resident) else {
            throw Open311Error.keyNotForReports
        }
        guard let code = form["service_code"], !code.isEmpty else {
            throw Open311Error.serviceCode
        }
        // The fields under their GeoReport names; the report use case checks them again under its own.
        try InputLimits.check(code, field: "service_code", max: InputLimits.code)
        try InputLimits.check(form["description"], field: "description", max: InputLimits.description, multiline: true)
        try InputLimits.check(form["address_string"], field: "address_string", max: InputLimits.address)
        for field in ["first_name", "last_name"] { try InputLimits.check(form[field], field: field, max: InputLimits.name) }
        if let phone = form["phone"], !phone.trimmingCharacters(in: .whitespaces).isEmpty { try PhoneNumber.check(phone, field: "phone") }
        var location: GeoPoint?
        if let lat = form["lat"].flatMap(Double.init), let lon = form["long"].flatMap(Double.init) { location = GeoPoint(lon: lon, lat: lat) }
        guard location != nil else {
            throw Open311Error.location
        }
        let name = [form["last_name"], form["first_name"]].compactMap { $0?.trimmingCharacters(in: .whitespaces) }.joined()
        var urgency: Urgency?
        if let value = form["attribute[urgency]"], !value.isEmpty {
            guard let known = Urgency(rawValue: value) else {
                throw Open311Error.urgency
            }
            urgency = known
        }
        let input = ReportInput(source: .resident, categoryID: categoryID(code), urgency: urgency, description: form["description"] ?? "",
                                address: form["address_string"], location: location, reporterName: name.isEmpty ? nil : name, reporterPhone: form["phone"])
        return try await platform.cases.report(input, by: identity)
    }
}
