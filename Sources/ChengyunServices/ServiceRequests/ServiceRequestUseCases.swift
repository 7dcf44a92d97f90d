public import ChengyunCore
import ChengyunStore
import Foundation

/// 一网通办 — community-affairs requests tied to the resident on record (docs/SERVICE-REQUESTS.md): a verified resident
/// files one themselves (and may ask the committee to handle it for them); a station's worker files one for a resident
/// of their committee, or for anyone in the city who shows their ID card when the item is handled anywhere (全市通办),
/// and may handle it on the resident's behalf (代办) with their authorisation; the steps — accepted, forwarded to the
/// deciding department, done or returned — are taken on the version read, on the item's promised working days.
public struct ServiceRequestUseCases: UseCaseGroup {
    let store: any ServiceRequestStore & RegistrationStore & BaseDataStore & OrganisationStore & AuditStore & DocumentStore
    let shared: UseCaseContext

    /// A station's workers: file, accept, forward, complete, return.
    static let keepers: Set<Role> = [.communityWorker, .stationChief, .admin]
    /// Who reads an area's requests and counts.
    static let readers: Set<Role> = [.communityWorker, .stationChief, .admin, .dutyOfficer, .leader]
    public static let pageLimit = 50
}

public struct ServiceRequestInput: Sendable, Hashable, Codable {
    public var itemCode: String
    /// The committee whose station files it (a worker's own by default).
    public var nodeID: Int64?
    /// The resident, by id (a resident of the worker's own area) …
    public var residentID: Int64?
    /// … or by the ID number on the card they show (全市通办: a resident of anywhere in the city).
    public var idNumber: String?
    /// 代办 — handled on the resident's behalf.
    public var onBehalf: Bool?
    public var authorisation: ServiceRequest.Authorisation?
    public var detail: String?
    public var clientKey: String
}

public struct ServiceRequestMove: Sendable, Hashable, Codable {
    public var action: ServiceRequest.Action
    public var note: String?
    /// The version read.
    public var version: Int
}

/// 好差评 — the resident's rating of a closed request.
public struct ServiceRequestRatingInput: Sendable, Hashable, Codable {
    /// 1 非常不满意 … 5 非常满意.
    public var score: Int
    /// Why — required for a bad rating (1 or 2).
    public var comment: String?
    /// The version read.
    public var version: Int
}

/// 回访整改 — the station's answer to a bad rating: what it found and put right.
public struct ServiceRequestRectificationInput: Sendable, Hashable, Codable {
    public var note: String
    /// The version read.
    public var version: Int
}

/// A request as the API shows it: the item's name, the resident masked, the committees' names, its steps, overdue or not.
public struct ServiceRequestView: Sendable, Hashable, Codable {
    public var request: ServiceRequest
    public var itemName: String
    public var residentName: String
    public var nodeName: String
    public var filedAtName: String
    public var overdue: Bool
    public var steps: [ServiceRequestStep]?
    /// 申请材料 — the scans and photos filed with it, in the order filed (their bytes: `GET …/documents/{documentId}`).
    public var documents: [Document]
}

public struct ServiceRequestPage: Sendable, Hashable, Codable {
    public var requests: [ServiceRequestView]
    /// The next page's cursor (the last id).
    public var next: String?
}

extension ServiceRequestUseCases {
    /// The community-affairs catalogue.
    public func items() -> [ServiceItem] { ServiceItem.catalogue }

    func audit(_ action: String, target: String, _ identity: Identity, detail: String) async throws {
        try await store.appendAudit([AuditEntry(at: clock.now(), actorID: identity.userID, actor: identity.name, action: action, target: target, detail: detail)])
    }

    /// 申请 / 窗口受理 — files a request; the same key at the same committee is the same request.
    public func file(_ input: ServiceRequestInput, by identity: Identity) async throws -> (view: ServiceRequestView, created: Bool) {
        guard let item = ServiceItem.item(input.itemCode) else { throw ServiceRequestError.item }
        let key = input.clientKey.trimmingCharacters(in: .whitespaces)
        guard (8...64).contains(key.count) else { throw ServiceRequestError.clientKey }
        let detail = (input.detail ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        try InputLimits.check(detail, field: "detail", max: 500, multiline: true)
        let now = clock.now(), today = data.calendar.localDate(of: now)
        let resident: Resident, filedAt: OrgNode, applicant: UserID?, state: ServiceRequest.State
        var authorisation = input.authorisation
        if input.nodeID == nil, identity.paths(for: Self.keepers).isEmpty {
            // A resident for themselves: the resident on record the committee verified their registration as.
            guard let user = identity.userID, let id = try await store.verifiedResidentID(of: identity), let r = try await store.resident(id), r.movedOutOn == nil,
                  let home = try await store.node(r.nodeID) else {
                throw ServiceRequestError.notVerified
            }
            resident = r
            filedAt = home
            applicant = user
            state = .submitted
            // Asking the committee to handle it for them is their authorisation, given online.
            if input.onBehalf == true { authorisation = .online }
        } else {
            filedAt = try await store.areaNode(input.nodeID.map { NodeID($0) }, of: identity, roles: Self.keepers, to: "file community-affairs requests")
            guard filedAt.kind == .committee else { throw ServiceRequestError.level }
            resident = try await self.resident(input, identity)
            applicant = nil
            state = .accepted
            if input.onBehalf == true { guard let given = authorisation, given != .online else { throw ServiceRequestError.authorisation } }
        }
        if !item.anywhere {
            let street = OrgNode.Kind.street.depth
            guard OrgNode.ancestor(of: resident.nodePath, depth: street)?.id == OrgNode.ancestor(of: filedAt.path, depth: street)?.id else { throw ServiceRequestError.notAnywhere }
        }
        let onBehalf = input.onBehalf == true
        let request = ServiceRequest(
            id: ServiceRequestID(0), number: ServiceRequest.numberPrefix(day: today), itemCode: item.code, residentID: resident.id, nodeID: resident.nodeID,
            nodePath: resident.nodePath, filedAtID: filedAt.id, filedAtPath: filedAt.path, applicantUserID: applicant, onBehalf: onBehalf,
            authorisation: onBehalf ? authorisation : nil, detail: detail, state: state,
            dueOn: data.calendar.day(item.promisedDays, workingDaysAfter: today), filedAt: now, filedBy: identity.name, clientKey: key)
        let note = applicant != nil ? "居民线上申请" : onBehalf ? "窗口受理（代办）" : "窗口受理"
        let (stored, created) = try await store.fileServiceRequest(request, step: ServiceRequestStep(requestID: ServiceRequestID(0), seq: 1, action: .file, by: identity.name,
                                                                                                      at: now, note: note))
        if created {
            try await audit("service_request.filed", target: "service_request:\(stored.id)", identity,
                            detail: "\(item.code), resident \(resident.id)\(onBehalf ? ", on behalf (\(stored.authorisation?.rawValue ?? ""))" : "")")
        }
        return (try await views([stored], steps: true)[0], created)
    }

    /// The resident a worker names: by id within their own area, or by the ID number of the card shown (anywhere).
    func resident(_ input: ServiceRequestInput, _ identity: Identity) async throws -> Resident {
        if let raw = input.idNumber?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            let number = IDNumber.normalised(raw)
            if let problem = IDNumber.problem(number, today: data.calendar.localDate(of: clock.now())) { throw BaseDataError.idNumber(problem) }
            guard let r = try await store.resident(idNumber: number), r.movedOutOn == nil else { throw ServiceRequestError.resident }
            try await audit("resident.lookup", target: "resident:\(r.id)", identity, detail: "by ID number, for a community-affairs request")
            return r
        }
        guard let raw = input.residentID, let r = try await store.resident(ResidentID(raw)), r.movedOutOn == nil,
              identity.paths(for: Self.keepers).contains(where: { r.nodePath.hasPrefix($0) }) else {
            throw ServiceRequestError.resident
        }
        return r
    }

    /// Views of requests: item names, residents masked, committees named, steps — each read once for the page.
    func views(_ list: [ServiceRequest], steps withSteps: Bool) async throws -> [ServiceRequestView] {
        let people = Dictionary(try await store.residents(list.map(\.residentID)).map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let nodes = try await store.nodes(Set(list.flatMap { [$0.nodeID, $0.filedAtID] }))
        let steps = withSteps ? try await store.serviceRequestSteps(list.map(\.id)) : [:]
        let documents = try await store.documents(of: .serviceRequest, ids: list.map(\.id.rawValue))
        let today = data.calendar.localDate(of: clock.now())
        return list.map { r in
            ServiceRequestView(request: r, itemName: ServiceItem.item(r.itemCode)?.name ?? r.itemCode, residentName: Masking.name(people[r.residentID]) ?? "",
                               nodeName: nodes[r.nodeID]?.name ?? "", filedAtName: nodes[r.filedAtID]?.name ?? "",
                               overdue: r.state.isOpen && r.dueOn < today, steps: withSteps ? steps[r.id] ?? [] : nil,
                               documents: documents[r.id.rawValue] ?? [])
        }
    }

    /// A request its resident, a worker of the resident's or the filing committee's area, or the service centre of the
    /// filing station's street (`centre`) may see.
    func visible(_ id: ServiceRequestID, _ identity: Identity, roles: Set<Role>, centre: Bool = true) async throws -> ServiceRequest {
        guard let r = try await store.serviceRequest(id) else { throw ServiceRequestError.notFound(id) }
        let paths = identity.paths(for: roles)
        if paths.contains(where: { r.nodePath.hasPrefix($0) || r.filedAtPath.hasPrefix($0) }) { return r }
        if centre, try await centrePaths(identity).contains(where: { r.filedAtPath.hasPrefix($0) }) { return r }
        if roles == Self.readers, try await store.verifiedResidentID(of: identity) == r.residentID { return r }
        throw ServiceRequestError.notFound(id)
    }

    /// The streets whose 社区事务受理服务中心 the caller works for (a handler of a unit of that kind).
    func centrePaths(_ identity: Identity) async throws -> [String] {
        var out: [String] = []
        for (department, path) in identity.handlerDepartments where try await store.department(department)?.kind == DepartmentKinds.serviceCentre { out.append(path) }
        return out
    }

    public func request(_ id: ServiceRequestID, by identity: Identity) async throws -> ServiceRequestView {
        try await views([try await visible(id, identity, roles: Self.readers)], steps: true)[0]
    }

    /// 受理 / 转办 / 办结 / 退回 — a step on the version read; the street's service centre decides (办结) or returns a
    /// request forwarded to it, and takes no other step.
    public func move(_ id: ServiceRequestID, _ input: ServiceRequestMove, by identity: Identity) async throws -> ServiceRequestView {
        let r = try await visible(id, identity, roles: Self.keepers)
        let station = identity.paths(for: Self.keepers).contains { r.nodePath.hasPrefix($0) || r.filedAtPath.hasPrefix($0) }
        if !station, r.state != .forwarded || ![.complete, .return].contains(input.action) { throw ServiceRequestError.centreSteps }
        guard input.action != .file, let next = input.action.next(from: r.state) else { throw ServiceRequestError.state(input.action, r.state) }
        let note = (input.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if input.action == .return || input.action == .complete { guard !note.isEmpty else { throw ServiceRequestError.noteRequired } }
        guard note.count <= 200 else { throw ServiceRequestError.noteRequired }
        try InputLimits.check(note, field: "note", max: 200, multiline: true)
        let now = clock.now()
        var moved = r
        moved.state = next
        if next == .done || next == .returned { (moved.closedAt, moved.outcome) = (now, note) }
        guard let stored = try await store.moveServiceRequest(id, version: input.version, to: moved,
                                                              step: ServiceRequestStep(requestID: id, seq: 0, action: input.action, by: identity.name, at: now, note: note)) else {
            throw ServiceRequestError.changed
        }
        try await audit("service_request.\(input.action.rawValue)", target: "service_request:\(id)", identity, detail: "\(r.state.rawValue) → \(next.rawValue)")
        return try await views([stored], steps: true)[0]
    }

    /// 好差评 — the resident rates their closed request once (sent again the same, the same answer); a bad rating says
    /// why and is due an answer from the station within `Rating.rectifyDays` working days.
    public func rate(_ id: ServiceRequestID, _ input: ServiceRequestRatingInput, by identity: Identity) async throws -> ServiceRequestView {
        let r = try await visible(id, identity, roles: Self.readers)
        guard try await store.verifiedResidentID(of: identity) == r.residentID else { throw ServiceRequestError.notYours }
        let stored = try await applyRating(r, version: input.version, score: input.score, comment: input.comment, by: identity.name, actorID: identity.userID)
        return try await views([stored], steps: true)[0]
    }

    /// Rates `r` read at `version` (the resident's own, or by a rating code), once: the same rating again is the same
    /// answer; a bad one says why and is due an answer within `Rating.rectifyDays` working days. Audited as `by`.
    func applyRating(_ r: ServiceRequest, version: Int, score: Int, comment: String?, by name: String, actorID: UserID?, note: String? = nil) async throws -> ServiceRequest {
        guard ServiceRequest.Rating.scores.contains(score) else { throw ServiceRequestError.score }
        let comment = (comment ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        try InputLimits.check(comment, field: "comment", max: 200, multiline: true)
        if let held = r.rating {
            guard held.score == score, held.comment == comment else { throw ServiceRequestError.rated }
            return r
        }
        guard !r.state.isOpen else { throw ServiceRequestError.notClosed }
        let bad = score <= ServiceRequest.Rating.badAtMost
        if bad, comment.isEmpty { throw ServiceRequestError.commentRequired }
        let now = clock.now()
        var moved = r
        moved.rating = ServiceRequest.Rating(score: score, comment: comment, at: now,
                                             rectifyBy: bad ? data.calendar.day(ServiceRequest.Rating.rectifyDays, workingDaysAfter: data.calendar.localDate(of: now)) : nil)
        guard let stored = try await store.moveServiceRequest(r.id, version: version, to: moved,
                                                              step: ServiceRequestStep(requestID: r.id, seq: 0, action: .rate, by: name, at: now, note: comment)) else {
            throw ServiceRequestError.changed
        }
        try await store.appendAudit([AuditEntry(at: now, actorID: actorID, actor: name, action: "service_request.rate", target: "service_request:\(r.id)",
                                                detail: "score \(score)" + (note.map { ", \($0)" } ?? ""))])
        return stored
    }

    /// 回访整改 — a worker of the resident's or the filing committee answers a bad rating with what was put right, once.
    public func rectify(_ id: ServiceRequestID, _ input: ServiceRequestRectificationInput, by identity: Identity) async throws -> ServiceRequestView {
        let r = try await visible(id, identity, roles: Self.keepers, centre: false)
        let note = input.note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard var rating = r.rating, rating.isBad else { throw ServiceRequestError.notBad }
        if rating.rectifiedAt != nil {
            guard rating.rectification == note else { throw ServiceRequestError.notBad }
            return try await views([r], steps: true)[0]
        }
        guard !note.isEmpty, note.count <= 200 else { throw ServiceRequestError.noteRequired }
        try InputLimits.check(note, field: "note", max: 200, multiline: true)
        let now = clock.now()
        (rating.rectification, rating.rectifiedAt, rating.rectifiedBy) = (note, now, identity.name)
        var moved = r
        moved.rating = rating
        guard let stored = try await store.moveServiceRequest(id, version: input.version, to: moved,
                                                              step: ServiceRequestStep(requestID: id, seq: 0, action: .rectify, by: identity.name, at: now, note: note)) else {
            throw ServiceRequestError.changed
        }
        try await audit("service_request.rectify", target: "service_request:\(id)", identity, detail: "score \(rating.score)")
        return try await views([stored], steps: true)[0]
    }

    /// An area's requests (its residents' and those filed at its stations), newest first, a page at a time; with
    /// `badOpen`, the bad ratings not answered yet (差评待整改).
    public func list(nodeID: Int64?, state: ServiceRequest.State?, badOpen: Bool = false, cursor: String?, limit: Int, by identity: Identity) async throws -> ServiceRequestPage {
        let area = try await store.areaNode(nodeID.map { NodeID($0) }, of: identity, roles: Self.readers, to: "see community-affairs requests")
        var before: ServiceRequestID?
        if let cursor { guard let id = Int64(cursor), id > 0 else { throw ServiceRequestError.cursor }; before = ServiceRequestID(id) }
        let list = try await store.serviceRequests(under: area.path, state: state, badOpen: badOpen, before: before, limit: limit)
        return ServiceRequestPage(requests: try await views(list, steps: false), next: list.count == limit ? list.last.map { String($0.id.rawValue) } : nil)
    }

    /// 受理中心 — the requests forwarded to the caller's street service centre (filed at a station of its street) and not
    /// decided yet, newest first, a page at a time; with `raised`, instead the bad ratings its stations have not answered
    /// by the day they were due (差评逾期未整改, raised to the street).
    public func centre(cursor: String?, limit: Int, raised: Bool = false, by identity: Identity) async throws -> ServiceRequestPage {
        guard let street = try await centrePaths(identity).first else { throw ServiceRequestError.notCentre }
        var before: ServiceRequestID?
        if let cursor { guard let id = Int64(cursor), id > 0 else { throw ServiceRequestError.cursor }; before = ServiceRequestID(id) }
        // Those its street's stations filed, wherever the resident lives (全市通办), from an index of the forwarded (or of
        // the bad ratings not answered) alone.
        let list = raised
            ? try await store.badRatingsPastDay(filedUnder: street, today: data.calendar.localDate(of: clock.now()), before: before, limit: limit)
            : try await store.forwardedServiceRequests(filedUnder: street, before: before, limit: limit)
        return ServiceRequestPage(requests: try await views(list, steps: false), next: list.count == limit ? list.last.map { String($0.id.rawValue) } : nil)
    }

    /// A resident's own requests with their steps (the newest 20).
    public func mine(by identity: Identity) async throws -> [ServiceRequestView] {
        guard let resident = try await store.verifiedResidentID(of: identity) else { throw ServiceRequestError.notVerified }
        return try await views(try await store.serviceRequests(resident: resident, limit: 20), steps: true)
    }

    /// An area's counts: by state and item, handled on behalf, open past their day.
    public func counts(nodeID: Int64?, by identity: Identity) async throws -> ServiceRequestCounts {
        let area = try await store.areaNode(nodeID.map { NodeID($0) }, of: identity, roles: Self.readers, to: "see community-affairs counts")
        return try await store.serviceRequestCounts(under: area.path, today: data.calendar.localDate(of: clock.now()))
    }
}
