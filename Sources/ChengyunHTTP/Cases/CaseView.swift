import ChengyunCore
import ChengyunServices
import ChengyunStore
import Foundation

/// A case as the API shows it: personal data masked, deadline status and the actions the caller may take now.
struct CaseView: Codable {
    var id: CaseID
    var number: String
    var source: CaseSource
    var externalRef: String?
    var categoryID: String
    var categoryName: String?
    var urgency: Urgency
    var description: String
    var address: String?
    var location: GeoPoint?
    var nodeID: NodeID
    /// 联勤联动站 — the station whose coverage holds the place.
    var stationID: StationID?
    /// 小区 — the compound the place lies in, and the property company serving it then.
    var compoundID: CompoundID?
    var propertyCompanyID: PropertyCompanyID?
    var state: CaseState
    var reporterID: UserID?
    var reporterName: String?
    var reporterPhone: String?
    var leadDepartmentID: DepartmentID?
    var coHandlerIDs: [DepartmentID]
    var calledInIDs: [DepartmentID]
    /// 吹哨约请 — each called-in department's task.
    var callIns: [CallIn]
    /// 首问负责 — who owns the case now, and who first received it.
    var owner: CaseOwner
    var receivedBy: CaseOwner
    var selfHandled: Bool
    /// 三级联动 — the level, the requests and the consultations with their tasks.
    var linkage: Linkage?
    var arbitrationPending: Bool
    var dispatchBinding: Bool
    var classification: String?
    /// 答复 — the answer given to the caller.
    var answer: String?
    var handlerName: String?
    var reportedAt: Date
    var acceptedAt: Date?
    var dispatchedAt: Date?
    var handledAt: Date?
    var closedAt: Date?
    var deadline: Date?
    var hoursKind: HoursKind
    var overdue: Bool
    var dueSoon: Bool
    var suspended: Bool
    /// 挂账: parked until this review date (local midnight); a parked case is suspended.
    var parkedUntil: Date?
    /// 挂账: the review date as the local day it was given (the platform's calendar, whatever the reader's time zone).
    var reviewOn: LocalDate?
    var pendingExtensionHours: Double?
    var supervised: Bool
    var escalationLevel: Int
    var escalatedToNodeID: NodeID?
    var returnCount: Int
    var reworkCount: Int
    var rating: Int?
    var mergedIntoID: CaseID?
    var duplicateOfID: CaseID?
    var version: Int
    var availableActions: [CaseAction]?
    /// The departments those actions may name (派遣, 吹哨约请, 仲裁, 会商任务): only those serving the case's area, the
    /// one its dispatch rule names first; absent when the caller may take none of them.
    var departmentChoices: [DepartmentChoice]?
    /// Where the case lies by name (district, street, committee, grid): on a single case read only.
    var place: [PlaceName]?

    init(_ r: CaseRecord, data: ReferenceData, now: Date, dueSoonHours: Double, identity: Identity?) {
        id = r.id
        number = r.number
        source = r.source
        externalRef = r.externalRef
        categoryID = r.categoryID
        categoryName = try? data.category(r.categoryID).name
        urgency = r.urgency
        description = r.description
        address = r.address
        location = r.location
        nodeID = r.nodeID
        stationID = r.stationID
        compoundID = r.compoundID
        propertyCompanyID = r.propertyCompanyID
        state = r.state
        reporterID = r.reporterID
        reporterName = Masking.name(r.reporterName)
        reporterPhone = Masking.phone(r.reporterPhone)
        leadDepartmentID = r.leadDepartmentID
        coHandlerIDs = r.coHandlerIDs
        calledInIDs = r.calledInIDs
        callIns = r.callIns
        owner = r.owner
        receivedBy = r.receivedBy
        selfHandled = r.selfHandled
        linkage = r.linkage
        arbitrationPending = r.arbitrationPending
        dispatchBinding = r.dispatchBinding
        classification = r.classification
        answer = r.answer
        handlerName = r.handlerName
        reportedAt = r.reportedAt
        acceptedAt = r.acceptedAt
        dispatchedAt = r.dispatchedAt
        handledAt = r.handledAt
        closedAt = r.closedAt
        deadline = r.deadline
        hoursKind = r.hoursKind
        overdue = r.isOverdue(at: now)
        dueSoon = r.isDueSoon(at: now, window: dueSoonHours * 3600)
        suspended = r.suspendedAt != nil
        parkedUntil = r.parkedUntil
        reviewOn = r.parkedUntil.map { data.calendar.localDate(of: $0) }
        pendingExtensionHours = r.pendingExtensionHours
        supervised = r.supervised
        escalationLevel = r.escalationLevel
        escalatedToNodeID = r.escalatedToNodeID
        returnCount = r.returnCount
        reworkCount = r.reworkCount
        rating = r.rating
        mergedIntoID = r.mergedIntoID
        duplicateOfID = r.duplicateOfID
        version = r.version
        availableActions = identity.map { CasePolicy.availableActions(on: r, by: $0) }
        if let actions = availableActions, !Set(actions).isDisjoint(with: DepartmentChoice.actions) {
            departmentChoices = DepartmentChoice.choices(for: r, data: data, now: now)
        }
    }
}

/// One level of where a case lies.
struct PlaceName: Codable, Equatable {
    var kind: OrgNode.Kind
    var name: String
}

/// A department a dispatch, call-in, arbitration or consultation task may name on one case.
struct DepartmentChoice: Codable, Equatable {
    var id: DepartmentID
    var name: String
    /// The department the case's dispatch rule names (派遣建议).
    var suggested: Bool
    /// Already takes part (lead, co-handler, called in and not yet answered): a call-in skips it.
    var involved: Bool

    static let actions: Set<CaseAction> = [.dispatch, .callIn, .arbitrate, .consult]

    /// The departments whose area holds the case, the rule's first, then by name. Of the property companies' units
    /// only the one serving the case's compound: a company answers for its own compounds, and a district files many.
    static func choices(for r: CaseRecord, data: ReferenceData, now: Date) -> [DepartmentChoice] {
        let ownCompany = r.propertyCompanyID.flatMap { data.companyDepartments[$0] }
        let rule = Dispatcher.match(data.rulesForCases, categoryID: r.categoryID, nodePath: r.nodePath, at: now, utcOffsetSeconds: data.calendar.utcOffsetSeconds)
        let answered = Set(r.callIns.filter { $0.status != .open }.map(\.departmentID))
        let involved = r.involvedDepartments.subtracting(answered)
        return data.departments.values
            .filter { d in data.departmentPaths[d.id].map { r.nodePath.hasPrefix($0) } ?? false }
            .filter { d in d.kind != PropertyCompany.departmentKind || d.id == ownCompany }
            .filter { !data.notForCases.contains($0.id) }
            .map { DepartmentChoice(id: $0.id, name: $0.name, suggested: $0.id == rule?.leadDepartmentID, involved: involved.contains($0.id)) }
            .sorted { ($0.suggested ? 0 : 1, $0.name, $0.id.rawValue) < ($1.suggested ? 0 : 1, $1.name, $1.id.rawValue) }
    }
}

/// A page of results.
struct PageView<T: Codable>: Codable {
    var items: [T]
    /// How many matched, counted up to 10,000; with `totalCapped` more did.
    var total: Int
    var totalCapped: Bool
    var limit: Int
    var offset: Int
    /// Pass as `after` for the next page; absent on the last one.
    var next: String?
}

extension CaseCursor {
    /// The cursor as the API passes it: `<key in ms>-<case id>` (the key is the report instant or the deadline, by the
    /// list's order).
    var token: String { "\(key)-\(id)" }

    /// Reads a cursor the API handed out.
    /// - Throws: `DomainError` `query.invalid_cursor` naming `after` when it is not one.
    init(token: String) throws(DomainError) {
        let parts = token.split(separator: "-")
        guard parts.count == 2, let at = Int64(parts[0]), let id = Int64(parts[1]), at >= 0, id > 0 else {
            throw QueryError.invalidCursor
        }
        self.init(key: at, id: id)
    }
}

/// A user as the API shows it: phone masked.
struct UserView: Codable {
    var id: UserID
    var username: String
    var displayName: String
    var phone: String?
    var active: Bool
    var assignments: [Assignment]

    init(_ u: User) {
        id = u.id
        username = u.username
        displayName = u.displayName
        phone = Masking.phone(u.phone)
        active = u.active
        assignments = u.assignments
    }
}
