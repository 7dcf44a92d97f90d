public import ChengyunCore
public import ChengyunStore
public import Foundation

/// 居委工作视图 — what a committee sees of itself instead of a league table: its workload, what it raised, and what
/// help it got (不能变成考基层、排名次).
public struct CommitteeView: Sendable, Hashable, Codable {
    public struct Workload: Sendable, Hashable, Codable {
        /// Cases reported in its area in the period.
        public var cases = 0
        public var open = 0
        public var closed = 0
        /// 微单元自治 — found and fixed by the station itself.
        public var selfHandled = 0
        public var selfHandledClosed = 0
        /// Found by the committee or station (source `station`).
        public var foundByStation = 0
    }

    public struct Raised: Sendable, Hashable, Codable {
        /// 吹哨 — departments called in on its cases.
        public var callIns = 0
        /// 申请升级 — requests to take a case up the linkage.
        public var linkageRequests = 0
    }

    public struct Help: Sendable, Hashable, Codable {
        /// Called-in departments that answered.
        public var callInsAnswered = 0
        /// Joint consultations and leading-group decisions on its cases.
        public var consultations = 0
        public var tasksDone = 0
        public var tasksOpen = 0
        /// Cases dispatched to departments, and of those closed.
        public var dispatched = 0
        public var dispatchedClosed = 0
        /// Which departments helped (answered a call-in or handled a case), by name, with counts.
        public var departments: [String: Int] = [:]
    }

    public var nodeID: NodeID
    public var name: String
    public var from: Date
    public var to: Date
    public var workload = Workload()
    public var raised = Raised()
    public var help = Help()
}

extension Platform {
    /// 类案治理 — hotspots of recurring problems in the identity's scope (optionally under a node).
    public func hotspots(under nodeID: NodeID?, categoryID: String?, policy: HotspotPolicy, by identity: Identity) async throws -> [Hotspot] {
        try identity.require(anyOf: [.leader, .dutyOfficer, .admin, .gridInspector, .communityWorker, .stationChief], to: "read hotspots")
        let policy = try policy.validated()
        if let categoryID { _ = try data.category(categoryID) }
        var query = CaseQuery(scope: CaseScope.of(identity), categoryID: categoryID, reportedFrom: clock.now().addingTimeInterval(-Double(policy.days) * 86_400), limit: nil)
        if let nodeID { query.nodePath = try await visibleNode(nodeID, by: identity).path }
        return HotspotFinder.find(try await store.cases(query).items, policy: policy)
    }

    /// The committee's own view of a period.
    public func committeeView(_ nodeID: NodeID, from: Date, to: Date, by identity: Identity) async throws -> CommitteeView {
        guard from < to else { throw DomainError.invalid("kpi.invalid_period", "The period's start must be before its end.", field: "from") }
        let node = try await visibleNode(nodeID, by: identity)
        guard node.kind == .committee else {
            throw DomainError.unprocessable("node.not_committee", "Node \(nodeID) is a \(node.kind.rawValue); this view is of a committee.", field: "nodeId")
        }
        try identity.require(anyOf: [.leader, .dutyOfficer, .admin, .communityWorker, .stationChief, .gridInspector], at: node.path, to: "read this committee's view")
        let cases = try await store.cases(CaseQuery(scope: CaseScope.of(identity), nodePath: node.path, reportedFrom: from, reportedTo: to, limit: nil)).items
        var view = CommitteeView(nodeID: nodeID, name: node.name, from: from, to: to)
        let names = data.departments
        for c in cases where c.state != .merged {
            view.workload.cases += 1
            if c.state.isTerminal { view.workload.closed += c.closedAt != nil ? 1 : 0 } else { view.workload.open += 1 }
            if c.selfHandled {
                view.workload.selfHandled += 1
                if c.closedAt != nil { view.workload.selfHandledClosed += 1 }
            }
            if c.source == .station { view.workload.foundByStation += 1 }
            view.raised.callIns += c.callIns.count
            view.raised.linkageRequests += c.linkage?.requests.count ?? 0
            for callIn in c.callIns where callIn.status == .answered {
                view.help.callInsAnswered += 1
                view.help.departments[names[callIn.departmentID]?.name ?? "#\(callIn.departmentID)", default: 0] += 1
            }
            view.help.consultations += c.linkage?.consultations.count ?? 0
            let tasks = c.linkage?.consultations.flatMap(\.tasks) ?? []
            view.help.tasksDone += tasks.filter { $0.doneAt != nil }.count
            view.help.tasksOpen += tasks.filter { $0.doneAt == nil }.count
            if c.firstDispatchedAt != nil {
                view.help.dispatched += 1
                if c.closedAt != nil { view.help.dispatchedClosed += 1 }
                if let lead = c.leadDepartmentID { view.help.departments[names[lead]?.name ?? "#\(lead)", default: 0] += 1 }
            }
        }
        return view
    }

    /// Cameras on or under a node the identity sees.
    public func cameras(under nodeID: NodeID?, by identity: Identity) async throws -> [Camera] {
        var path = CaseScope.of(identity).paths.min(by: { $0.count < $1.count })
        if let nodeID { path = try await visibleNode(nodeID, by: identity).path }
        guard let path else { return [] }
        return try await store.cameras(under: path)
    }

    /// Registers a camera at a place; it is filed under the grid the place lies in.
    public func registerCamera(_ draft: CameraDraft, by identity: Identity) async throws -> Camera {
        let code = draft.code.trimmingCharacters(in: .whitespaces)
        try InputLimits.check(code, field: "code", max: InputLimits.code)
        try InputLimits.check(draft.name, field: "name", max: InputLimits.label)
        guard !code.isEmpty else { throw DomainError.invalid("camera.invalid_code", "Give the camera's code.", field: "code") }
        guard !draft.name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DomainError.invalid("camera.invalid_name", "Give the camera's name.", field: "name")
        }
        let grid = try data.grid(at: draft.location)
        try identity.require(anyOf: [.admin], at: grid.path, to: "register cameras here")
        return try await store.createCamera(CameraDraft(code: code, name: draft.name, location: draft.location), nodeID: grid.id)
    }

    /// A camera the identity may use for video review of cases in its area.
    public func camera(_ id: CameraID, by identity: Identity) async throws -> Camera {
        guard let camera = try await store.camera(id), identity.sees(path: camera.nodePath) || identity.assignments.contains(where: { $0.nodePath.hasPrefix(camera.nodePath) }) else {
            throw DomainError.unprocessable("camera.not_found", "There is no camera \(id) in your area; list them with GET /api/v1/cameras.", field: "cameraId")
        }
        return camera
    }
}
