public import ChengyunCore
import ChengyunStore
public import ChengyunServices
import Foundation

/// 暴雨回放 — replays a rainstorm with a high tide on the demo city, through the platform's own doors and with no hand
/// in between: the meteorological service's CAP warning (relayed down the first district, acknowledged by the first
/// street's duty desk), the gauges' readings as a gateway posts them (rain, tide and wind rising together: their
/// alarms and the coincidence of all three; the first street's underpasses flooding: orange alarms opening 道路积水
/// cases dispatched by rule), the water department's handler pumping them out, the street's duty officer verifying by
/// the underpass camera and closing, and the water going down (the alarms clear). The staff are played by the demo
/// accounts, signed in as they would be.
public struct RainstormReplay: Sendable {
    public var steps = 12
    public var pause: Duration = .seconds(4)
    public var log: @Sendable (String) -> Void = { print($0) }

    public init(steps: Int = 12, pause: Duration = .seconds(4), log: @escaping @Sendable (String) -> Void = { print($0) }) {
        self.steps = steps
        self.pause = pause
        self.log = log
    }

    /// What the replay did.
    public struct Outcome: Sendable {
        public var warning: WarningID
        public var readings = 0
        public var alarms = 0
        public var cases: [CaseID] = []
        public var closed: [CaseID] = []
        public var acknowledgedBy: String?
    }

    public func run(on platform: Platform) async throws -> Outcome {
        func signIn(_ name: String) async throws -> Identity {
            let session = try await platform.accounts.login(username: name, password: DemoCity.password)
            return try await platform.accounts.authenticate(bearer: session.token).identity
        }
        let admin = try await signIn("admin")
        // The first street's duty desk (duty.s1) and its district: where the storm hits.
        let streetDuty = try await signIn("duty.s1")
        let ids = OrgNode.ids(inPath: streetDuty.assignments.first?.nodePath ?? "")
        guard ids.count >= 3, let city = try await platform.organisation.nodes(under: nil, kinds: [.city], by: admin, limit: 1, offset: 0).first else {
            throw DemoError.noCity
        }
        let district = try await platform.organisation.visibleNode(ids[1], by: admin), street = try await platform.organisation.visibleNode(ids[2], by: admin)
        let gateway = try await platform.accounts.authenticate(bearer: try await platform.accounts.createAPIKey(
            by: admin, name: "物联网关（暴雨回放 \(UUID().uuidString.prefix(6))）", sources: [.sensor], nodeID: city.id).key).identity
        let met = try await platform.accounts.authenticate(bearer: try await platform.accounts.createAPIKey(
            by: admin, name: "市气象台（暴雨回放 \(UUID().uuidString.prefix(6))）", sources: [.sensor], nodeID: city.id).key).identity

        func streams(_ kind: DeviceKind, under path: String) async throws -> [Datastream] {
            try await platform.sensing.datastreams(SensingQuery(filter: .compare(.kind, .eq, .text(kind.rawValue)), orderBy: [SensingOrder(.id)], top: 1000,
                                                                scope: SensingScope(paths: [path])), by: admin).items
        }
        let rain = try await streams(.rainfall, under: district.path), tide = try await streams(.tide, under: district.path)
        let wind = try await streams(.wind, under: district.path), underpass = try await streams(.waterLevel, under: street.path)

        // 3 hours ahead (31631's fourth step, on time): the meteorological service's rainstorm warning for the district; the
        // replay then plays the storm at once (its hours compressed into a minute).
        let now = platform.clock.now()
        let warning = try await platform.warnings.receive(
            Warning(id: WarningID(0), identifier: "replay-\(UUID().uuidString.lowercased())", sender: "qxj@sh.gov.cn", sentAt: now, hazard: .rainstorm,
                    event: "暴雨黄色预警", level: .yellow, urgency: .expected, certainty: .likely,
                    headline: "\(district.name)暴雨黄色预警：预计 3 小时内雨量 50 毫米以上，恰逢天文大潮", description: "短时强降水伴 8 级阵风，黄浦江潮位超警戒",
                    instruction: "下立交、低洼地段做好排水准备", onset: now.addingTimeInterval(Warning.Step.hour3.lead + 600), expires: now.addingTimeInterval(9 * 3600),
                    areaDescription: district.name, nodeIDs: [], step: .hour3, origin: .received, state: .published, issuedBy: "市气象台"),
            nodeCodes: [district.code], by: met)
        log("warning \(warning.identifier) relayed to \(district.name)")
        var outcome = Outcome(warning: warning.id)
        outcome.acknowledgedBy = (try? await platform.warnings.acknowledge(warning.id, nodeID: street.id, by: streetDuty)).map { _ in streetDuty.name }

        // The storm: rising to its peak at two thirds of the steps, then falling back.
        let peak = max(1, steps * 2 / 3)
        for i in 0...steps {
            let x = i <= peak ? Double(i) / Double(peak) : max(0, 1 - Double(i - peak) / Double(max(1, steps - peak)) * 1.2)
            let t = Int64(platform.clock.now().timeIntervalSince1970 * 1000)
            var batch: [Result<Observation, DomainError>] = []
            for s in rain { batch.append(.success(Observation(datastreamID: s.id, time: t, result: (8 + 60 * x).rounded()))) }
            for s in tide { batch.append(.success(Observation(datastreamID: s.id, time: t, result: 4.1 + 0.9 * x))) }
            for s in wind { batch.append(.success(Observation(datastreamID: s.id, time: t, result: 9 + 10 * x))) }
            for (k, s) in underpass.enumerated() { batch.append(.success(Observation(datastreamID: s.id, time: t, result: max(0, 0.45 * x - 0.04 * Double(k))))) }
            _ = try await platform.sensing.ingest(batch, by: gateway)
            outcome.readings += batch.count
            log("step \(i): rain \(Int(8 + 60 * x)) mm/h, tide \(String(format: "%.2f", 4.1 + 0.9 * x)) m, underpass \(String(format: "%.2f", 0.45 * x)) m")
            if i == peak { try await handle(platform, outcome: &outcome, under: street, signIn: signIn) }
            try await Task.sleep(for: pause)
        }
        var before: AlarmID?
        while true {
            let page = try await platform.sensing.alarms(onOnly: false, before: before, limit: 200, by: admin)
            let mine = page.filter { $0.raisedAt >= now.addingTimeInterval(-1) }
            outcome.alarms += mine.count
            guard page.count == 200, mine.count == page.count else { break }
            before = page.last?.id
        }
        return outcome
    }

    /// At the peak: each waterlogging case of the street is handled by its department, verified by the street's duty
    /// desk through the underpass camera, and closed.
    func handle(_ platform: Platform, outcome: inout Outcome, under street: OrgNode, signIn: (String) async throws -> Identity) async throws {
        let duty = try await signIn("duty.s1")
        let alarms = try await platform.sensing.alarms(onOnly: true, before: nil, limit: 200, by: duty)
        let cases = Set(alarms.filter { $0.nodePath.hasPrefix(street.path) }.compactMap(\.caseID))
        for id in cases.sorted() {
            outcome.cases.append(id)
            var record = try await platform.cases.visibleCase(id, by: duty)
            if record.state == .accepted, let lead = platform.data.departments.values.first(where: { street.path.hasPrefix(platform.data.departmentPaths[$0.id] ?? "/") && $0.kind == "shuiwu" }) {
                record = try await platform.cases.perform(.dispatch(lead: lead.id, coHandlers: [], note: "积水抽排"), on: id, by: duty).record
            }
            guard let lead = record.leadDepartmentID, let department = platform.data.departments[lead] else { continue }
            let handler = try await signIn("h.\(department.code.lowercased())")
            // Each step the case still needs (a re-fire may have joined a case already under way).
            if record.state == .dispatched { record = try await platform.cases.perform(.start(note: "泵车出发"), on: id, by: handler).record }
            if record.state == .inProgress {
                record = try await platform.cases.perform(.reportBack(note: "泵车抽排完毕，下立交恢复通行"), on: id, by: handler).record
            }
            if record.state == .handled {
                guard let location = record.location,
                      let camera = try await platform.cameras.list(under: street.id, by: duty).min(by: {
                          DuplicatePolicy.metres($0.location, location) < DuplicatePolicy.metres($1.location, location)
                      }) else { continue }
                let snapshot = try await platform.cases.attach(to: id, contentType: "image/png", fileName: "\(camera.code)-snapshot.png", bytes: DemoPhoto.png, by: duty)
                record = try await platform.cases.perform(.verify(passed: true, note: "视频复查：路面无积水", method: .video, camera: camera), on: id, by: duty,
                                                          attachmentIDs: [snapshot.id]).record
            }
            if record.state == .verified { record = try await platform.cases.perform(.close(note: "积水排除"), on: id, by: duty).record }
            guard record.state == .closed else { continue }
            outcome.closed.append(id)
            log("case \(record.number) handled by \(department.name), verified by video and closed")
        }
    }
}
