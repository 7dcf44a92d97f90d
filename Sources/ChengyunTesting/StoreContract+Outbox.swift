import ChengyunCore
public import ChengyunStore
import Foundation
import Testing

extension StoreContract {
    /// 发件箱: messages are written with the case change they report (a refused change writes none), the case's id and
    /// number filled into a payload that named it before it had them; due messages oldest first per topic; a failure
    /// counts an attempt and holds the message back until its next attempt; delivery ends it; counts per topic.
    public static func outbox(_ fresh: @Sendable () async throws -> any OrganisationStore & CaseStore & OutboxStore) async throws {
        let store = try await fresh()
        let t = try await tree(store)
        let t0 = Date(timeIntervalSince1970: 1_795_140_000)
        let topic = "hotline.status"
        func message(_ note: String, at: Date) -> OutboxMessage {
            OutboxMessage(topic: topic, key: "T-1", payload: #"{"caseId":0,"note":"\#(note)","number":""}"#, createdAt: at)
        }
        var ticket = newCase(t.grid, at: t0)
        ticket.source = .hotline
        ticket.externalRef = "T-1"
        let made = try await store.createCase(ticket, events: [], outbox: [message("reported", at: t0)])
        _ = try await store.createCase(newCase(t.grid, at: t0), events: [], outbox: [OutboxMessage(topic: "sms", key: "S-1", payload: "{}", createdAt: t0)])
        // A refused case (a second ticket with the same id) writes no message.
        await #expect(throws: DomainError.self) { _ = try await store.createCase(ticket, events: [], outbox: [message("again", at: t0)]) }

        var dispatched = made
        dispatched.state = .dispatched
        dispatched.leadDepartmentID = t.department.id
        dispatched.version += 1
        let event = CaseEvent(caseID: made.id, action: .dispatch, actorID: nil, actorName: "duty", at: t0.addingTimeInterval(60), note: nil,
                              fromState: .reported, toState: .dispatched, departmentIDs: [t.department.id])
        _ = try await store.saveTransition(dispatched, event: event, outbox: [message("dispatched", at: t0.addingTimeInterval(60))])
        await #expect(throws: DomainError.self) {
            _ = try await store.saveTransition(dispatched, event: event, outbox: [message("stale", at: t0.addingTimeInterval(60))])
        }

        let log = try await store.messages(topic: topic, key: "T-1")
        #expect(log.map(\.payload) == ["reported", "dispatched"].map { #"{"caseId":\#(made.id.rawValue),"note":"\#($0)","number":"\#(made.number)"}"# })
        #expect(log.allSatisfy { $0.id != nil && $0.attempts == 0 && $0.deliveredAt == nil && $0.lastError == nil && $0.topic == topic })
        #expect(log.map(\.createdAt) == [t0, t0.addingTimeInterval(60)])
        #expect(log.map(\.nextAttemptAt) == [t0, t0.addingTimeInterval(60)])
        let first = try #require(log.first?.id), second = try #require(log.last?.id)
        #expect(try await store.messages(topic: topic, key: "T-2").isEmpty)
        #expect(try await store.messages(topic: "sms", key: "T-1").isEmpty, "topics apart")

        // Due: by topic, at their next attempt, oldest first, at most `limit`.
        #expect(try await store.dueMessages(topic: "sms", now: t0, limit: 10).map(\.key) == ["S-1"])
        #expect(try await store.dueMessages(topic: topic, now: t0, limit: 10).map(\.id) == [first])
        #expect(try await store.dueMessages(topic: topic, now: t0.addingTimeInterval(60), limit: 10).map(\.id) == [first, second])
        #expect(try await store.dueMessages(topic: topic, now: t0.addingTimeInterval(60), limit: 1).map(\.id) == [first])
        #expect(try await store.outboxStats(topic: topic) == OutboxStats(pending: 2, delivered: 0, failing: 0))

        // A failure: one attempt more, the error kept, not due before its pause is over.
        try await store.markFailed(first, error: "HTTP 503", nextAttemptAt: t0.addingTimeInterval(65))
        let failed = try #require(try await store.messages(topic: topic, key: "T-1").first)
        #expect(failed.attempts == 1 && failed.lastError == "HTTP 503" && failed.nextAttemptAt == t0.addingTimeInterval(65) && failed.deliveredAt == nil)
        #expect(try await store.dueMessages(topic: topic, now: t0.addingTimeInterval(64), limit: 10).map(\.id) == [second])
        #expect(try await store.outboxStats(topic: topic) == OutboxStats(pending: 2, delivered: 0, failing: 1))
        try await store.markFailed(first, error: "timed out", nextAttemptAt: t0.addingTimeInterval(75))
        #expect(try await store.messages(topic: topic, key: "T-1").first?.attempts == 2)
        #expect(try await store.dueMessages(topic: topic, now: t0.addingTimeInterval(75), limit: 10).map(\.id) == [first, second])

        // Delivered: counted as an attempt, the error cleared, never due again.
        try await store.markDelivered(first, at: t0.addingTimeInterval(76))
        let delivered = try #require(try await store.messages(topic: topic, key: "T-1").first)
        #expect(delivered.deliveredAt == t0.addingTimeInterval(76) && delivered.attempts == 3 && delivered.lastError == nil)
        #expect(try await store.dueMessages(topic: topic, now: t0.addingTimeInterval(86_400), limit: 10).map(\.id) == [second])
        #expect(try await store.outboxStats(topic: topic) == OutboxStats(pending: 1, delivered: 1, failing: 0))
        #expect(try await store.outboxStats(topic: "sms") == OutboxStats(pending: 1, delivered: 0, failing: 0))
        #expect(try await store.outboxStats(topic: "none") == OutboxStats(pending: 0, delivered: 0, failing: 0))
    }

    /// 视频复查与处置权: cameras registered in an area with unique codes, read by id and by subtree (ordered by code),
    /// switched off and on; the handling-power table saved and replaced whole.
    public static func facilities(_ fresh: @Sendable () async throws -> any OrganisationStore & CameraStore & HandlingPowerStore) async throws {
        let store = try await fresh()
        let t = try await tree(store)
        let a = try await store.createCamera(CameraDraft(code: "CAM-002", name: "长乐路口", location: GeoPoint(lon: 0.5, lat: 0.5)), nodeID: t.grid.id)
        let b = try await store.createCamera(CameraDraft(code: "CAM-001", name: "安平路口", location: GeoPoint(lon: 2, lat: 2)), nodeID: t.otherGrid.id)
        #expect(a.code == "CAM-002" && a.name == "长乐路口" && a.location == GeoPoint(lon: 0.5, lat: 0.5))
        #expect(a.nodeID == t.grid.id && a.nodePath == t.grid.path && a.active)
        #expect(try await store.camera(a.id) == a)
        #expect(try await store.camera(b.id) == b)
        #expect(try await store.camera(CameraID(987_654)) == nil)
        #expect(try await store.cameras(under: t.city.path).map(\.code) == ["CAM-001", "CAM-002"])
        #expect(try await store.cameras(under: t.street.path).map(\.id) == [a.id])
        #expect(try await store.cameras(under: t.committee.path + "999/").isEmpty)
        await #expect(throws: DomainError.self) {
            _ = try await store.createCamera(CameraDraft(code: "CAM-001", name: "重复", location: GeoPoint(lon: 0.1, lat: 0.1)), nodeID: t.grid.id)
        }
        await #expect(throws: DomainError.self) {
            _ = try await store.createCamera(CameraDraft(code: "CAM-009", name: "无处", location: GeoPoint(lon: 0.1, lat: 0.1)), nodeID: NodeID(987_654))
        }
        #expect(try await store.cameras(under: t.city.path).count == 2, "refused cameras are not stored")
        try await store.setCameraActive(a.id, active: false)
        #expect(try await store.camera(a.id)?.active == false)
        #expect(try await store.cameras(under: t.street.path).map(\.active) == [false], "a camera switched off is still listed")
        #expect(try await store.camera(b.id)?.active == true)
        try await store.setCameraActive(a.id, active: true)
        #expect(try await store.camera(a.id)?.active == true)
        await #expect(throws: DomainError.self) { try await store.setCameraActive(CameraID(987_654), active: false) }

        #expect(try await store.handlingPowers().isEmpty)
        let water = try await store.createDepartment(nodeID: t.district.id, kind: "shuiwu", code: "D002", name: "东湖区水务")
        let powers = [HandlingPower(departmentID: t.department.id, categoryID: "event:0110"), HandlingPower(departmentID: water.id, categoryID: "component:0101"),
                      HandlingPower(departmentID: water.id, categoryID: "event:0509")]
        try await store.saveHandlingPowers(powers)
        #expect(Set(try await store.handlingPowers()) == Set(powers))
        try await store.saveHandlingPowers([powers[1]])
        #expect(try await store.handlingPowers() == [powers[1]], "the whole table is replaced")
        try await store.saveHandlingPowers([])
        #expect(try await store.handlingPowers().isEmpty)
    }
}
