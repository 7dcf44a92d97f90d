public import ChengyunCore
public import ChengyunStore
public import Foundation

extension Platform {
    /// 类案治理 — hotspots of recurring problems in the identity's scope (optionally under a node).
    public func hotspots(under nodeID: NodeID?, categoryID: String?, policy: HotspotPolicy, by identity: Identity) async throws -> [Hotspot] {
        try identity.require(anyOf: [.leader, .dutyOfficer, .admin, .gridInspector, .communityWorker, .stationChief], to: "read hotspots")
        let policy = try policy.validated()
        if let categoryID { _ = try data.category(categoryID) }
        var query = CaseQuery(scope: CaseScope.of(identity), categoryID: categoryID, reportedFrom: clock.now().addingTimeInterval(-Double(policy.days) * 86_400), limit: nil)
        if let nodeID { query.nodePath = try await visibleNode(nodeID, by: identity).path }
        return HotspotFinder.find(try await store.caseHeads(query), policy: policy)
    }

    /// The committee's own view of a period.
    public func committeeView(_ nodeID: NodeID, from: Date, to: Date, by identity: Identity) async throws -> CommitteeView {
        guard from < to else { throw DomainError.invalid("kpi.invalid_period", "The period's start must be before its end.", field: "from") }
        let node = try await visibleNode(nodeID, by: identity)
        guard node.kind == .committee else {
            throw DomainError.unprocessable("node.not_committee", "Node \(nodeID) is a \(node.kind.rawValue); this view is of a committee.", field: "nodeId")
        }
        try identity.require(anyOf: [.leader, .dutyOfficer, .admin, .communityWorker, .stationChief, .gridInspector], at: node.path, to: "read this committee's view")
        let counts = try await store.committeeCounts(CaseQuery(scope: CaseScope.of(identity), nodePath: node.path, reportedFrom: from, reportedTo: to, limit: nil))
        var view = CommitteeView(nodeID: nodeID, name: node.name, from: from, to: to)
        view.workload = counts.workload
        view.raised = counts.raised
        view.help = counts.help
        for (department, n) in counts.helpingDepartments {
            view.help.departments[data.departments[department]?.name ?? "#\(department)", default: 0] += n
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
