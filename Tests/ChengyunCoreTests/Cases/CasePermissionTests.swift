import Foundation
import Testing
@testable import ChengyunCore

@Suite("权限 every transition × every role")
struct CasePermissionTests {
    typealias W = CaseWorld

    /// For each action: the case where the action is possible, the command, and the roles allowed.
    static let matrix: [(CaseAction, CaseRecord, CaseCommand, Set<String>)] = {
        let withExtension = W.toInProgress + [(.requestExtension(hours: 8, reason: "需配合"), W.handler)]
        let suspended = W.toInProgress + [(.suspend(reason: "等待"), W.duty)]
        let calledIn = W.toInProgress + [(.callIn(departments: [W.cityDept], reason: "需支持", hours: 8), W.handler)]
        let linked = W.toInProgress + [(.askLinkage(reason: .crossFunction, note: "涉及多个部门"), W.chief)]
        let task = TaskDraft(departmentID: W.cityDept, task: "拆除违建", dueAt: W.friday10.addingTimeInterval(10 * 86_400))
        let consulted = linked + [(.consult(heldAt: W.friday10, attendees: ["城管", "房管"], decision: "联合整治", tasks: [task]), W.duty)]
        let returned = W.toDispatched + [(.returnDispatch(reason: .notOurDuty, note: nil), W.handler), (.dispatch(lead: W.lead, coHandlers: [], note: nil), W.duty),
                                          (.returnDispatch(reason: .outOfArea, note: nil), W.handler)]
        let consult = CaseCommand.consult(heldAt: W.friday10, attendees: ["城管"], decision: "由城管牵头", tasks: [task])
        let rows: [(CaseAction, [(CaseCommand, Identity)], CaseCommand, Set<String>)] = [
            (.accept, [], .accept(note: nil), ["duty"]),
            (.reject, [], .reject(reason: "不属实"), ["duty"]),
            (.merge, [], .merge(into: CaseID(99), note: nil), ["duty"]),
            (.dispatch, [(.accept(note: nil), W.duty)], .dispatch(lead: W.lead, coHandlers: [], note: nil), ["duty"]),
            (.return, W.toDispatched, .returnDispatch(reason: .notOurDuty, note: nil), ["handler"]),
            (.start, W.toDispatched, .start(note: nil), ["handler"]),
            (.reportBack, W.toInProgress, .reportBack(note: "完成"), ["handler"]),
            (.verify, W.toHandled, .verify(passed: true, note: nil), ["inspector"]),
            (.close, W.toVerified, .close(note: nil), ["duty"]),
            (.rate, W.toClosed, .rate(score: 4, note: nil), ["resident", "duty"]),
            (.requestExtension, W.toInProgress, .requestExtension(hours: 8, reason: "需配合"), ["handler"]),
            (.approveExtension, withExtension, .approveExtension(note: nil), ["leader"]),
            (.refuseExtension, withExtension, .refuseExtension(note: nil), ["leader"]),
            (.suspend, W.toInProgress, .suspend(reason: "等待"), ["duty"]),
            (.resume, suspended, .resume(note: nil), ["duty"]),
            (.supervise, W.toInProgress, .supervise(note: nil), ["leader"]),
            (.escalate, W.toInProgress, .escalate(to: NodeID(3), toPath: "/1/2/3/", reason: "跨部门"), ["duty", "leader"]),
            (.callIn, W.toInProgress, .callIn(departments: [W.cityDept], reason: "需支持", hours: 8), ["handler", "duty", "chief"]),
            (.feedback, W.toInProgress, .feedback(note: "意见"), ["handler"]),
            (.release, calledIn, .release(departments: [], note: nil), ["handler", "duty", "chief"]),
            (.askLinkage, W.toInProgress, .askLinkage(reason: .beyondMeans, note: "超出居委能力"), ["chief", "worker"]),
            (.consult, linked, consult, ["duty", "leader"]),
            (.completeTask, consulted, .completeTask(id: 1, note: "已拆除"), ["cityHandler", "duty", "leader"]),
            (.arbitrate, returned, .arbitrate(lead: W.lead, coHandlers: [], note: "由区城管处置"), ["duty", "leader"]),
            (.urge, W.toInProgress, .urge(note: "请加快处置"), ["duty", "leader"]),
            (.park, W.toInProgress, .park(reason: "待旧改统一实施", reviewOn: W.reviewDay), ["duty"]),
        ]
        var matrix = rows.map { row in (row.0, try! W.run(row.1).0, row.2, row.3) }
        matrix.append((.selfClose, try! W.selfHandled(), .selfClose(note: "已自行清理"), ["chief", "worker"]))
        let police = try! W.run([(.accept(note: nil), W.duty)], from: W.reported(source: .police110)).0
        matrix.append((.returnToPolice, police, .returnToPolice(reason: "涉及治安，需警方处置"), ["duty"]))
        return matrix
    }()

    @Test("每个动作只允许规定角色在其数据范围内执行", arguments: CaseAction.allCases.filter { $0 != .report && $0 != .redo })
    func onlyTheRightRole(action: CaseAction) throws {
        let row = try #require(Self.matrix.first { $0.0 == action })
        let record = row.1
        for (name, identity) in W.everyone {
            let expected = row.3.contains(name)
            do {
                let t = try CaseMachine.decide(record, row.2, W.context(identity, at: W.friday10.addingTimeInterval(86_400)))
                #expect(expected, "\(name) was allowed to \(action.rawValue)")
                #expect(t.event.action == action)
                #expect(t.event.actorID == identity.userID)
            } catch {
                #expect(!expected, "\(name) was refused \(action.rawValue): \(error)")
                if !expected { #expect(error.kind == .forbidden) }
            }
        }
    }

    /// 不满意重办 is the platform's step alone (after an unsatisfied rating), and only from a rated case.
    @Test("不满意重办只由平台、只在已评价时：回到处置中，计一次返工，结案时间清空，重新计时")
    func redoIsThePlatforms() throws {
        let (closed, _) = try W.run(W.toClosed)
        let rated = try CaseMachine.decide(closed, .rate(score: 2, note: nil), W.context(W.resident, at: W.friday10.addingTimeInterval(86_400))).record
        let at = W.friday10.addingTimeInterval(2 * 86_400)
        for (name, identity) in W.everyone {
            #expect(throws: DomainError.self, "\(name)") { _ = try CaseMachine.decide(rated, .redo(note: "不满意"), W.context(identity, at: at)) }
        }
        let again = try CaseMachine.decide(rated, .redo(note: "不满意"), W.context(.platform, at: at))
        #expect(again.record.state == .inProgress && again.record.reworkCount == rated.reworkCount + 1 && again.record.closedAt == nil)
        #expect((again.record.deadline ?? .distantPast) > at && again.event.action == .redo)
        #expect(throws: DomainError.self) { _ = try CaseMachine.decide(closed, .redo(note: "x"), W.context(.platform, at: at)) }
    }

    @Test("每个动作在不允许的状态下被拒绝（冲突）", arguments: CaseAction.allCases.filter { $0 != .report && $0 != .redo })
    func onlyInTheRightState(action: CaseAction) throws {
        let row = try #require(Self.matrix.first { $0.0 == action })
        let allowedStates = CaseMachine.states(for: action)
        let prefixes: [[(CaseCommand, Identity)]] = [[], W.toDispatched, W.toInProgress, W.toHandled, W.toVerified, W.toClosed]
        let actor = W.everyone.first { row.3.contains($0.0) }!.1
        for steps in prefixes {
            let (record, _) = try W.run(steps)
            guard !allowedStates.contains(record.state) else { continue }
            #expect(throws: DomainError.self, "\(action.rawValue) in \(record.state.rawValue)") {
                try CaseMachine.decide(record, row.2, W.context(actor))
            }
        }
    }

    @Test("可执行动作列表与角色一致")
    func availableActions() throws {
        let (dispatched, _) = try W.run(W.toDispatched)
        #expect(Set(CasePolicy.availableActions(on: dispatched, by: W.handler)) == [.return, .start, .requestExtension, .callIn, .feedback])
        #expect(CasePolicy.availableActions(on: dispatched, by: W.outsideDuty).isEmpty)
        #expect(CasePolicy.availableActions(on: dispatched, by: W.resident).isEmpty)
    }

    @Test("数据范围：各角色只看到自己范围内的案件")
    func scopeByRole() throws {
        let (dispatched, _) = try W.run(W.toDispatched)
        let sees = Dictionary(uniqueKeysWithValues: W.everyone.map { ($0.0, CaseScope.of($0.1).contains(dispatched)) })
        #expect(sees == ["duty": true, "handler": true, "cityHandler": false, "inspector": true, "worker": true, "leader": true,
                         "resident": true, "admin": true, "outsideDuty": false, "outsideLeader": false, "chief": true])
        var other = dispatched
        other.reporterID = UserID(99)
        #expect(!CaseScope.of(W.resident).contains(other))
    }

    @Test("上报来源与角色匹配")
    func reportingSources() {
        #expect(CasePolicy.mayReport(source: .resident, identity: W.resident, at: W.gridPath))
        #expect(!CasePolicy.mayReport(source: .hotline, identity: W.resident, at: W.gridPath))
        #expect(CasePolicy.mayReport(source: .inspector, identity: W.inspector, at: W.gridPath))
        #expect(!CasePolicy.mayReport(source: .inspector, identity: W.inspector, at: "/1/6/7/8/9/"))
        #expect(CasePolicy.mayReport(source: .hotline, identity: W.duty, at: W.gridPath))
        let hotline = Identity(userID: nil, name: "12345", assignments: [], systemSources: [.hotline], systemScopePath: "/1/")
        #expect(CasePolicy.mayReport(source: .hotline, identity: hotline, at: W.gridPath))
        #expect(!CasePolicy.mayReport(source: .sensor, identity: hotline, at: W.gridPath))
    }
}
