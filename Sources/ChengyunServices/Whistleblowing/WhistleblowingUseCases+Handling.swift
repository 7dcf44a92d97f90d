public import ChengyunCore
import ChengyunStore
public import Foundation

/// A report as its designated handler sees it: without who reported (read apart, `reporter`), with where it lies, the
/// case it became and the thread.
public struct WhistleblowerReportView: Sendable, Hashable, Codable {
    public var report: WhistleblowerReport
    public var areaName: String
    public var routedName: String
    public var caseNumber: String?
    public var caseState: CaseState?
    public var hazardNumber: String?
    public var hazardState: Hazard.State?
    public var messages: [WhistleblowerMessage]?
}

public struct WhistleblowerReportPage: Sendable, Hashable, Codable {
    public var reports: [WhistleblowerReportView]
    public var next: String?
}

/// The handler's step: start verifying, confirm (with the case the hazard becomes, when it needs work), or find it not
/// confirmed; the reply is what the reporter reads.
public struct WhistleblowerStep: Sendable, Hashable, Codable {
    public enum Action: String, Sendable, Hashable, Codable {
        case verify, confirm, dismiss
    }
    public var action: Action
    public var reply: String?
    /// The case category, when a confirmed hazard goes to the case loop.
    public var categoryID: String?
    /// What the case says (the handler leaves out whatever could point to the reporter); the report's text by default.
    public var caseDescription: String?
    /// 记入隐患台账 — a confirmed hazard also recorded in the register, to be rectified, rechecked and closed out, of this
    /// severity (general by default).
    public var recordHazard: Bool?
    public var severity: Hazard.Severity?
    /// The version read.
    public var version: Int

    public init(action: Action, reply: String? = nil, categoryID: String? = nil, caseDescription: String? = nil, recordHazard: Bool? = nil, severity: Hazard.Severity? = nil,
                version: Int) {
        self.action = action
        self.reply = reply
        self.categoryID = categoryID
        self.caseDescription = caseDescription
        self.recordHazard = recordHazard
        self.severity = severity
        self.version = version
    }
}

public struct WhistleblowerRewardInput: Sendable, Hashable, Codable {
    public var yuan: Int
    public var note: String?
    public var version: Int

    public init(yuan: Int, note: String? = nil, version: Int) {
        self.yuan = yuan
        self.note = note
        self.version = version
    }
}

/// A district's (or the city's) designation as an administrator sees it, with the reports waiting there.
public struct WhistleblowerHandlerView: Sendable, Hashable, Codable {
    public var nodeID: NodeID
    public var nodeName: String
    public var kind: OrgNode.Kind
    public var userID: UserID?
    public var userName: String?
    public var designatedBy: String?
    public var designatedAt: Date?
    public var open: Int
    /// Whom an administrator may designate here from the list: the active staff assigned at the node itself.
    public var candidates: [Candidate]

    public struct Candidate: Sendable, Hashable, Codable {
        public var id: UserID
        public var name: String
    }
}

public struct WhistleblowerHandlerInput: Sendable, Hashable, Codable {
    /// Nil ends the designation.
    public var userID: Int64?
}

extension WhistleblowingUseCases {
    /// The paths (districts, the city) the caller is the designated handler of.
    public func handledPaths(by identity: Identity) async throws -> [String] {
        guard let user = identity.userID else { return [] }
        // Only while they still hold a staff assignment at or above it: a handler moved elsewhere reads nothing there.
        return try await store.whistleblowerHandlers().filter { $0.userID == user }.map(\.nodePath)
            .filter { path in identity.assignments.contains { !Self.notHandlers.contains($0.role) && path.hasPrefix($0.nodePath) } }
    }

    /// A report the caller handles: its designated handler, nobody else.
    func handled(_ id: WhistleblowerReportID, by identity: Identity) async throws -> WhistleblowerReport {
        let paths = try await handledPaths(by: identity)
        guard !paths.isEmpty else { throw WhistleblowingError.notHandler }
        guard let r = try await store.whistleblowerReport(id), paths.contains(r.routedPath) else { throw WhistleblowingError.notFound(id) }
        return r
    }

    /// Reports as their handler sees them, without who reported: the places' names read once for them all; one report
    /// (`detail`) with its case's and hazard's states and its thread, a page without.
    func views(_ reports: [WhistleblowerReport], detail: Bool) async throws -> [WhistleblowerReportView] {
        let nodes = try await store.nodes(Set(reports.flatMap { [$0.nodeID] + (OrgNode.lastID(inPath: $0.routedPath).map { [$0] } ?? []) }))
        var out: [WhistleblowerReportView] = []
        for r in reports {
            var shown = r
            shown.reporter = nil
            let record = detail ? try await r.caseID.asyncMap { try await store.caseRecord($0) } ?? nil : nil
            let hazard = detail ? try await r.hazardID.asyncMap { try await store.hazard($0) } ?? nil : nil
            out.append(WhistleblowerReportView(report: shown, areaName: nodes[r.nodeID]?.name ?? "",
                                               routedName: OrgNode.lastID(inPath: r.routedPath).flatMap { nodes[$0]?.name } ?? "",
                                               caseNumber: record?.number, caseState: record?.state, hazardNumber: hazard?.number, hazardState: hazard?.state,
                                               messages: detail ? try await store.whistleblowerMessages(r.id) : nil))
        }
        return out
    }

    func view(_ r: WhistleblowerReport) async throws -> WhistleblowerReportView { try await views([r], detail: true)[0] }

    /// The reports the caller handles, newest first, a page at a time.
    public func list(status: WhistleblowerReport.Status?, cursor: String?, limit: Int, by identity: Identity) async throws -> WhistleblowerReportPage {
        let paths = try await handledPaths(by: identity)
        guard !paths.isEmpty else { throw WhistleblowingError.notHandler }
        var before: WhistleblowerReportID?
        if let cursor { guard let id = Int64(cursor), id > 0 else { throw WhistleblowingError.cursor }; before = WhistleblowerReportID(id) }
        let found = try await store.whistleblowerReports(routedTo: paths, status: status, before: before, limit: limit)
        return WhistleblowerReportPage(reports: try await views(found, detail: false), next: found.count == limit ? found.last.map { String($0.id.rawValue) } : nil)
    }

    public func report(_ id: WhistleblowerReportID, by identity: Identity) async throws -> WhistleblowerReportView {
        try await view(try await handled(id, by: identity))
    }

    /// 举报人身份 — who reported a named report, to its designated handler alone; every read on the audit trail.
    public func reporter(of id: WhistleblowerReportID, by identity: Identity) async throws -> WhistleblowerReport.Reporter {
        let r = try await handled(id, by: identity)
        guard let reporter = r.reporter else { throw WhistleblowingError.anonymous }
        try await audit("whistleblower_report.reporter_read", target: "whistleblower_report:\(id)", actorID: identity.userID, actor: identity.name,
                        detail: "指定受理人查看举报人身份")
        return reporter
    }

    /// 核查 / 属实 / 未查实 — the handler's step on the version read. A confirmed hazard that needs work becomes a case of the
    /// case loop (source 吹哨人, no reporter on it), made once however often the step is sent.
    public func move(_ id: WhistleblowerReportID, _ step: WhistleblowerStep, by identity: Identity) async throws -> WhistleblowerReportView {
        var r = try await handled(id, by: identity)
        guard r.version == step.version else { throw WhistleblowingError.version }
        let now = clock.now(), reply = (step.reply ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        switch step.action {
        case .verify:
            guard r.status == .received else { throw WhistleblowingError.action }
            r.status = .verifying
        case .confirm, .dismiss:
            guard !r.status.isFinal else { throw WhistleblowingError.action }
            guard (1...500).contains(reply.count) else { throw WhistleblowingError.reply }
            try InputLimits.check(reply, field: "reply", max: 500, multiline: true)
            (r.status, r.reply, r.decidedAt) = (step.action == .confirm ? .confirmed : .unfounded, reply, now)
        }
        // The decision is saved first: a step that loses the race to another makes no case and no hazard.
        guard var saved = try await store.saveWhistleblowerReport(r, readVersion: step.version) else { throw WhistleblowingError.version }
        if step.action == .confirm, step.categoryID != nil || step.recordHazard == true {
            var linked = saved
            if let category = step.categoryID { linked.caseID = try await caseFor(saved, category: category, description: step.caseDescription) }
            if step.recordHazard == true {
                linked.hazardID = try await hazardFor(saved, severity: step.severity ?? .general, description: step.caseDescription, by: identity, now: now)
            }
            // Linked on the version just saved; if a reward came in between, on the report as it is now.
            if let done = try await store.saveWhistleblowerReport(linked, readVersion: saved.version) {
                saved = done
            } else if var again = try await store.whistleblowerReport(id) {
                (again.caseID, again.hazardID) = (linked.caseID, linked.hazardID)
                saved = try await store.saveWhistleblowerReport(again, readVersion: again.version) ?? again
            }
        }
        let made = [saved.caseID.map { "转为案件 \($0)" }, saved.hazardID.map { "记入隐患 \($0)" }].compactMap { $0 }.joined(separator: "，")
        try await audit("whistleblower_report.\(step.action.rawValue)", target: "whistleblower_report:\(id)", actorID: identity.userID, actor: identity.name, detail: made)
        return try await view(saved)
    }

    /// What a case or hazard made from a report says: the handler's words, or — never the reporter's own, which could
    /// name them — the kind and the address.
    static func handed(_ r: WhistleblowerReport, _ description: String?) -> String {
        let text = (description ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "\(r.address)：经核查存在\(r.kind.chineseName)隐患，请核查处置。" : text
    }

    func caseFor(_ r: WhistleblowerReport, category: String, description: String?) async throws -> CaseID {
        let ref = "whistleblower-\(r.id.rawValue)"
        if let made = try await store.caseRecord(externalRef: ref, source: .whistleblower) { return made.id }
        let input = ReportInput(source: .whistleblower, categoryID: category, description: "【吹哨人举报·\(r.kind.chineseName)】" + Self.handed(r, description),
                                address: r.address, location: r.location, nodeID: r.location == nil ? r.nodeID : nil, externalRef: ref)
        return try await cases.report(input, by: .platform).id
    }

    /// 记入隐患台账 — the confirmed hazard in the register (origin whistleblower), at the report's place, the unit named
    /// in it responsible (or 待查明), due in the severity's working days; made once however often the step is sent.
    func hazardFor(_ r: WhistleblowerReport, severity: Hazard.Severity, description: String?, by identity: Identity, now: Date) async throws -> HazardID {
        let today = data.calendar.localDate(of: now)
        let hazard = Hazard(id: HazardID(0), number: "", origin: .whistleblower, inspectionID: nil, kind: r.kind, severity: severity,
                            description: String(Self.handed(r, description).prefix(500)), nodeID: r.nodeID, nodePath: r.nodePath, keyPlaceID: nil,
                            location: r.location, responsibleUnit: r.unitName.isEmpty ? "待查明" : r.unitName, foundOn: today,
                            rectifyBy: data.calendar.day(severity.workingDays, workingDaysAfter: today), createdAt: now)
        return try await store.createHazard(hazard, by: identity.name, reference: "whistleblower-\(r.id.rawValue)").hazard.id
    }

    /// 奖励 — a confirmed report rewarded, once; an anonymous reporter claims it with the receipt code.
    public func reward(_ id: WhistleblowerReportID, _ input: WhistleblowerRewardInput, by identity: Identity) async throws -> WhistleblowerReportView {
        var r = try await handled(id, by: identity)
        guard r.version == input.version else { throw WhistleblowingError.version }
        guard r.status == .confirmed, r.reward == nil else { throw WhistleblowingError.reward }
        guard (1...1_000_000).contains(input.yuan) else { throw WhistleblowingError.rewardAmount }
        let note = (input.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        try InputLimits.check(note, field: "note", max: 200, multiline: true)
        r.reward = .init(yuan: input.yuan, note: note, at: clock.now())
        guard let saved = try await store.saveWhistleblowerReport(r, readVersion: input.version) else { throw WhistleblowingError.version }
        try await audit("whistleblower_report.reward", target: "whistleblower_report:\(id)", actorID: identity.userID, actor: identity.name, detail: "\(input.yuan) 元")
        return try await view(saved)
    }

    /// The handler writes to the reporter (a question, what is being done); they read it by the receipt code.
    public func message(_ id: WhistleblowerReportID, _ input: WhistleblowerMessageInput, by identity: Identity) async throws -> WhistleblowerReportView {
        let r = try await handled(id, by: identity)
        try await addMessage(to: r, from: .handler, input.text)
        return try await view(r)
    }
}

extension WhistleblowingUseCases {
    static let designators: Set<Role> = [.admin]
    /// Roles that do not make a handler.
    static let notHandlers: Set<Role> = [.resident, .auditor]
    static let designationReaders: Set<Role> = [.admin, .auditor]

    /// The city and the districts in the caller's scope, each with its designated handler (or none) and the reports
    /// waiting there.
    public func handlers(by identity: Identity) async throws -> [WhistleblowerHandlerView] {
        let scopes = identity.paths(for: Self.designationReaders)
        guard !scopes.isEmpty else { throw AccessError.roleRequired(Self.designationReaders, to: "read the whistle-blower handlers") }
        var nodes: [OrgNode] = []
        for scope in scopes { nodes += try await store.nodes(under: scope, kinds: [.city, .district], limit: nil, offset: 0) }
        nodes = Array(Dictionary(nodes.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }).values).sorted { $0.path < $1.path }
        let designations = Dictionary(try await store.whistleblowerHandlers().map { ($0.nodeID, $0) }, uniquingKeysWith: { a, _ in a })
        let open = try await store.openWhistleblowerReports(routedTo: nodes.map(\.path))
        var views: [WhistleblowerHandlerView] = []
        for node in nodes {
            let d = designations[node.id]
            let user = try await d.asyncMap { try await store.user($0.userID) } ?? nil
            let staff = try await store.staff(at: node.id, limit: 50).filter { u in u.assignments.contains { $0.nodeID == node.id && $0.role != .auditor } }
            views.append(WhistleblowerHandlerView(nodeID: node.id, nodeName: node.name, kind: node.kind, userID: d?.userID, userName: user?.displayName,
                                                  designatedBy: d?.designatedBy, designatedAt: d?.designatedAt, open: open[node.path] ?? 0,
                                                  candidates: staff.map { .init(id: $0.id, name: $0.displayName) }))
        }
        return views
    }

    /// 指定受理人 — an administrator of the district (or the city) designates the one staff member who takes its reports;
    /// a new designation moves every report there, waiting or decided, to the new handler.
    public func designate(node id: NodeID, _ input: WhistleblowerHandlerInput, by identity: Identity) async throws -> [WhistleblowerHandlerView] {
        guard let node = try await store.node(id), identity.paths(for: Self.designators).contains(where: { node.path.hasPrefix($0) }) else {
            throw WhistleblowingError.notDesignator
        }
        guard node.kind == .city || node.kind == .district else { throw WhistleblowingError.level }
        var handler: WhistleblowerHandler?
        if let userID = input.userID.map({ UserID($0) }) {
            guard let user = try await store.user(userID), user.active,
                  user.assignments.contains(where: { !Self.notHandlers.contains($0.role) && node.path.hasPrefix($0.nodePath) }) else {
                throw WhistleblowingError.handler
            }
            // The one who designates does not read the reports: nobody gives themselves the reporters' names.
            guard user.id != identity.userID else { throw WhistleblowingError.selfDesignation }
            handler = WhistleblowerHandler(nodeID: node.id, nodePath: node.path, userID: user.id, designatedBy: identity.name, designatedAt: clock.now())
        }
        try await store.designateWhistleblowerHandler(node: node.id, handler)
        try await audit("whistleblower_handler.designate", target: "org_node:\(node.id)", actorID: identity.userID, actor: identity.name,
                        detail: handler.map { "用户 \($0.userID)" } ?? "取消指定")
        return try await handlers(by: identity)
    }
}
