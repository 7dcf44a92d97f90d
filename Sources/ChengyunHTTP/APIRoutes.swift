import ChengyunCore
public import ChengyunServices
import ChengyunStore
public import Foundation
public import Hummingbird
import Metrics
public import Prometheus
import Synchronization

/// The JSON API under /api/v1 and the operational endpoints.
public struct APIRoutes: Sendable {
    let platform: Platform
    let load: LoadLimits
    let trustedProxies: Set<String>

    public init(platform: Platform, load: LoadLimits = LoadLimits(), trustedProxies: Set<String> = []) {
        self.platform = platform
        self.load = load
        self.trustedProxies = trustedProxies
    }

    /// The router with every route and middleware: the caller's address behind a trusted proxy, security headers,
    /// errors, metrics, authentication, load shedding.
    public func router() -> Router<AppContext> {
        let router = Router(context: AppContext.self)
        router.add(middleware: ForwardedForMiddleware(trusted: trustedProxies))
        router.add(middleware: SecurityHeadersMiddleware(tileURL: platform.settings.console.tileURL))
        router.add(middleware: ErrorMiddleware())
        router.add(middleware: QueryLimitsMiddleware())
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: AuthMiddleware(platform: platform))
        router.add(middleware: LoadSheddingMiddleware(limits: load, clock: platform.clock))
        router.get("healthz") { _, _ in
            try await platform.ping()
            return try JSONCoding.response(["status": "ok"])
        }
        router.get("ping") { _, _ in "pong" }
        router.get("metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                     body: .init(byteBuffer: ByteBuffer(bytes: Observability.registry.emitToBuffer())))
        }
        let api = router.group("api/v1")
        api.get("openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.data)))
        }
        // One function per capability, each in the capability's folder (the same name as in the use cases).
        addAccountRoutes(to: api)
        addSharingRoutes(to: api)
        addPersonalDataRoutes(to: api)
        addCaseRoutes(to: api)
        addOrganisationRoutes(to: api)
        addUserRoutes(to: api)
        addConfigRoutes(to: api)
        addDispatchRoutes(to: api)
        addKPIRoutes(to: api)
        addOpen311Routes(to: router)
        addOpenDataRoutes(to: router)
        addConsoleRoutes(to: router)
        addMapRoutes(to: api)
        addPoliceRoutes(to: api)
        addHotlineRoutes(to: api)
        addCameraRoutes(to: api)
        addHotspotRoutes(to: api)
        addCommitteeRoutes(to: api)
        addExportRoutes(to: api)
        addDutyRoutes(to: api)
        addSensingRoutes(to: router, api: api)
        addWarningRoutes(to: router, api: api)
        addVitalSignRoutes(api: api)
        addFloodRoutes(api: api)
        addInstructionRoutes(api: api)
        addStationRoutes(api: api)
        addBaseDataRoutes(api: api)
        addBuildingGroupRoutes(api: api)
        addSweepRoutes(api: api)
        addAdmissionRoutes(api: api)
        addMatterRoutes(api: api)
        addCommunityConsultationRoutes(api: api)
        addPropertyRoutes(api: api)
        addLedgerRoutes(api: api)
        addRegistrationRoutes(api: api)
        addVolunteerRoutes(api: api)
        addGroupNoticeRoutes(api: api)
        addStatusMapRoutes(api: api)
        addKeyPlaceRoutes(api: api)
        addWallGuideRoutes(api: api)
        addServiceRequestRoutes(api: api)
        addWhistleblowingRoutes(api: api)
        addHazardRoutes(api: api)
        return router
    }
}

/// Metrics for /metrics: one Prometheus registry, bootstrapped once per process.
public enum Observability {
    public static let registry = PrometheusCollectorRegistry()
    private static let bootstrapped = Mutex(false)

    /// Installs the Prometheus factory as the metrics backend (idempotent).
    public static func bootstrap() {
        bootstrapped.withLock { done in
            guard !done else { return }
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
            done = true
        }
    }
}

/// The OpenAPI 3.1 document served at /api/v1/openapi.json: Resources/openapi.json plus every fragment in
/// Resources/openapi/*.json (each a `{"paths": …, "components": {"schemas": …}}` object for one feature), merged.
public enum OpenAPIDocument {
    public static let data: Data = {
        guard let base = Bundle.module.url(forResource: "openapi", withExtension: "json", subdirectory: "Resources"),
              let baseData = try? Data(contentsOf: base),
              var document = (try? JSONSerialization.jsonObject(with: baseData)) as? [String: Any]
        else { return Data("{}".utf8) }
        let folder = base.deletingLastPathComponent().appendingPathComponent("openapi")
        let fragments = ((try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension == "json" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
        for url in fragments {
            guard let data = try? Data(contentsOf: url), let fragment = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
                continue
            }
            document["paths"] = merged(document["paths"], fragment["paths"])
            var components = document["components"] as? [String: Any] ?? [:]
            components["schemas"] = merged(components["schemas"], (fragment["components"] as? [String: Any])?["schemas"])
            document["components"] = components
        }
        document["components"] = withDomainEnums(document["components"] as? [String: Any] ?? [:])
        return (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])) ?? baseData
    }()

    /// The history's actions and the states come from the domain's own enums, so the document can never lag behind
    /// a new action or state (a response-schema check would fail on it).
    static func withDomainEnums(_ components: [String: Any]) -> [String: Any] {
        var components = components
        var schemas = components["schemas"] as? [String: Any] ?? [:]
        let actions = CaseAction.allCases.map(\.rawValue)
        let states = CaseState.allCases.map(\.rawValue)
        func patch(_ schema: String, _ property: String, _ values: [String]) {
            guard var object = schemas[schema] as? [String: Any], var properties = object["properties"] as? [String: Any],
                  var field = properties[property] as? [String: Any] else { return }
            field["enum"] = values
            properties[property] = field
            object["properties"] = properties
            schemas[schema] = object
        }
        patch("CaseEvent", "action", actions)
        patch("CaseEvent", "fromState", states)
        patch("CaseEvent", "toState", states)
        patch("Case", "state", states)
        components["schemas"] = schemas
        return components
    }

    private static func merged(_ base: Any?, _ addition: Any?) -> [String: Any] {
        var result = base as? [String: Any] ?? [:]
        for (key, value) in addition as? [String: Any] ?? [:] { result[key] = value }
        return result
    }
}
