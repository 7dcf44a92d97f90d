import Foundation
import Testing
@testable import ChengyunCore

@Suite("联勤联动 self-handling, call-in, linkage, owners, arbitration, video review, 110")
struct CaseJointTests {
    typealias W = CaseWorld
    static let later = W.friday10.addingTimeInterval(86_400)

    @Test("微单元自治：居委自行处置，无照片不能结案，计入各项统计并单列")
    func selfHandling() throws {
        let open = try W.selfHandled()
        #expect(open.state == .inProgress)
        #expect(open.selfHandled)
        #expect(open.owner == .node(NodeID(4)))
        #expect(open.dispatchCount == 0)
        do {
            _ = try CaseMachine.decide(open, .selfClose(note: "已清理"), W.context(W.chief, attachments: []))
            Issue.record("closed without an after photo")
        } catch {
            #expect(error.code == "case.after_photo_required")
        }
        let closed = try CaseMachine.decide(open, .selfClose(note: "已清理"), W.context(W.chief)).record
        #expect(closed.state == .closed)
        let kpi = KPICalculator.report([closed], now: Self.later)
        #expect(kpi.reported == 1 && kpi.accepted == 1 && kpi.closed == 1 && kpi.selfHandled == 1)
        // An ordinary case cannot be closed this way.
        let (inProgress, _) = try W.run(W.toInProgress)
        #expect(throws: DomainError.self) { try CaseMachine.decide(inProgress, .selfClose(note: "x"), W.context(W.chief)) }
    }

    @Test("吹哨约请：被约请部门有自己的任务和时限，未反馈未解除不能结案")
    func callInBlocksClosing() throws {
        let steps = W.toInProgress + [(CaseCommand.callIn(departments: [W.cityDept], reason: "需市级支持", hours: 8), W.handler)]
        var (r, _) = try W.run(steps)
        #expect(r.openCallIns.map(\.departmentID) == [W.cityDept])
        #expect(r.callIns[0].dueAt > r.callIns[0].calledAt)
        (r, _) = try W.run([(.reportBack(note: "已处置"), W.handler), (.verify(passed: true, note: nil), W.inspector)], from: r, start: Self.later)
        do {
            _ = try CaseMachine.decide(r, .close(note: nil), W.context(W.duty, at: Self.later.addingTimeInterval(7200)))
            Issue.record("closed with an open call-in")
        } catch {
            #expect(error.code == "case.call_ins_open")
        }
        let answered = try CaseMachine.decide(r, .feedback(note: "已派员协助"), W.context(W.cityHandler, at: Self.later.addingTimeInterval(7200))).record
        #expect(answered.callIns[0].status == .answered)
        #expect(try CaseMachine.decide(answered, .close(note: nil), W.context(W.duty, at: Self.later.addingTimeInterval(9000))).record.state == .closed)
        // Releasing instead of answering also frees the case.
        let released = try CaseMachine.decide(r, .release(departments: [W.cityDept], note: "已无需协助"), W.context(W.chief, at: Self.later.addingTimeInterval(7200)))
        #expect(released.record.callIns[0].status == .released)
        #expect(released.event.departmentIDs == [W.cityDept])
        #expect(throws: DomainError.self) { try CaseMachine.decide(r, .callIn(departments: [W.cityDept], reason: "x", hours: 0), W.context(W.handler)) }
    }

    @Test("三级联动：居委申请 → 街镇联席会商（责任单位与时限）→ 事项办结前不能结案 → 领导小组决策；层级上限可配置")
    func threeLevelLinkage() throws {
        let task = TaskDraft(departmentID: W.cityDept, task: "拆除违建", dueAt: W.friday10.addingTimeInterval(10 * 86_400))
        let (consulted, events) = try W.run(W.toInProgress + [
            (.askLinkage(reason: .crossOwnership, note: "涉及多个产权单位"), W.chief),
            (.consult(heldAt: W.friday10, attendees: ["城管", "房管", "物业"], decision: "城管牵头联合整治", tasks: [task]), W.duty),
        ])
        #expect(consulted.linkage?.level == 2)
        #expect(consulted.linkage?.openTasks.map(\.id) == [1])
        #expect(consulted.involvedDepartments.contains(W.cityDept))
        #expect(events.last?.detail["tasks"] == "1")
        // The handler reports back, the inspector verifies, but the case cannot close while the task is open.
        let (verified, _) = try W.run([(.reportBack(note: "已处置"), W.handler), (.verify(passed: true, note: nil), W.inspector)], from: consulted, start: Self.later)
        #expect(throws: DomainError.self) { try CaseMachine.decide(verified, .close(note: nil), W.context(W.duty, at: Self.later.addingTimeInterval(9000))) }
        let done = try CaseMachine.decide(verified, .completeTask(id: 1, note: "已拆除"), W.context(W.cityHandler, at: Self.later.addingTimeInterval(9000))).record
        #expect(try CaseMachine.decide(done, .close(note: nil), W.context(W.duty, at: Self.later.addingTimeInterval(9900))).record.state == .closed)

        // Level 2 asks level 3 (the street's leading group), which records its decision; level 3 is the top by default.
        let (level3, _) = try W.run([(.askLinkage(reason: .beyondMeans, note: "需领导小组决策"), W.duty)], from: consulted, start: Self.later)
        #expect(level3.linkage?.level == 3)
        #expect(!CasePolicy.mayConsult(level3, W.duty))
        #expect(CasePolicy.mayConsult(level3, W.leader))
        do {
            _ = try CaseMachine.decide(level3, .askLinkage(reason: .beyondMeans, note: "上报区"), W.context(W.leader, at: Self.later.addingTimeInterval(7200)))
            Issue.record("went above the deployment's top level")
        } catch {
            #expect(error.code == "case.linkage_top")
        }
        let district = try CaseMachine.decide(level3, .askLinkage(reason: .beyondMeans, note: "上报区"), W.context(W.leader, at: Self.later.addingTimeInterval(7200), policy: LoopPolicy(linkageTopLevel: 4)))
        #expect(district.record.linkage?.level == 4)
        // Only the level holding the case asks: a station cannot skip to level 3.
        #expect(!CasePolicy.mayAskLinkage(consulted, W.chief))
    }

    @Test("首问负责：退单须选理由；退单达到上限由中心仲裁，仲裁派遣不可再退；派遣准确率")
    func returnsAndArbitration() throws {
        let (twice, _) = try W.run(W.toDispatched + [
            (.returnDispatch(reason: .notOurDuty, note: nil), W.handler), (.dispatch(lead: W.lead, coHandlers: [], note: nil), W.duty),
            (.returnDispatch(reason: .insufficientInfo, note: nil), W.handler),
        ])
        #expect(twice.arbitrationPending)
        #expect(twice.wrongDispatchCount == 1)
        #expect(twice.owner == .node(NodeID(3)))
        do {
            _ = try CaseMachine.decide(twice, .dispatch(lead: W.lead, coHandlers: [], note: nil), W.context(W.duty, at: Self.later))
            Issue.record("dispatched past a pending arbitration")
        } catch {
            #expect(error.code == "case.arbitration_pending")
        }
        let bound = try CaseMachine.decide(twice, .arbitrate(lead: W.lead, coHandlers: [], note: "经仲裁由区城管处置"), W.context(W.duty, at: Self.later)).record
        #expect(bound.dispatchBinding)
        #expect(bound.owner == .department(W.lead))
        do {
            _ = try CaseMachine.decide(bound, .returnDispatch(reason: .notOurDuty, note: nil), W.context(W.handler, at: Self.later))
            Issue.record("returned a binding dispatch")
        } catch {
            #expect(error.code == "case.dispatch_binding")
        }
        let kpi = KPICalculator.report([bound], now: Self.later)
        #expect(kpi.dispatches == 3)
        #expect(kpi.wrongDispatches == 1)
        #expect(kpi.dispatchAccuracy == 2.0 / 3.0)
    }

    @Test("首问负责：任何动作序列之后案件都有且只有一个责任主体", arguments: 0..<40)
    func neverWithoutOwner(seed: Int) throws {
        var rng = CalendarFixtures.SplitMix64(seed: UInt64(seed) &+ 1)
        let starts = [W.reported(), W.reported(source: .police110), try W.selfHandled()]
        var record = starts[seed % starts.count]
        var t = W.friday10
        let task = TaskDraft(departmentID: W.cityDept, task: "整治", dueAt: W.friday10.addingTimeInterval(60 * 86_400))
        let commands: [CaseCommand] = [
            .accept(note: nil), .dispatch(lead: W.lead, coHandlers: [], note: nil), .returnDispatch(reason: .notOurDuty, note: nil),
            .returnDispatch(reason: .insufficientInfo, note: nil), .start(note: nil), .reportBack(note: "好"), .verify(passed: true, note: nil),
            .verify(passed: false, note: "返工"), .close(note: nil), .rate(score: 4, note: nil), .callIn(departments: [W.cityDept], reason: "援", hours: 8),
            .feedback(note: "到"), .release(departments: [], note: nil), .askLinkage(reason: .crossArea, note: "跨区域"),
            .consult(heldAt: W.friday10, attendees: ["城管"], decision: "共管", tasks: [task]), .completeTask(id: 1, note: "完成"),
            .arbitrate(lead: W.lead, coHandlers: [], note: "仲裁"), .returnToPolice(reason: "治安"), .selfClose(note: "自处置"),
            .suspend(reason: "等"), .resume(note: nil), .escalate(to: NodeID(2), toPath: "/1/2/", reason: "督办"), .supervise(note: nil),
        ]
        for _ in 0..<60 {
            t = t.addingTimeInterval(3600)
            let command = commands[Int(rng.next() % UInt64(commands.count))]
            for (_, actor) in W.everyone {
                guard let next = try? CaseMachine.decide(record, command, W.context(actor, at: t)) else { continue }
                record = next.record
                break
            }
            #expect(record.owner.isWellFormed, "\(record.owner) after \(command.action)")
            switch record.owner.kind {
            case .node: #expect(record.nodePath.contains("/\(record.owner.nodeID!)/"), "owner node off the case's path")
            case .department: #expect(record.involvedDepartments.contains(record.owner.departmentID!) || record.selfHandled == false)
            case .external: #expect(record.state == .returnedToPolice)
            case .station: #expect(record.owner.stationID == record.stationID, "owned by the station of its place")
            }
            if record.state == .inProgress, !record.selfHandled { #expect(record.owner.kind == .department) }
        }
    }

    @Test("视频复查：摄像头须覆盖现场并保留截图；现场核查须监督员")
    func videoReview() throws {
        let (handled, _) = try W.run(W.toHandled)
        let near = Camera(id: CameraID(1), code: "CAM-1", name: "路口1号", location: GeoPoint(lon: 121.4005, lat: 31.2), nodeID: NodeID(5), nodePath: W.gridPath)
        var far = near
        far.location = GeoPoint(lon: 121.42, lat: 31.2)
        let ok = try CaseMachine.decide(handled, .verify(passed: true, note: "视频可见已清理", method: .video, camera: near), W.context(W.duty, at: Self.later))
        #expect(ok.record.state == .verified)
        #expect(ok.event.detail["method"] == "video")
        #expect(ok.event.detail["cameraId"] == "1")
        #expect(throws: DomainError.self) { try CaseMachine.decide(handled, .verify(passed: true, note: nil, method: .video, camera: far), W.context(W.duty, at: Self.later)) }
        #expect(throws: DomainError.self) {
            try CaseMachine.decide(handled, .verify(passed: true, note: nil, method: .video, camera: near), W.context(W.duty, at: Self.later, attachments: []))
        }
        #expect(throws: DomainError.self) { try CaseMachine.decide(handled, .verify(passed: true, note: nil), W.context(W.duty, at: Self.later)) }
        #expect(try CaseMachine.decide(handled, .verify(passed: true, note: nil), W.context(W.inspector, at: Self.later)).event.detail["method"] == "onSite")
    }

    @Test("110 分流：只能派给有处置权的部门；可退回公安兜底")
    func policeDiversion() throws {
        let (accepted, _) = try W.run([(.accept(note: nil), W.duty)], from: W.reported(source: .police110))
        do {
            _ = try CaseMachine.decide(accepted, .dispatch(lead: W.cityDept, coHandlers: [], note: nil), W.context(W.duty, at: Self.later))
            Issue.record("dispatched to a department without the handling power")
        } catch {
            #expect(error.code == "department.no_handling_power")
        }
        #expect(try CaseMachine.decide(accepted, .dispatch(lead: W.lead, coHandlers: [], note: nil), W.context(W.duty, at: Self.later)).record.state == .dispatched)
        let back = try CaseMachine.decide(accepted, .returnToPolice(reason: "涉及治安"), W.context(W.duty, at: Self.later)).record
        #expect(back.state == .returnedToPolice)
        #expect(back.state.isTerminal)
        #expect(back.owner == .external("police110"))
        let (resident, _) = try W.run([(.accept(note: nil), W.duty)])
        #expect(throws: DomainError.self) { try CaseMachine.decide(resident, .returnToPolice(reason: "x"), W.context(W.duty, at: Self.later)) }
    }

    @Test("类案治理：同类问题同一地点在时间窗内多次出现即为热点")
    func hotspots() {
        var cases: [CaseRecord] = []
        for i in 0..<4 {
            var r = W.reported(at: W.friday10.addingTimeInterval(Double(i) * 86_400))
            r.id = CaseID(Int64(i + 1))
            r.location = GeoPoint(lon: 121.4 + Double(i) * 0.0002, lat: 31.2)
            r.nodeID = NodeID(Int64(50 + i))
            cases.append(r)
        }
        var elsewhere = W.reported()
        elsewhere.id = CaseID(9)
        elsewhere.location = GeoPoint(lon: 121.5, lat: 31.3)
        elsewhere.nodeID = NodeID(99)
        var otherKind = cases[0]
        otherKind.id = CaseID(10)
        otherKind.categoryID = "event:0501"
        let found = HotspotFinder.find(cases + [elsewhere, otherKind], policy: HotspotPolicy(minCases: 3, days: 30, metres: 30))
        #expect(found.count == 1)
        #expect(found.first?.caseIDs == cases.map(\.id))
        #expect(HotspotFinder.find(cases, policy: HotspotPolicy(minCases: 5)).isEmpty)
        #expect(HotspotFinder.find(cases, policy: HotspotPolicy(minCases: 3, metres: 10)).isEmpty)
    }
}
