public import ChengyunCore
import ChengyunStore
import Foundation

/// 抢单 and 微心愿 — tasks a committee posts, places its volunteers grab, confirmations that credit points; 结对.
extension VolunteerUseCases {
    /// 发布任务 / 微心愿 — a committee's worker posts a task (a micro-wish names whose wish it is); the same key is the same task.
    public func post(_ input: VolunteerTaskInput, by identity: Identity) async throws -> (view: VolunteerTaskView, created: Bool) {
        let node = try await committee(input.nodeID, identity, roles: Self.keepers, to: "post volunteer tasks")
        let title = input.title.trimmingCharacters(in: .whitespaces)
        guard !title.isEmpty, title.count <= 60 else { throw VolunteerError.title }
        try InputLimits.check(title, field: "title", max: 60)
        let detail = (input.detail ?? "").trimmingCharacters(in: .whitespacesAndNewlines), place = (input.place ?? "").trimmingCharacters(in: .whitespaces)
        try InputLimits.check(detail, field: "detail", max: 500, multiline: true)
        try InputLimits.check(place, field: "place", max: InputLimits.label)
        let today = data.calendar.localDate(of: clock.now())
        guard let day = LocalDate(input.day), day >= today, day.daysSince1970 <= today.daysSince1970 + 366 else { throw VolunteerError.day }
        let slots = input.kind == .microWish ? (input.slots ?? 1) : (input.slots ?? 0)
        guard (1...200).contains(slots), input.kind == .task || slots == 1 else { throw VolunteerError.slots }
        guard (0...100).contains(input.points) else { throw VolunteerError.points }
        let minutes = input.minutes ?? 0
        guard (0...VolunteerTask.maxMinutes).contains(minutes) else { throw VolunteerError.minutes }
        var beneficiary: ResidentID?
        switch input.kind {
        case .microWish:
            guard let raw = input.beneficiaryID, let r = try await store.resident(ResidentID(raw)), r.nodePath == node.path, r.movedOutOn == nil else {
                throw VolunteerError.beneficiary
            }
            beneficiary = r.id
        case .task:
            guard input.beneficiaryID == nil else { throw VolunteerError.beneficiary }
        }
        let key = input.clientKey.trimmingCharacters(in: .whitespaces)
        guard (8...64).contains(key.count) else { throw VolunteerError.clientKey }
        let (task, created) = try await store.createVolunteerTask(VolunteerTask(
            id: VolunteerTaskID(0), nodeID: node.id, nodePath: node.path, kind: input.kind, title: title, detail: detail, place: place, day: day, slots: slots,
            points: input.points, beneficiaryID: beneficiary, createdBy: identity.name, createdAt: clock.now(), clientKey: key, minutes: minutes))
        if created {
            try await audit("volunteer_task.posted", target: "volunteer_task:\(task.id)", identity,
                            detail: "\(task.kind.rawValue), \(slots) places, \(task.points) points, \(task.minutes) minutes")
        }
        return (try await views([task], caller: nil, claims: true)[0], created)
    }

    /// Tasks as the API shows them: the wishes' residents and the places taken read once for the page, masked; a
    /// volunteer sees whether each place is theirs, not who holds the others.
    func views(_ tasks: [VolunteerTask], caller: Volunteer?, claims withClaims: Bool) async throws -> [VolunteerTaskView] {
        let people = Dictionary(try await store.residents(tasks.compactMap(\.beneficiaryID)).map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let taken = try await store.taskClaims(tasks.filter { $0.taken > 0 }.map(\.id))
        return tasks.map { t in
            let claims = taken[t.id] ?? []
            return VolunteerTaskView(task: t, beneficiaryName: t.beneficiaryID.flatMap { Masking.name(people[$0]) }, claims: withClaims ? claims : [],
                                     mine: caller.map { me in claims.contains { $0.volunteerID == me.id } } ?? false)
        }
    }

    /// A committee's tasks, the latest day first (a volunteer: their committee's, open ones by default).
    public func tasks(nodeID: Int64?, state: VolunteerTask.State?, cursor: String?, limit: Int, by identity: Identity) async throws -> VolunteerTaskPage {
        let own = try await ownVolunteer(identity, nodeID: nodeID)
        let path: String
        if let own { path = own.nodePath } else { path = try await committee(nodeID, identity, roles: Self.readers, to: "see volunteer tasks").path }
        var before: (day: Int, id: VolunteerTaskID)?
        if let cursor {
            let parts = cursor.split(separator: ".")
            guard parts.count == 2, let day = Int(parts[0]), let id = Int64(parts[1]), (0...200_000).contains(day) else { throw VolunteerError.cursor }
            before = (day, VolunteerTaskID(id))
        }
        let list = try await store.volunteerTasks(under: path, state: own != nil ? (state ?? .open) : state, before: before, limit: limit)
        return VolunteerTaskPage(tasks: try await views(list, caller: own, claims: own == nil),
                                 next: list.count == limit ? list.last.map { "\($0.day.daysSince1970).\($0.id)" } : nil)
    }

    func visibleTask(_ id: VolunteerTaskID, _ identity: Identity) async throws -> (task: VolunteerTask, own: Volunteer?) {
        let own = identity.userID == nil ? nil : try await store.volunteer(user: identity.userID!)
        guard let t = try await store.volunteerTask(id),
              identity.paths(for: Self.readers).contains(where: { t.nodePath.hasPrefix($0) }) || own?.nodePath == t.nodePath else {
            throw VolunteerError.taskNotFound(id)
        }
        return (t, own)
    }

    public func task(_ id: VolunteerTaskID, by identity: Identity) async throws -> VolunteerTaskView {
        let (t, own) = try await visibleTask(id, identity)
        return try await views([t], caller: own, claims: true)[0]
    }

    /// 抢单 — a volunteer of the task's committee takes a place while any is left; a second press is the same place.
    public func grab(_ id: VolunteerTaskID, by identity: Identity) async throws -> (view: VolunteerTaskView, created: Bool) {
        guard let user = identity.userID, let me = try await store.volunteer(user: user) else { throw VolunteerError.notVolunteer }
        guard let t = try await store.volunteerTask(id), t.nodePath == me.nodePath else { throw VolunteerError.taskNotFound(id) }
        let created: Bool
        switch try await store.grabVolunteerTask(id, volunteer: me, at: clock.now()) {
        case .grabbed: created = true
        case .already: created = false
        case .full: throw VolunteerError.full
        case .closed: throw VolunteerError.closed
        }
        if created { try await audit("volunteer_task.grabbed", target: "volunteer_task:\(id)", identity, detail: "volunteer \(me.id)") }
        return (try await task(id, by: identity), created)
    }

    /// 确认完成 — the committee confirms a volunteer's place done; the task's points and minutes of service are theirs (once).
    public func confirm(_ id: VolunteerTaskID, _ input: TaskConfirmation, by identity: Identity) async throws -> TaskClaim {
        let (t, _) = try await visibleTask(id, identity)
        try identity.require(anyOf: Self.keepers, at: t.nodePath, to: "confirm volunteers' work")
        guard let claim = try await store.confirmTaskClaim(id, volunteer: VolunteerID(input.volunteerID), by: identity.name, at: clock.now()) else { throw VolunteerError.noClaim }
        try await audit("volunteer_task.confirmed", target: "volunteer_task:\(id)", identity, detail: "volunteer \(input.volunteerID), \(claim.points ?? 0) points")
        return claim
    }

    /// Closes a task to grabbing (the places taken may still be confirmed).
    public func close(_ id: VolunteerTaskID, by identity: Identity) async throws -> VolunteerTaskView {
        let (t, _) = try await visibleTask(id, identity)
        try identity.require(anyOf: Self.keepers, at: t.nodePath, to: "close volunteer tasks")
        guard let closed = try await store.closeVolunteerTask(id) else { throw VolunteerError.taskNotFound(id) }
        return try await views([closed], caller: nil, claims: true)[0]
    }

    /// 结对 — pairs a volunteer with a resident of the committee in need.
    public func pair(_ input: PairingInput, by identity: Identity) async throws -> PairingView {
        let v = try await visibleVolunteer(VolunteerID(input.volunteerID), identity, roles: Self.keepers)
        try identity.require(anyOf: Self.keepers, at: v.nodePath, to: "pair volunteers")
        guard let r = try await store.resident(ResidentID(input.residentID)), r.nodePath == v.nodePath, r.movedOutOn == nil, !Pairing.inNeed.isDisjoint(with: r.tags) else {
            throw VolunteerError.notInNeed
        }
        let note = (input.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        try InputLimits.check(note, field: "note", max: 200, multiline: true)
        let made = try await store.createPairing(Pairing(id: PairingID(0), volunteerID: v.id, residentID: r.id, nodePath: v.nodePath,
                                                          since: data.calendar.localDate(of: clock.now()), note: note))
        try await audit("pairing.created", target: "pairing:\(made.id)", identity, detail: "volunteer \(v.id), resident \(r.id)")
        return try await pairingViews([made])[0]
    }

    public func pairings(nodeID: Int64?, by identity: Identity) async throws -> [PairingView] {
        let node = try await committee(nodeID, identity, roles: Self.readers, to: "see pairings")
        return try await pairingViews(try await store.pairings(under: node.path, limit: 500))
    }

    func pairingViews(_ list: [Pairing]) async throws -> [PairingView] {
        let people = Dictionary(try await store.residents(list.map(\.residentID)).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var names: [VolunteerID: String] = [:]
        for id in Set(list.map(\.volunteerID)) { names[id] = try await store.volunteer(id)?.name }
        return list.map { p in
            let r = people[p.residentID]
            return PairingView(pairing: p, volunteerName: names[p.volunteerID] ?? "", residentName: Masking.name(r?.name) ?? "",
                               needs: (r?.tags ?? []).filter { Pairing.inNeed.contains($0) })
        }
    }
}
