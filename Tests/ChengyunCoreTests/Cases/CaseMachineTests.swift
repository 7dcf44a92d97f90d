import Foundation
import Testing
@testable import ChengyunCore

@Suite("案件闭环 case loop")
struct CaseMachineTests {
    typealias W = CaseWorld

    @Test("上报→立案→派遣→退单→改派→处置→延期→挂起/恢复→反馈→核查不通过→返工→核查通过→结案→评价")
    func fullLoop() throws {
        let (r, events) = try W.run([
            (.accept(note: nil), W.duty),
            (.dispatch(lead: W.cityDept, coHandlers: [], note: nil), W.duty),
            (.returnDispatch(reason: .notOurDuty, note: "非本部门职责"), W.cityHandler),
            (.dispatch(lead: W.lead, coHandlers: [W.cityDept], note: "改派"), W.duty),
            (.start(note: nil), W.handler),
            (.requestExtension(hours: 4, reason: "需要物业配合"), W.handler),
            (.approveExtension(note: nil), W.leader),
            (.supervise(note: "加快"), W.leader),
            (.suspend(reason: "等待产权方确认"), W.duty),
            (.feedback(note: "协办意见"), W.cityHandler),
            (.resume(note: nil), W.duty),
            (.reportBack(note: "已清理"), W.handler),
            (.verify(passed: false, note: "仍有残留"), W.inspector),
            (.reportBack(note: "已返工"), W.handler),
            (.verify(passed: true, note: nil), W.inspector),
            (.close(note: nil), W.duty),
            (.rate(score: 5, note: "满意"), W.resident),
        ] as [(CaseCommand, Identity)])
        #expect(r.state == .rated)
        #expect(r.returnCount == 1)
        #expect(r.reworkCount == 1)
        #expect(r.dispatchCount == 2)
        #expect(r.extensionCount == 1)
        #expect(r.supervised)
        #expect(r.rating == 5)
        #expect(r.leadDepartmentID == W.lead)
        #expect(events.map(\.action) == [.accept, .dispatch, .return, .dispatch, .start, .requestExtension, .approveExtension, .supervise, .suspend, .feedback, .resume,
                                         .reportBack, .verify, .reportBack, .verify, .close, .rate])
        #expect(events[2].note == "非本单位职责：非本部门职责")
        #expect(events[12].toState == .inProgress)
        #expect(events.allSatisfy { $0.actorID != nil })
    }

    @Test("立案时按工作时计算处置时限：周五 10:00 立案 8 个工作时，到期为下周一 10:00")
    func deadlineInWorkingHours() throws {
        let t = CaseMachine.decide
        let r = try t(W.reported(), .accept(note: nil), W.context(W.duty)).record
        // Fri 10–12 (2 h), 13–18 (5 h), Mon 9–10 (1 h)
        #expect(r.deadline == W.friday10.addingTimeInterval(3 * 86_400))
        let natural = try t(W.reported(kind: .natural), .accept(note: nil), W.context(W.duty)).record
        #expect(natural.deadline == W.friday10.addingTimeInterval(8 * 3600))
    }

    @Test("挂起停表，恢复后按剩余时限重算")
    func suspendStopsTheClock() throws {
        let (dispatched, _) = try W.run(W.toDispatched, from: W.reported(kind: .natural), start: W.friday10)
        let before = dispatched.deadline!
        let s = try CaseMachine.decide(dispatched, .suspend(reason: "等待"), W.context(W.duty, at: W.friday10.addingTimeInterval(3 * 3600))).record
        #expect(s.remainingHours == 6)
        #expect(!s.isOverdue(at: before.addingTimeInterval(86_400)))
        let resumed = try CaseMachine.decide(s, .resume(note: nil), W.context(W.duty, at: W.friday10.addingTimeInterval(27 * 3600))).record
        #expect(resumed.deadline == before.addingTimeInterval(24 * 3600))
    }

    @Test("挂账停表如挂起并记下复核日期（当地零点）；可改期再挂；复核日期须在今天之后一年之内；恢复后按剩余时限重算并清除挂账")
    func parkStopsTheClockUntilAReview() throws {
        let (dispatched, _) = try W.run(W.toDispatched, from: W.reported(kind: .natural), start: W.friday10)
        let before = dispatched.deadline!
        let at = W.friday10.addingTimeInterval(3 * 3600)
        let today = WorkingCalendar.standard.localDate(of: at)
        for bad in [today, LocalDate(daysSince1970: today.daysSince1970 + LoopPolicy.maxParkingDays + 1)] {
            #expect(throws: DomainError.self) { try CaseMachine.decide(dispatched, .park(reason: "待旧改", reviewOn: bad), W.context(W.duty, at: at)) }
        }
        #expect(throws: DomainError.self) { try CaseMachine.decide(dispatched, .park(reason: " ", reviewOn: W.reviewDay), W.context(W.duty, at: at)) }
        let parked = try CaseMachine.decide(dispatched, .park(reason: "待旧改统一实施", reviewOn: W.reviewDay), W.context(W.duty, at: at))
        #expect(parked.record.remainingHours == 6 && parked.record.suspendedAt == at && parked.record.state == dispatched.state)
        #expect(parked.record.parkedUntil == WorkingCalendar.standard.startOfDay(W.reviewDay))
        #expect(parked.event.detail["reviewOn"] == W.reviewDay.description && parked.event.note == "待旧改统一实施")
        #expect(!parked.record.isOverdue(at: before.addingTimeInterval(86_400)))
        // Parked again a day later: a new date, the clock still stopped where it was.
        let later = LocalDate(daysSince1970: W.reviewDay.daysSince1970 + 30)
        let again = try CaseMachine.decide(parked.record, .park(reason: "改造推迟", reviewOn: later), W.context(W.duty, at: at.addingTimeInterval(86_400))).record
        #expect(again.suspendedAt == at && again.remainingHours == 6 && again.parkedUntil == WorkingCalendar.standard.startOfDay(later))
        // A plain suspension is not parked: it is resumed, not parked.
        let suspended = try CaseMachine.decide(dispatched, .suspend(reason: "等待"), W.context(W.duty, at: at)).record
        #expect(throws: DomainError.self) { try CaseMachine.decide(suspended, .park(reason: "x", reviewOn: W.reviewDay), W.context(W.duty, at: at)) }
        let resumed = try CaseMachine.decide(again, .resume(note: nil), W.context(W.duty, at: W.friday10.addingTimeInterval(27 * 3600))).record
        #expect(resumed.deadline == before.addingTimeInterval(24 * 3600) && resumed.parkedUntil == nil && resumed.suspendedAt == nil)
    }

    @Test("状态不允许的动作返回冲突，并说明何时可以")
    func wrongStateIsConflict() throws {
        let (dispatched, _) = try W.run(W.toDispatched)
        #expect(throws: DomainError.self) { try CaseMachine.decide(dispatched, .close(note: nil), W.context(W.duty)) }
        do {
            _ = try CaseMachine.decide(dispatched, .close(note: nil), W.context(W.duty))
        } catch {
            #expect(error.kind == .conflict)
            #expect(error.code == "case.invalid_transition")
            #expect(error.message.contains("verified"))
        }
    }

    @Test("退单、驳回、挂起必须写明原因")
    func reasonsAreRequired() throws {
        let (dispatched, _) = try W.run(W.toDispatched)
        do {
            _ = try CaseMachine.decide(dispatched, .returnDispatch(reason: .other, note: "  "), W.context(W.handler))
            Issue.record("a return for 'other' without a note was accepted")
        } catch {
            #expect(error.kind == .invalid)
            #expect(error.field == "note")
        }
    }

    @Test("派遣给不服务该区域的部门被拒绝")
    func departmentMustServeArea() throws {
        let accepted = try CaseMachine.decide(W.reported(), .accept(note: nil), W.context(W.duty)).record
        do {
            _ = try CaseMachine.decide(accepted, .dispatch(lead: W.farDept, coHandlers: [], note: nil), W.context(W.duty))
            Issue.record("dispatch to a far department was accepted")
        } catch {
            #expect(error.code == "department.out_of_area")
        }
    }

    @Test("吹哨约请：被约请部门可见并可反馈")
    func callIn() throws {
        let (inProgress, _) = try W.run(W.toInProgress)
        let called = try CaseMachine.decide(inProgress, .callIn(departments: [W.cityDept], reason: "需要市级部门支持", hours: 8), W.context(W.handler)).record
        #expect(called.calledInIDs == [W.cityDept])
        #expect(CaseScope.of(W.cityHandler).contains(called))
        let feedback = try CaseMachine.decide(called, .feedback(note: "已派员到场"), W.context(W.cityHandler))
        #expect(feedback.event.departmentIDs == [W.cityDept])
        #expect(feedback.record.state == .inProgress)
    }
}
