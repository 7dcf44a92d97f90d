import ChengyunCore
import Testing

@Suite("告警判定 alarm evaluation")
struct AlarmEvaluationTests {
    let stream = DatastreamID(7)
    func reading(_ seconds: Int64, _ value: Double) -> Observation { Observation(datastreamID: stream, time: seconds * 1000, result: value) }

    func run(_ trigger: AlarmRule.Trigger, _ readings: [(Int64, Double)]) -> [String] {
        var state = AlarmEvaluation.StreamState()
        return readings.compactMap { t, v in
            switch AlarmEvaluation.step(trigger, &state, reading(t, v)) {
            case .raise(_, let at)?: "raise@\(at / 1000)"
            case .clear(_, let at)?: "clear@\(at / 1000)"
            case nil: nil
            }
        }
    }

    @Test("阈值带回差：超过 0.30 m 报警，回落到 0.20 m 以下才解除，其间的抖动不再报")
    func thresholdWithHysteresis() {
        let t = AlarmRule.Trigger.threshold(raise: 0.30, clear: 0.20)
        #expect(run(t, [(0, 0.10), (60, 0.31), (120, 0.25), (180, 0.32), (240, 0.19), (300, 0.35)]) == ["raise@60", "clear@240", "raise@300"])
    }

    @Test("持续时长：连续 10 分钟超过才报警，中途回落则重新计时")
    func sustained() {
        let t = AlarmRule.Trigger.threshold(raise: 50, sustainSeconds: 600)
        #expect(run(t, [(0, 60), (300, 60), (400, 40), (500, 60), (1000, 61), (1100, 62)]) == ["raise@1100"])
    }

    @Test("低于阈值的规则（电压跌落）与变化率（每分钟上涨超过 0.1 m）")
    func belowAndRate() {
        #expect(run(.threshold(above: false, raise: 180, clear: 200), [(0, 220), (60, 170), (120, 190), (180, 205)]) == ["raise@60", "clear@180"])
        #expect(run(.rate(perMinute: 0.1, clear: 0.02), [(0, 1.0), (60, 1.05), (120, 1.30), (180, 1.31)]) == ["raise@120", "clear@180"])
    }

    @Test("失联：超过时限没有读数报警，下一个读数解除；迟到的旧读数不参与判定")
    func silenceAndLateReadings() {
        let t = AlarmRule.Trigger.silence(seconds: 600)
        var state = AlarmEvaluation.StreamState(lastTime: 0)
        #expect(AlarmEvaluation.tick(t, &state, now: 500_000) == nil)
        #expect(AlarmEvaluation.tick(t, &state, now: 600_000) == .raise(value: nil, at: 600_000))
        #expect(AlarmEvaluation.tick(t, &state, now: 900_000) == nil, "raised once")
        #expect(AlarmEvaluation.step(t, &state, reading(950, 1)) == .clear(value: 1, at: 950_000))
        #expect(AlarmEvaluation.step(.threshold(raise: 5), &state, reading(900, 9)) == nil, "older than the last reading")
    }

    @Test("三碰头：风、雨、潮三条规则在同一区域同时告警才成立；任一成立的规则只要一条")
    func coincidence() {
        let wind = AlarmRuleID(1), rain = AlarmRuleID(2), tide = AlarmRuleID(3)
        let rule = AlarmRule(id: AlarmRuleID(9), name: "三碰头", level: .red, nodeID: NodeID(2), nodePath: "/1/2/",
                             target: AlarmRule.Target(), trigger: .coincidence([wind, rain, tide]))
        #expect(!AlarmEvaluation.coincides(rule, on: [(wind, "/1/2/5/"), (rain, "/1/2/6/"), (tide, "/1/3/7/")]), "the tide is in another district")
        #expect(AlarmEvaluation.coincides(rule, on: [(wind, "/1/2/5/"), (rain, "/1/2/6/"), (tide, "/1/2/7/")]))
        var any = rule
        any.trigger = .coincidence([wind, rain], all: false)
        #expect(AlarmEvaluation.coincides(any, on: [(rain, "/1/2/6/")]))
    }

    @Test("规则的形状：回差方向、成员、名称都在入库前检查")
    func ruleShape() {
        func rule(_ trigger: AlarmRule.Trigger, name: String = "积水") -> AlarmRule {
            AlarmRule(id: AlarmRuleID(0), name: name, level: .yellow, nodeID: NodeID(1), nodePath: "/1/", target: AlarmRule.Target(kind: .waterLevel), trigger: trigger)
        }
        #expect(throws: DomainError.self) { try rule(.threshold(raise: 0.3, clear: 0.4)).checked() }
        #expect(throws: DomainError.self) { try rule(.coincidence([AlarmRuleID(1)])).checked() }
        #expect(throws: DomainError.self) { try rule(.threshold(raise: 1), name: " ").checked() }
        #expect(throws: DomainError.self) { try rule(.silence(seconds: 5)).checked() }
        #expect((try? rule(.threshold(raise: 0.3, clear: 0.2)).checked()) != nil)
    }

    @Test("分钟与小时汇总：按周期对齐，计数、合计、最小、最大")
    func rollups() {
        let readings = [reading(0, 1), reading(30, 3), reading(61, 2), reading(3_601, 5)]
        let minutes = ObservationRollup.of(readings, periodMillis: 60_000)
        #expect(minutes.map(\.start) == [0, 60_000, 3_600_000])
        #expect(minutes[0].count == 2 && minutes[0].sum == 4 && minutes[0].min == 1 && minutes[0].max == 3)
        #expect(ObservationRollup.of(readings, periodMillis: 3_600_000).map(\.count) == [3, 1])
    }
}
