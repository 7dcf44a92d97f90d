import Foundation
@testable import ChengyunCore

/// A small tree and one identity per role for case-loop tests:
/// city /1/ → district /1/2/ → street /1/2/3/ → committee /1/2/3/4/ → grid /1/2/3/4/5/; another district /1/6/.
enum CaseWorld {
    static let gridPath = "/1/2/3/4/5/"
    static let lead = DepartmentID(10)      // at the district
    static let cityDept = DepartmentID(11)  // at the city
    static let farDept = DepartmentID(12)   // at the other district
    static let departmentPaths: [DepartmentID: String] = [lead: "/1/2/", cityDept: "/1/", farDept: "/1/6/"]

    static func identity(_ id: Int64, _ role: Role, _ path: String, department: DepartmentID? = nil) -> Identity {
        Identity(userID: UserID(id), name: "\(role.rawValue)-\(id)", assignments: [Assignment(role: role, nodeID: NodeID(OrgNode.ids(inPath: path).last!.rawValue), nodePath: path, departmentID: department)])
    }

    static let duty = identity(1, .dutyOfficer, "/1/2/3/")
    static let handler = identity(2, .departmentHandler, "/1/2/", department: lead)
    static let cityHandler = identity(3, .departmentHandler, "/1/", department: cityDept)
    static let inspector = identity(4, .gridInspector, "/1/2/3/4/")
    static let worker = identity(5, .communityWorker, "/1/2/3/4/")
    static let leader = identity(6, .leader, "/1/2/")
    static let resident = identity(7, .resident, "/1/")
    static let admin = identity(8, .admin, "/1/")
    static let outsideDuty = identity(9, .dutyOfficer, "/1/6/")
    static let outsideLeader = identity(10, .leader, "/1/6/")
    static let chief = identity(11, .stationChief, "/1/2/3/4/")

    static let everyone: [(String, Identity)] = [
        ("duty", duty), ("handler", handler), ("cityHandler", cityHandler), ("inspector", inspector), ("worker", worker),
        ("leader", leader), ("resident", resident), ("admin", admin), ("outsideDuty", outsideDuty), ("outsideLeader", outsideLeader),
        ("chief", chief),
    ]

    /// Friday 2026-11-20 10:00 at UTC+8.
    static let friday10 = Date(timeIntervalSince1970: 1_795_140_000)
    /// A review date a month after `friday10`, for 挂账.
    static let reviewDay = WorkingCalendar.standard.localDate(of: friday10.addingTimeInterval(30 * 86_400))

    static func reported(at: Date = friday10, hours: Double = 8, kind: HoursKind = .working, source: CaseSource = .resident) -> CaseRecord {
        CaseRecord(id: CaseID(1), number: "20261120-000001", source: source, categoryID: "event:0110", urgency: .normal,
                   description: "暴露垃圾", location: GeoPoint(lon: 121.4, lat: 31.2), nodeID: NodeID(5), nodePath: gridPath,
                   reporterID: UserID(7), reportedAt: at, deadlineHours: hours, hoursKind: kind, receivedBy: .node(NodeID(3)))
    }

    /// The lead department holds the handling power for the category (110 diversion).
    static let powers: Set<HandlingPower> = [HandlingPower(departmentID: lead, categoryID: "event:0110")]

    /// Every command carries one uploaded photo (an after photo, a snapshot) unless it needs none.
    static func context(_ actor: Identity, at: Date = friday10, policy: LoopPolicy = LoopPolicy(), attachments: [AttachmentID] = [AttachmentID(1)]) -> CaseContext {
        CaseContext(now: at, calendar: .standard, actor: actor, departmentPaths: departmentPaths, attachmentIDs: attachments, policy: policy, handlingPowers: powers)
    }

    /// A case the committee's station recorded as self-handled (in progress at its own level).
    static func selfHandled() throws -> CaseRecord {
        var r = reported(source: .station)
        r.receivedBy = .node(NodeID(4))
        r.owner = r.receivedBy
        return try CaseMachine.openSelfHandled(r, context(chief)).last!.record
    }

    /// Applies commands in order as the given actors, one hour apart.
    static func run(_ steps: [(CaseCommand, Identity)], from record: CaseRecord = reported(), start: Date = friday10) throws -> (CaseRecord, [CaseEvent]) {
        var r = record
        var events: [CaseEvent] = []
        var t = start
        for (command, actor) in steps {
            t = t.addingTimeInterval(3600)
            let transition = try CaseMachine.decide(r, command, context(actor, at: t))
            r = transition.record
            events.append(transition.event)
        }
        return (r, events)
    }

    static let toDispatched: [(CaseCommand, Identity)] = [(.accept(note: nil), duty), (.dispatch(lead: lead, coHandlers: [], note: nil), duty)]
    static let toInProgress = toDispatched + [(.start(note: nil), handler)]
    static let toHandled = toInProgress + [(.reportBack(note: "已清理"), handler)]
    static let toVerified = toHandled + [(.verify(passed: true, note: nil), inspector)]
    static let toClosed = toVerified + [(.close(note: nil), duty)]
}
