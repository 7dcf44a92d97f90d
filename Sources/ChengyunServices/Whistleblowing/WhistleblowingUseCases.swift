public import ChengyunCore
import ChengyunStore
public import Foundation

/// 吹哨人 (docs/WHISTLEBLOWING.md) — anyone reports a hazard, signed in or not, with their name or anonymously, and gets
/// a receipt code to follow it: the status, the handler's answer, the case it became, a reward, and a thread of
/// messages with the handler. The report goes to the designated handler of its district, or of the city when medical
/// staff skip levels on an urgent one; nobody else reads it, and who reported is read by that handler alone, every read
/// on the audit trail. Nothing that could name the reporter — their account, their address — is kept with an anonymous
/// report or on the audit trail of any report.
public struct WhistleblowingUseCases: UseCaseGroup {
    let store: any WhistleblowerStore & OrganisationStore & UserStore & AuditStore & CaseStore & HazardStore
    let shared: UseCaseContext
    let cases: CaseUseCases
    let limits: Limits

    public static let pageLimit = 50
    /// The messages a report's thread holds.
    static let messageLimit = 50

    /// Per address, in memory only: reports made in the last hour, and receipt codes that matched nothing.
    final class Limits: Sendable {
        let reports = RateWindows(limit: 10, windowSeconds: 3600)
        let wrongCodes = RateWindows(limit: 30, windowSeconds: 3600)
    }

    init(store: any WhistleblowerStore & OrganisationStore & UserStore & AuditStore & CaseStore & HazardStore, shared: UseCaseContext, cases: CaseUseCases) {
        self.store = store
        self.shared = shared
        self.cases = cases
        self.limits = Limits()
    }
}

/// A report as sent from the public page or the app.
public struct WhistleblowerReportInput: Sendable, Hashable, Codable {
    public var kind: HazardKind
    public var description: String
    public var unitName: String?
    /// The street (or committee) it is in, from `GET /whistleblower-reports/areas`.
    public var nodeID: Int64
    public var address: String
    /// The point, when the reporter gives one: its grid is where the report lies.
    public var lon: Double?
    public var lat: Double?
    public var reporterRole: WhistleblowerReport.ReporterRole
    /// Urgent — medical staff only: the report goes to the city, past the district.
    public var urgent: Bool?
    public var anonymous: Bool
    public var name: String?
    public var phone: String?
    /// The key that makes a retry the same report: 32 to 64 characters the client makes at random and keeps secret (a
    /// retry with it gets a new receipt code).
    public var clientKey: String

    public init(kind: HazardKind, description: String, unitName: String? = nil, nodeID: Int64, address: String, lon: Double? = nil, lat: Double? = nil,
                reporterRole: WhistleblowerReport.ReporterRole, urgent: Bool? = nil, anonymous: Bool, name: String? = nil, phone: String? = nil, clientKey: String) {
        self.kind = kind
        self.description = description
        self.unitName = unitName
        self.nodeID = nodeID
        self.address = address
        self.lon = lon
        self.lat = lat
        self.reporterRole = reporterRole
        self.urgent = urgent
        self.anonymous = anonymous
        self.name = name
        self.phone = phone
        self.clientKey = clientKey
    }
}

/// A street (or town) a report can be placed in, with its district: public names only.
public struct WhistleblowerArea: Sendable, Hashable, Codable {
    public var id: NodeID
    public var name: String
    public var district: String
}

/// What the receipt code shows its holder: what they reported, where it stands, the answer, the case, the reward and the
/// thread — never who handles it by name.
public struct WhistleblowerFollowUp: Sendable, Hashable, Codable {
    public var kind: HazardKind
    public var description: String
    public var unitName: String
    public var address: String
    public var areaName: String
    public var status: WhistleblowerReport.Status
    public var reply: String
    public var createdAt: Date
    public var decidedAt: Date?
    public var levelSkipped: Bool
    public var anonymous: Bool
    public var reward: WhistleblowerReport.Reward?
    public var caseNumber: String?
    public var caseState: CaseState?
    /// The hazard it became in the register, and where its close-out stands.
    public var hazardNumber: String?
    public var hazardState: Hazard.State?
    public var messages: [WhistleblowerMessage]
}

/// The answer to a new report: the receipt code — shown once; only its hash is kept — and what it shows.
public struct WhistleblowerReceipt: Sendable, Hashable, Codable {
    public var code: String
    public var followUp: WhistleblowerFollowUp
}

public struct WhistleblowerMessageInput: Sendable, Hashable, Codable {
    public var text: String
}

extension WhistleblowingUseCases {
    func audit(_ action: String, target: String, actorID: UserID?, actor: String, detail: String) async throws {
        try await store.appendAudit([AuditEntry(at: clock.now(), actorID: actorID, actor: actor, action: action, target: target, detail: detail)])
    }

    /// The streets and towns of the city by district: what the public page offers to place a report.
    public func areas() async throws -> [WhistleblowerArea] {
        let nodes = try await store.nodes(under: "/", kinds: [.district, .street], limit: nil, offset: 0)
        let districts = Dictionary(nodes.filter { $0.kind == .district }.map { ($0.path, $0.name) }, uniquingKeysWith: { a, _ in a })
        return nodes.filter { $0.kind == .street }.map { s in
            WhistleblowerArea(id: s.id, name: s.name, district: OrgNode.ancestor(of: s.path, depth: OrgNode.Kind.district.depth).flatMap { districts[$0.path] } ?? "")
        }
    }

    /// 吹哨 — takes a report in and gives its receipt code. The same client key is the same report (created false), with
    /// a new code: only a client that never got the first answer sends it again.
    public func report(_ input: WhistleblowerReportInput, from caller: Caller) async throws -> (receipt: WhistleblowerReceipt, created: Bool) {
        let now = clock.now(), address = caller.address ?? "unknown"
        if let wait = limits.reports.blocked(address, now: now) { throw WhistleblowingError.tooMany(retryAfterSeconds: wait) }
        let key = input.clientKey.trimmingCharacters(in: .whitespaces)
        guard (32...64).contains(key.count) else { throw WhistleblowingError.clientKey }
        let description = input.description.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (10...1000).contains(description.count) else { throw WhistleblowingError.description }
        try InputLimits.check(description, field: "description", max: 1000, multiline: true)
        let place = input.address.trimmingCharacters(in: .whitespaces)
        guard (1...100).contains(place.count) else { throw WhistleblowingError.address }
        try InputLimits.check(place, field: "address", max: 100)
        let unit = (input.unitName ?? "").trimmingCharacters(in: .whitespaces)
        try InputLimits.check(unit, field: "unitName", max: InputLimits.label)
        guard let area = try await store.node(NodeID(input.nodeID)), area.kind >= .street else { throw WhistleblowingError.area }
        var (nodeID, nodePath, location) = (area.id, area.path, GeoPoint?.none)
        if let lon = input.lon, let lat = input.lat {
            let point = GeoPoint(lon: lon, lat: lat)
            let grid = try data.grid(at: point)
            (nodeID, nodePath, location) = (grid.id, grid.path, point)
        }
        let urgent = input.urgent ?? false
        if urgent, input.reporterRole != .medicalStaff { throw WhistleblowingError.urgent }
        var reporter: WhistleblowerReport.Reporter?
        if !input.anonymous {
            let name = (input.name ?? "").trimmingCharacters(in: .whitespaces), phone = (input.phone ?? "").trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, !phone.isEmpty else { throw WhistleblowingError.reporter }
            try InputLimits.check(name, field: "name", max: InputLimits.name)
            try PhoneNumber.check(phone, field: "phone")
            reporter = .init(name: name, phone: phone)
        }
        let route = WhistleblowerReport.route(nodePath: nodePath, role: input.reporterRole, urgent: urgent)
        let report = WhistleblowerReport(id: WhistleblowerReportID(0), kind: input.kind, description: description, unitName: unit, nodeID: nodeID, nodePath: nodePath,
                                         address: place, location: location, routedPath: route.path, reporterRole: input.reporterRole, urgent: urgent,
                                         levelSkipped: route.levelSkipped, anonymous: input.anonymous, reporter: reporter, createdAt: now)
        let code = OneOffCode.random(length: WhistleblowerReport.receiptLength)
        let (stored, created) = try await store.createWhistleblowerReport(report, receiptHash: Secrets.secretHash(code), clientKeyHash: Secrets.secretHash("whistleblower:" + key))
        // A retry counts too: a key tried again and again is held to the same limit.
        limits.reports.hit(address, now: now)
        if created {
            // Who reported is not on the trail: no account, no address, no name.
            try await audit("whistleblower_report.create", target: "whistleblower_report:\(stored.id)", actorID: nil, actor: "举报人",
                            detail: "\(stored.kind.chineseName)\(stored.levelSkipped ? "，越级报告至市级" : "")")
        }
        return (WhistleblowerReceipt(code: code, followUp: try await followUp(stored)), created)
    }

    /// The report a receipt code names; codes that match nothing are counted per address (a guesser is stopped).
    func byReceipt(_ text: String, from caller: Caller) async throws -> WhistleblowerReport {
        let now = clock.now(), address = caller.address ?? "unknown"
        if let wait = limits.wrongCodes.blocked(address, now: now) { throw WhistleblowingError.tooMany(retryAfterSeconds: wait) }
        guard let code = OneOffCode.normalised(text, length: WhistleblowerReport.receiptLength),
              let report = try await store.whistleblowerReport(receiptHash: Secrets.secretHash(code)) else {
            limits.wrongCodes.hit(address, now: now)
            throw WhistleblowingError.receipt
        }
        return report
    }

    /// What the receipt code shows.
    public func followUp(code: String, from caller: Caller) async throws -> WhistleblowerFollowUp {
        try await followUp(try await byReceipt(code, from: caller))
    }

    /// 补充 — the reporter adds to their report (more detail, an answer to the handler's question) by its receipt code.
    public func supplement(code: String, _ input: WhistleblowerMessageInput, from caller: Caller) async throws -> WhistleblowerFollowUp {
        let report = try await byReceipt(code, from: caller)
        try await addMessage(to: report, from: .reporter, input.text)
        return try await followUp(report)
    }

    func addMessage(to report: WhistleblowerReport, from: WhistleblowerMessage.From, _ raw: String) async throws {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...500).contains(text.count) else { throw WhistleblowingError.message }
        try InputLimits.check(text, field: "text", max: 500, multiline: true)
        guard try await store.addWhistleblowerMessage(WhistleblowerMessage(reportID: report.id, from: from, text: text, at: clock.now()), limit: Self.messageLimit) else {
            throw WhistleblowingError.messages
        }
    }

    func followUp(_ r: WhistleblowerReport) async throws -> WhistleblowerFollowUp {
        let area = try await store.node(r.nodeID)
        let record = try await r.caseID.asyncMap { try await store.caseRecord($0) } ?? nil
        let hazard = try await r.hazardID.asyncMap { try await store.hazard($0) } ?? nil
        return WhistleblowerFollowUp(kind: r.kind, description: r.description, unitName: r.unitName, address: r.address, areaName: area?.name ?? "", status: r.status,
                                     reply: r.reply, createdAt: r.createdAt, decidedAt: r.decidedAt, levelSkipped: r.levelSkipped, anonymous: r.anonymous, reward: r.reward,
                                     caseNumber: record?.number, caseState: record?.state, hazardNumber: hazard?.number, hazardState: hazard?.state,
                                     messages: try await store.whistleblowerMessages(r.id))
    }
}
