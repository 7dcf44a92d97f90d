public import ChengyunCore
import ChengyunStore
import Foundation

/// 上报 — what a reporter sends.
public struct ReportInput: Sendable, Hashable, Codable {
    public var source: CaseSource
    public var categoryID: String
    public var urgency: Urgency?
    public var description: String
    public var address: String?
    public var location: GeoPoint?
    /// Where the case lies when no location is given.
    public var nodeID: NodeID?
    /// The sending system's own id, e.g. the 12345 ticket number; unique per source.
    public var externalRef: String?
    public var reporterName: String?
    public var reporterPhone: String?
    /// 微单元自治 — a committee or station records a problem it handles itself (source `station`).
    public var selfHandle: Bool?
    /// The sending system's classification, e.g. the 110 call type.
    public var classification: String?
    /// 小区 — the residential compound the problem is in (a hotline operator or a resident names it); without it the
    /// compound is found from the location by its boundary.
    public var compoundID: CompoundID?

    public init(source: CaseSource, categoryID: String, urgency: Urgency? = nil, description: String, address: String? = nil, location: GeoPoint? = nil,
                nodeID: NodeID? = nil, externalRef: String? = nil, reporterName: String? = nil, reporterPhone: String? = nil,
                selfHandle: Bool? = nil, classification: String? = nil, compoundID: CompoundID? = nil) {
        self.source = source
        self.categoryID = categoryID
        self.urgency = urgency
        self.description = description
        self.address = address
        self.location = location
        self.nodeID = nodeID
        self.externalRef = externalRef
        self.reporterName = reporterName
        self.reporterPhone = reporterPhone
        self.selfHandle = selfHandle
        self.classification = classification
        self.compoundID = compoundID
    }
}

extension ReportInput {
    /// The report with its optional text trimmed (blank is absent) and every free-text field checked against
    /// `InputLimits`; the reporter's phone must be a phone number.
    /// - Throws: `DomainError` 400 `input.too_long`, `input.control_character` or `input.phone`, naming the field.
    public func checked() throws(DomainError) -> ReportInput {
        func trimmed(_ text: String?) -> String? {
            text.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        var input = self
        input.address = trimmed(address)
        input.reporterName = trimmed(reporterName)
        input.reporterPhone = trimmed(reporterPhone)
        try InputLimits.check(categoryID, field: "categoryId", max: InputLimits.code)
        try InputLimits.check(description, field: "description", max: InputLimits.description, multiline: true)
        try InputLimits.check(input.address, field: "address", max: InputLimits.address)
        try InputLimits.check(externalRef, field: "externalRef", max: InputLimits.code)
        try InputLimits.check(input.reporterName, field: "reporterName", max: InputLimits.name)
        try PhoneNumber.check(input.reporterPhone, field: "reporterPhone")
        try InputLimits.check(classification, field: "classification", max: InputLimits.label)
        return input
    }
}

extension CaseUseCases {
    /// 上报 — takes a report in: resolves its grid, checks who may report it, flags a duplicate, and for
    /// vetted sources accepts it and dispatches it by rule in the same transaction.
    public func report(_ raw: ReportInput, by identity: Identity) async throws -> CaseRecord {
        try await report(raw, by: identity, requestKey: nil).record
    }

    /// 上报 with the client's request key (`Idempotency-Key`): sent again — after a lost answer, a refused photo —
    /// it returns the case the first one created (`created` false) instead of a second case.
    public func report(_ raw: ReportInput, by identity: Identity, requestKey: String?) async throws -> (record: CaseRecord, created: Bool) {
        let now = clock.now()
        let key = try requestKey.map { try RequestKey(caller: identity, key: $0, at: now) }
        if let key, let id = try await store.caseID(for: key), let first = try await store.caseRecord(id) {
            return (first, false)
        }
        var input = try raw.checked()
        let data = self.data
        let category = try data.category(input.categoryID)
        let description = input.description.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !description.isEmpty else {
            throw CaseError.descriptionRequired
        }
        let compound = try await compound(of: &input)
        let (nodeID, nodePath): (NodeID, String)
        if let location = input.location {
            let grid = try data.grid(at: location)
            (nodeID, nodePath) = (grid.id, grid.path)
        } else if let id = input.nodeID {
            let node = try await store.requireNode(id)
            (nodeID, nodePath) = (node.id, node.path)
        } else {
            throw CaseError.locationRequired
        }
        guard CasePolicy.mayReport(source: input.source, identity: identity, at: nodePath) else {
            throw CaseError.sourceNotAllowed(input.source)
        }
        if let ref = input.externalRef {
            guard !ref.isEmpty else {
                throw CaseError.invalidExternalRef
            }
            if try await store.caseRecord(externalRef: ref, source: input.source) != nil {
                throw CaseError.duplicateExternalRef(ref, source: input.source)
            }
        }
        let urgency = input.urgency ?? category.urgency
        let station = data.stations.station(at: input.location, nodePath: nodePath)
        var record = CaseRecord(
            id: CaseID(0), number: "", source: input.source, externalRef: input.externalRef, categoryID: category.id, urgency: urgency,
            description: description, address: input.address, location: input.location, nodeID: nodeID, nodePath: nodePath,
            reporterID: identity.userID, reporterName: input.reporterName, reporterPhone: input.reporterPhone, reportedAt: now,
            deadlineHours: data.taxonomy.deadlineHours(for: category, urgency: urgency), hoursKind: category.hoursKind,
            receivedBy: Self.firstReceiver(identity, source: input.source, nodePath: nodePath, station: station))
        record.stationID = station
        var found = compound
        if found == nil { found = try await located(input.location, nodePath: nodePath) }
        if let found {
            guard nodePath.hasPrefix(found.nodePath) || found.nodePath.hasPrefix(nodePath) else { throw CaseError.compoundElsewhere }
            record.compoundID = found.id
            record.propertyCompanyID = found.managementMode == .propertyCompany ? found.propertyCompanyID : nil
        }
        if let classification = input.classification {
            guard !classification.isEmpty else {
                throw CaseError.invalidClassification
            }
            record.classification = classification
        }
        var detail: [String: String] = [:]
        if let location = input.location {
            let candidates = try await store.openCases(categoryID: category.id, in: settings.duplicates.searchBox(around: location), since: now.addingTimeInterval(-settings.duplicates.windowHours * 3600))
            if let original = settings.duplicates.duplicate(categoryID: category.id, location: location, reportedAt: now, among: candidates) {
                record.duplicateOfID = original.id
                detail["possibleDuplicateOf"] = original.number
            }
        }
        var events = [CaseEvent(
            caseID: record.id, action: .report, actorID: identity.userID, actorName: identity.name, at: now, note: nil,
            fromState: nil, toState: .reported, location: input.location, detail: detail)]
        if input.selfHandle == true {
            guard input.source == .station else {
                throw CaseError.selfHandleSource
            }
            for transition in try CaseMachine.openSelfHandled(record, caseContext(identity, data: data, now: now)) {
                record = transition.record
                events.append(transition.event)
            }
        } else if settings.autoAcceptSources.contains(input.source), record.duplicateOfID == nil {
            let accepted = try CaseMachine.decide(record, .accept(note: "自动立案（\(input.source.chineseName)）"), caseContext(.platform, data: data, now: now))
            record = accepted.record
            events.append(accepted.event)
            if let dispatched = try shared.dispatchByRule(record, data: data, now: now) {
                record = dispatched.record
                events.append(dispatched.event)
            }
        }
        let (stored, created) = try await store.createCase(record, events: events, outbox: try shared.outbox(for: record, after: events.last!), requestKey: key)
        if created { feed.publish(stored, events.map { var e = $0; e.caseID = stored.id; return e }) }
        return (stored, created)
    }

    /// The compound a report names, found; a report naming only the compound is placed at it.
    func compound(of input: inout ReportInput) async throws -> Compound? {
        guard let id = input.compoundID else { return nil }
        guard let compound = try await store.compound(id) else { throw CaseError.compoundNotFound }
        if input.location == nil, input.nodeID == nil {
            if let point = compound.location { input.location = point } else { input.nodeID = compound.nodeID }
        }
        if input.address == nil { input.address = [compound.name, compound.address].compactMap { $0 }.joined(separator: " ") }
        return compound
    }

    /// The compound whose boundary holds the point, among those of the committee the point's grid lies in.
    func located(_ point: GeoPoint?, nodePath: String) async throws -> Compound? {
        guard let point, let committee = OrgNode.ancestor(of: nodePath, depth: OrgNode.Kind.committee.depth) else { return nil }
        return try await store.boundedCompounds(under: committee.path).first { $0.area?.area.contains(point) == true }
    }

    /// 首问负责 — who first receives a report: the centre an external system reports to, the place's station for what a
    /// station found (its committee where no station serves it), the department for its own discovery, otherwise the
    /// street centre of the place.
    static func firstReceiver(_ identity: Identity, source: CaseSource, nodePath: String, station: StationID?) -> CaseOwner {
        if identity.isSystem, identity != .platform, let scope = identity.systemScopePath, let centre = OrgNode.ids(inPath: scope).last {
            return .node(centre)
        }
        if source == .station, let station { return .station(station) }
        if source == .station, let committee = OrgNode.ancestor(of: nodePath, depth: OrgNode.Kind.committee.depth) {
            return .node(committee.id)
        }
        if source == .department, let own = identity.handlerDepartments.first(where: { nodePath.hasPrefix($0.path) }) {
            return .department(own.department)
        }
        let depth = min(OrgNode.Kind.street.depth, max(OrgNode.ids(inPath: nodePath).count - 1, 0))
        return .node(OrgNode.ancestor(of: nodePath, depth: depth)?.id ?? NodeID(0))
    }
}

extension RequestKey {
    /// A caller's key as the API takes it: 1–100 visible ASCII characters (a UUID is usual).
    /// - Throws: `DomainError` 400 `request.idempotency_key` naming the header.
    init(caller identity: Identity, key: String, at: Date) throws(DomainError) {
        guard (1...100).contains(key.utf8.count), key.utf8.allSatisfy({ (0x21...0x7e).contains($0) }) else {
            throw DomainError.invalid("request.idempotency_key", "Idempotency-Key is 1 to 100 visible ASCII characters (a UUID is usual).", field: "Idempotency-Key")
        }
        let caller = identity.userID.map { "user:\($0.rawValue)" } ?? identity.systemKeyID.map { "apikey:\($0)" } ?? "system:\(identity.name)"
        self.init(caller: caller, key: key, at: at)
    }
}
