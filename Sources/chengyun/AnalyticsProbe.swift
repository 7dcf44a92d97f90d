import ChengyunCore
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One read `bench analytics` measures: a name for the table and the request, with `{placeholders}` filled from the
/// city (`AnalyticsTargets.fill`). When an endpoint changes, change its line here and nothing else.
struct AnalyticsProbe: Sendable {
    var name: String
    var path: String

    /// The reads of issue 15, against today's API.
    static let all: [AnalyticsProbe] = [
        // The console's KPI page sends its period as local dates (kpi.js): the year is from the date a year ago.
        AnalyticsProbe(name: "kpis, city, year", path: "/api/v1/kpis?from={yearAgo}"),
        AnalyticsProbe(name: "ranking, departments, year", path: "/api/v1/rankings?of=departments&from={yearAgo}"),
        AnalyticsProbe(name: "trend, 90 days", path: "/api/v1/kpis/trend?days=90"),
        AnalyticsProbe(name: "committee view, 30 days", path: "/api/v1/committees/{committee}/view"),
        AnalyticsProbe(name: "hotspots, 30 days", path: "/api/v1/hotspots?days=30"),
        // The big screen's requests (screen.js): the view's box, the server choosing counts per street or grid, or
        // markers, by the box's size (MapScale).
        AnalyticsProbe(name: "map, city zoom", path: "/api/v1/map/cases?days=7&bbox={cityBBox}"),
        AnalyticsProbe(name: "map, street zoom", path: "/api/v1/map/cases?days=7&nodeId={street}&bbox={streetBBox}"),
        AnalyticsProbe(name: "case list, first page", path: "/api/v1/cases?limit=20"),
        AnalyticsProbe(name: "case list, deep page", path: "{deepPage}"),
        AnalyticsProbe(name: "case list, text search", path: "/api/v1/cases?limit=20&q={text}"),
        // City vital signs (docs/VITAL-SIGNS.md): the board is kept 30 s per area, so its repeats read the kept one;
        // the daily volume's 14-day trend, the satisfaction rate's 12 months and the 30-day health check are counted
        // afresh on every request.
        AnalyticsProbe(name: "vital signs, city board", path: "/api/v1/vital-signs"),
        AnalyticsProbe(name: "vital signs, cases trend, 14 days", path: "/api/v1/vital-signs/DY03/series"),
        AnalyticsProbe(name: "vital signs, satisfaction trend, 12 × 30 days", path: "/api/v1/vital-signs/DY01.01/series"),
        AnalyticsProbe(name: "vital signs, health check, 30 days", path: "/api/v1/vital-signs/report?days=30"),
        AnalyticsProbe(name: "flood seasons, city, 5 years", path: "/api/v1/flood/seasons"),
        // 知事项 (docs/MATTERS.md): the station serving the committee — its positive list counted from its cases by
        // category, today's tasks; 三会 (docs/CONSULTATIONS.md): the city's newest consultations.
        AnalyticsProbe(name: "station matters, 30 days", path: "/api/v1/stations/{station}/matters"),
        AnalyticsProbe(name: "consultations, city, first page", path: "/api/v1/community-consultations"),
        // 物业 (docs/PROPERTY.md): the city's companies with their year's record (a page of 50), and one company.
        AnalyticsProbe(name: "property companies, year, first page", path: "/api/v1/property-companies?limit=50"),
        AnalyticsProbe(name: "property company, year", path: "/api/v1/property-companies/{company}"),
    ]
}

/// How `{deepPage}` is found: by following the list's cursor from the first page when the answer carries one (the
/// first of `cursorKeys` at its top level, sent back as `cursorParameter`), else by offset.
enum DeepPage {
    static let walk = "/api/v1/cases?limit=500"
    static let cursorKeys = ["after", "nextAfter", "next", "nextCursor", "cursor"]
    static let cursorParameter = "after"
    static let measured = "/api/v1/cases?limit=20"
    static let byOffset = "/api/v1/cases?limit=20&offset={offset}"

    /// The cursor an answer carries, if any.
    static func cursor(in body: Data) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else { return nil }
        for key in cursorKeys {
            if let s = object[key] as? String, !s.isEmpty { return s }
            if let n = object[key] as? NSNumber { return n.stringValue }
        }
        return nil
    }

    /// The path of the page `depth` rows down, and how it was reached.
    static func resolve(depth: Int, client: AnalyticsClient, token: String) async throws -> (path: String, how: String) {
        var answer = await client.get(walk, token: token)
        guard answer.status == 200, var cursor = cursor(in: answer.body) else {
            return (byOffset.replacingOccurrences(of: "{offset}", with: "\(depth)"), "offset \(depth)")
        }
        var rows = 500
        while rows < depth {
            answer = await client.get(walk + "&\(cursorParameter)=\(AnalyticsTargets.encoded(cursor))", token: token)
            guard answer.status == 200, let next = DeepPage.cursor(in: answer.body) else { break }
            cursor = next
            rows += 500
        }
        return (measured + "&\(cursorParameter)=\(AnalyticsTargets.encoded(cursor))", "cursor after \(rows) rows")
    }
}

/// What the placeholders stand for in the benchmark city.
struct AnalyticsTargets: Sendable {
    var yearAgo: Date
    var committee: NodeID
    var committeeName: String
    var street: NodeID
    var cityBox: BoundingBox
    var streetBox: BoundingBox
    /// The station serving the committee (0 when none does).
    var station: StationID = StationID(0)
    /// A property company serving the street (0 when none does).
    var company: PropertyCompanyID = PropertyCompanyID(0)
    var deepPage = ""

    func fill(_ template: String) -> String {
        // The local (UTC+8) date of `yearAgo`, as the console's date field sends it.
        let day = LocalDate(daysSince1970: Int(((yearAgo.timeIntervalSince1970 + 8 * 3600) / 86_400).rounded(.down)))
        func box(_ b: BoundingBox) -> String { "\(b.minLon),\(b.minLat),\(b.maxLon),\(b.maxLat)" }
        return template
            .replacingOccurrences(of: "{deepPage}", with: deepPage)
            .replacingOccurrences(of: "{yearAgo}", with: day.description)
            .replacingOccurrences(of: "{committee}", with: committee.description)
            .replacingOccurrences(of: "{street}", with: street.description)
            .replacingOccurrences(of: "{station}", with: station.description)
            .replacingOccurrences(of: "{company}", with: company.description)
            .replacingOccurrences(of: "{text}", with: Self.encoded(committeeName))
            .replacingOccurrences(of: "{cityBBox}", with: box(cityBox))
            .replacingOccurrences(of: "{streetBBox}", with: box(streetBox))
    }

    static func encoded(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")) ?? s
    }
}

/// GETs on loopback with a connection per client and no cache, timed from sending to the last byte.
struct AnalyticsClient: Sendable {
    let base: String
    let session: URLSession

    init(base: String, connections: Int, timeout: Double) {
        self.base = base
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = connections
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        session = URLSession(configuration: configuration)
    }

    /// The status (0 when the request failed or timed out), the body and the milliseconds it took.
    func get(_ path: String, token: String) async -> (status: Int, body: Data, ms: Double) {
        var request = URLRequest(url: URL(string: base + path)!)
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let clock = ContinuousClock()
        let started = clock.now
        guard let (data, response) = try? await session.data(for: request) else { return (0, Data(), Self.ms(clock.now - started)) }
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data, Self.ms(clock.now - started))
    }

    static func ms(_ d: Duration) -> Double { d.inSeconds * 1000 }
}

/// Latencies of one probe in one phase.
struct Latencies {
    var ms: [Double] = []
    var failures: [Int: Int] = [:]

    mutating func add(_ status: Int, _ ms: Double) {
        self.ms.append(ms)
        if status != 200 { failures[status, default: 0] += 1 }
    }

    /// The nearest-rank percentile, in ms (every answer counts, failed or not).
    func percentile(_ p: Double) -> Double {
        guard !ms.isEmpty else { return .nan }
        let sorted = ms.sorted()
        return sorted[max(0, min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1))]
    }

    var failureText: String { failures.sorted { $0.key < $1.key }.map { "\($0.value)×\($0.key == 0 ? "timeout" : "\($0.key)")" }.joined(separator: " ") }
}
