public import ChengyunCore
public import Foundation

/// 存储 — the storage port in domain terms. SQLite implements it now, PostgreSQL later;
/// both must pass the same contract suite (Tests/ChengyunSQLiteTests/StoreContract.swift).
public typealias ChengyunStore = OrganisationStore & UserStore & AccountStore & AuditStore & ConfigStore & CaseStore & OutboxStore & FacilityStore & DutyStore & ExportStore & OpenDataStore & CaseAnalyticsStore & CaseMapStore

/// The organisation tree, departments and the geometry of areas.
public protocol OrganisationStore: Sendable {
    /// Creates a node under `parentID`; the kind must be the parent's child kind; codes are unique.
    func createNode(parentID: NodeID?, kind: OrgNode.Kind, variant: String?, code: String, name: String) async throws -> OrgNode
    /// Creates many nodes in one transaction, each parent before its children (demo city, grid import).
    func createNodes(_ drafts: [NodeDraft]) async throws -> [OrgNode]
    func node(_ id: NodeID) async throws -> OrgNode?
    func node(code: String) async throws -> OrgNode?
    /// Nodes in the subtree of `path` (including it), optionally of some kinds, ordered by path.
    func nodes(under path: String, kinds: Set<OrgNode.Kind>?, limit: Int?, offset: Int) async throws -> [OrgNode]
    func children(of id: NodeID?) async throws -> [OrgNode]
    func createDepartment(nodeID: NodeID, kind: String, code: String, name: String) async throws -> Department
    func department(_ id: DepartmentID) async throws -> Department?
    /// Every department, or those attached to nodes on or under `path`.
    func departments(under path: String?) async throws -> [Department]
    /// Sets (or replaces) the geometry of a node.
    func setAreas(_ areas: [(node: NodeID, area: Area)]) async throws
    func area(of node: NodeID) async throws -> Area?
    /// The geometry of every node of a kind, for building the spatial index.
    func areas(kind: OrgNode.Kind) async throws -> [(node: NodeID, area: Area)]
}

/// A node to create in bulk: `parentRef` refers to an existing node id or to an earlier draft by index.
public struct NodeDraft: Sendable, Hashable {
    public enum Parent: Sendable, Hashable { case none, existing(NodeID), draft(Int) }
    public var parent: Parent
    public var kind: OrgNode.Kind
    public var variant: String?
    public var code: String
    public var name: String
    public var area: Area?
    public init(parent: Parent, kind: OrgNode.Kind, variant: String? = nil, code: String, name: String, area: Area? = nil) {
        self.parent = parent
        self.kind = kind
        self.variant = variant
        self.code = code
        self.name = name
        self.area = area
    }
}

/// An assignment to create: role at a node, and the department for a handler.
public struct AssignmentDraft: Sendable, Hashable, Codable {
    public var role: Role
    public var nodeID: NodeID
    public var departmentID: DepartmentID?
    public init(role: Role, nodeID: NodeID, departmentID: DepartmentID? = nil) {
        self.role = role
        self.nodeID = nodeID
        self.departmentID = departmentID
    }
}

/// A new user with a password hash (bcrypt) already computed.
public struct UserDraft: Sendable, Hashable {
    public var username: String
    public var displayName: String
    public var phone: String?
    public var passwordHash: String
    public var assignments: [AssignmentDraft]
    /// The password is the demo password (only the demo generator sets this): `serve` refuses to listen beyond
    /// loopback while any such account is active.
    public var demoPassword: Bool
    public init(username: String, displayName: String, phone: String?, passwordHash: String, assignments: [AssignmentDraft], demoPassword: Bool = false) {
        self.username = username
        self.displayName = displayName
        self.phone = phone
        self.passwordHash = passwordHash
        self.assignments = assignments
        self.demoPassword = demoPassword
    }
}

/// An API key of an external system (12345 hotline, 110, sensors, video); only the key's hash is stored.
public struct APIKeyRecord: Sendable, Hashable, Codable {
    public var id: Int64
    public var name: String
    public var sources: Set<CaseSource>
    public var nodeID: NodeID
    public var nodePath: String
    public var active: Bool
    /// 共享条款 — the purpose, daily limit and end the key's data is shared under; nil before an admin sets them.
    public var terms: SharingTerms?
    public init(id: Int64, name: String, sources: Set<CaseSource>, nodeID: NodeID, nodePath: String, active: Bool) {
        self.id = id
        self.name = name
        self.sources = sources
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.active = active
    }
}

/// Users, sessions and API keys.
public protocol UserStore: Sendable {
    func createUser(_ draft: UserDraft) async throws -> User
    func createUsers(_ drafts: [UserDraft]) async throws -> [User]
    func user(_ id: UserID) async throws -> User?
    /// The user and their password hash, for sign-in.
    func credentials(username: String) async throws -> (user: User, passwordHash: String)?
    /// Users with an assignment on or under `path`.
    func users(under path: String, limit: Int, offset: Int) async throws -> [User]
    func setUserActive(_ id: UserID, active: Bool) async throws
    /// Changes a user's name and phone and, when given, replaces the roles and sets whether they may sign in, in one
    /// transaction; their sessions end when the roles change or they are disabled.
    func updateUser(_ id: UserID, displayName: String, phone: String?, assignments: [AssignmentDraft]?, active: Bool?) async throws -> User
    func createSession(tokenHash: String, userID: UserID, expiresAt: Date) async throws
    func deleteSession(tokenHash: String) async throws
    func createAPIKey(name: String, keyHash: String, sources: Set<CaseSource>, nodeID: NodeID) async throws -> APIKeyRecord
    func apiKey(keyHash: String) async throws -> APIKeyRecord?
}

/// Taxonomy, working calendar, dispatch rules and named settings.
public protocol ConfigStore: Sendable {
    func taxonomy() async throws -> Taxonomy?
    func saveTaxonomy(_ taxonomy: Taxonomy) async throws
    func calendar() async throws -> WorkingCalendar?
    func saveCalendar(_ calendar: WorkingCalendar) async throws
    func rules() async throws -> [DispatchRule]
    /// Creates a rule (the id given is ignored) and returns it with its id.
    func createRule(_ rule: DispatchRule) async throws -> DispatchRule
    func updateRule(_ rule: DispatchRule) async throws
    func deleteRule(_ id: RuleID) async throws
}

/// Filters for listing cases; every query carries the caller's data scope.
public struct CaseQuery: Sendable, Hashable {
    public var scope: CaseScope
    public var states: [CaseState]?
    public var categoryID: String?
    /// Only cases on or under this node path.
    public var nodePath: String?
    public var departmentID: DepartmentID?
    public var source: CaseSource?
    public var reporterID: UserID?
    /// Only cases this user reported or handles (a handler's "my cases").
    public var involving: UserID?
    public var reportedFrom: Date?
    public var reportedTo: Date?
    /// Only cases overdue at this instant.
    public var overdueAt: Date?
    /// Only cases whose open deadline falls before this instant (due soon or overdue).
    public var deadlineBefore: Date?
    /// Matches the number, description or address.
    public var text: String?
    public var limit: Int?
    public var offset: Int
    /// Keyset paging: only cases after this one in the list's order (newest report first).
    public var after: CaseCursor?

    public init(scope: CaseScope, states: [CaseState]? = nil, categoryID: String? = nil, nodePath: String? = nil, departmentID: DepartmentID? = nil,
                source: CaseSource? = nil, reporterID: UserID? = nil, reportedFrom: Date? = nil, reportedTo: Date? = nil, overdueAt: Date? = nil,
                deadlineBefore: Date? = nil, text: String? = nil, limit: Int? = 50, offset: Int = 0) {
        self.scope = scope
        self.states = states
        self.categoryID = categoryID
        self.nodePath = nodePath
        self.departmentID = departmentID
        self.source = source
        self.reporterID = reporterID
        self.reportedFrom = reportedFrom
        self.reportedTo = reportedTo
        self.overdueAt = overdueAt
        self.deadlineBefore = deadlineBefore
        self.text = text
        self.limit = limit
        self.offset = offset
    }
}

/// One page of cases, the cursor of the next page, and how many matched (counted up to `countLimit`).
public struct CasePage: Sendable, Hashable {
    public var items: [CaseRecord]
    /// How many cases matched; at most `countLimit`, so counting never reads a whole city's cases.
    public var total: Int
    /// More than `countLimit` matched: `total` is a lower bound ("10,000+").
    public var totalCapped: Bool
    /// Where the next page starts (nil on the last page).
    public var next: CaseCursor?
    /// Totals are counted up to this many.
    public static let countLimit = 10_000
    public init(items: [CaseRecord], total: Int, totalCapped: Bool = false, next: CaseCursor? = nil) {
        self.items = items
        self.total = total
        self.totalCapped = totalCapped
        self.next = next
    }
}

/// One decided step of a case to save: the new record, its history entry and its outbox messages.
public struct CaseStep: Sendable, Hashable {
    public var record: CaseRecord
    public var event: CaseEvent
    public var outbox: [OutboxMessage]
    public init(record: CaseRecord, event: CaseEvent, outbox: [OutboxMessage] = []) {
        self.record = record
        self.event = event
        self.outbox = outbox
    }
}

/// Cases, their history and attachments.
public protocol CaseStore: Sendable {
    /// Stores a new case with its first history entries and outbox messages, in one transaction; assigns id and
    /// number (`yyyyMMdd-NNNNNN`, local date). Returns only after the write is durable.
    func createCase(_ record: CaseRecord, events: [CaseEvent], outbox: [OutboxMessage]) async throws -> CaseRecord
    /// Saves a decided transition and its outbox messages if the stored version is still `record.version - 1`.
    /// - Throws: `DomainError` conflict `case.concurrent_change` when someone else changed the case first.
    func saveTransition(_ record: CaseRecord, event: CaseEvent, outbox: [OutboxMessage]) async throws -> CaseEvent
    /// Saves several steps of one case in one transaction (立案 and its automatic dispatch): all or none. Each step's
    /// record has the version after the one before it.
    /// - Throws: `DomainError` conflict `case.concurrent_change` when someone else changed the case first.
    func saveTransitions(_ steps: [CaseStep]) async throws -> [CaseEvent]
    func caseRecord(_ id: CaseID) async throws -> CaseRecord?
    func caseRecord(externalRef: String, source: CaseSource) async throws -> CaseRecord?
    func cases(_ query: CaseQuery) async throws -> CasePage
    /// The cases of a query without their child rows or personal fields (call-ins, consultations, reporter's name
    /// and phone are empty): for reads that need only a case's own columns over many cases (hotspots).
    func caseHeads(_ query: CaseQuery) async throws -> [CaseRecord]
    func events(of id: CaseID) async throws -> [CaseEvent]
    /// Open cases of a category inside a box reported since an instant (duplicate detection).
    func openCases(categoryID: String, in box: BoundingBox, since: Date) async throws -> [CaseRecord]
    /// Open, unsuspended cases whose deadline is before `now` (escalation candidates).
    func overdueCases(now: Date, limit: Int) async throws -> [CaseRecord]
    /// Stores an attachment unless it would take its uploader past `quota`: their bytes stored since `quota.since`
    /// are summed in the same transaction as the insert, so parallel uploads cannot slip past the limit together.
    /// - Throws: `UploadQuotaExceeded` when it would.
    func saveAttachment(caseID: CaseID, contentType: String, fileName: String, bytes: Data, by: UserID?, at: Date, quota: UploadQuota?) async throws -> Attachment
    func attachment(_ id: AttachmentID) async throws -> (meta: Attachment, bytes: Data)?
    func attachments(of id: CaseID) async throws -> [Attachment]
    /// Bulk import of finished histories (demo city): ids and numbers are assigned as in `createCase`.
    func importCases(_ cases: [(record: CaseRecord, events: [CaseEvent])]) async throws
    /// A cheap liveness probe of the database.
    func ping() async throws
}

extension CaseStore {
    public func createCase(_ record: CaseRecord, events: [CaseEvent]) async throws -> CaseRecord {
        try await createCase(record, events: events, outbox: [])
    }

    public func saveTransition(_ record: CaseRecord, event: CaseEvent) async throws -> CaseEvent {
        try await saveTransition(record, event: event, outbox: [])
    }

    public func saveAttachment(caseID: CaseID, contentType: String, fileName: String, bytes: Data, by: UserID?, at: Date) async throws -> Attachment {
        try await saveAttachment(caseID: caseID, contentType: contentType, fileName: fileName, bytes: bytes, by: by, at: at, quota: nil)
    }
}

/// A rolling limit on what one person uploads: at most `bytes` stored since `since`.
public struct UploadQuota: Sendable, Hashable {
    public var bytes: Int
    public var since: Date
    public init(bytes: Int, since: Date) {
        self.bytes = bytes
        self.since = since
    }
}

/// An attachment the store refused because it would take its uploader past their `UploadQuota`.
public struct UploadQuotaExceeded: Error, Sendable, Hashable {
    /// What the uploader stored in the quota's window already.
    public var usedBytes: Int
    /// When the oldest of those bytes was stored: the window frees them 24 hours later.
    public var oldestUpload: Date?
    public init(usedBytes: Int, oldestUpload: Date?) {
        self.usedBytes = usedBytes
        self.oldestUpload = oldestUpload
    }
}
