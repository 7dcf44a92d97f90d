import ChengyunCore
public import ChengyunStore
import Foundation
import Testing

extension StoreContract {
    /// 三会: topics listed newest first under a path (open ones only, or all); a consultation taking up its topics in
    /// one commit — a topic taken already refuses the whole, also when two meetings race for it; its state written only
    /// at the version read (decisions replaced, read back in order); listed newest first, published only on asking.
    public static func consultations(_ fresh: @Sendable () async throws -> any OrganisationStore & UserStore & CommunityConsultationStore) async throws {
        let store = try await fresh()
        let t = try await tree(store)
        let at = Date(timeIntervalSince1970: 1_781_000_000)
        let users = try await store.createUsers([UserDraft(username: "cw.cc", displayName: "张社工", phone: nil, passwordHash: "x",
                                                           assignments: [AssignmentDraft(role: .communityWorker, nodeID: t.committee.id)])])
        func topic(_ text: String, _ node: OrgNode) async throws -> ConsultationTopic {
            try await store.createConsultationTopic(ConsultationTopic(id: ConsultationTopicID(0), nodeID: node.id, nodePath: node.path, text: text, raisedByID: users[0].id,
                                                                      raisedBy: "张社工", raisedAt: at))
        }
        let parking = try await topic("停车难：夜间车位不足", t.committee)
        let bikes = try await topic("非机动车棚改造", t.committee)
        #expect(parking.raisedAt == at && parking.consultationID == nil && parking.buildingGroupID == nil)
        #expect(try await store.consultationTopics(under: t.street.path, open: true, limit: 10).map(\.id) == [bikes.id, parking.id])
        #expect(try await store.consultationTopics(under: t.committee.path, open: true, limit: 1).map(\.id) == [bikes.id])

        func draft(_ topics: [ConsultationTopicID]) -> CommunityConsultation {
            CommunityConsultation(id: CommunityConsultationID(0), nodeID: t.committee.id, nodePath: t.committee.path, kind: .hearing, title: "停车听证会", host: "李书记",
                                  scheduledAt: at + 86_400, place: "居委会议室", topicIDs: topics, createdBy: "张社工")
        }
        let hearing = try await store.createConsultation(draft([parking.id]))
        #expect(hearing.id.rawValue > 0 && hearing.status == .planned && hearing.version == 1 && hearing.topicIDs == [parking.id] && hearing.scheduledAt == at + 86_400)
        do {
            _ = try await store.createConsultation(draft([bikes.id, parking.id]))
            Issue.record("a topic taken up twice")
        } catch let error as DomainError { #expect(error.code == "consultation.topic_taken") }
        #expect(try await store.consultationTopics(under: t.committee.path, open: true, limit: 10).map(\.id) == [bikes.id], "the refused one took up nothing")
        #expect(try await store.consultationTopics([parking.id]).first?.consultationID == hearing.id)
        #expect(try await store.consultationTopics(under: t.committee.path, open: false, limit: 10).count == 2)

        var held = hearing
        held.status = .held
        held.heldAt = at + 90_000
        held.participants = "居委、物业、业委会、居民代表"
        held.participantCount = 23
        held.decisions = [ConsultationDecision(ordinal: 1, text: "路面拓宽增加车位", owner: "物业", dueOn: "2026-07-01"),
                          ConsultationDecision(ordinal: 2, text: "修订停车管理办法", owner: "业委会", dueOn: "2026-06-20")]
        let written = try #require(try await store.updateConsultation(held, expecting: 1))
        #expect(written.version == 2 && written.decisions == held.decisions && written.participantCount == 23 && written.heldAt == at + 90_000)
        #expect(try await store.updateConsultation(held, expecting: 1) == nil, "a second writer of version 1 loses")
        var done = written
        done.decisions[1].doneAt = at + 100_000
        done.decisions[1].doneNote = "已公布"
        done.status = .published
        done.notice = "经听证，决定拓宽路面并修订停车管理办法。"
        done.publishedAt = at + 100_000
        done.surveyed = 50
        done.satisfied = 49
        let published = try #require(try await store.updateConsultation(done, expecting: 2))
        let back = try #require(try await store.consultation(hearing.id))
        #expect(back == published && back.decisions[1].doneNote == "已公布" && back.satisfied == 49 && back.status == .published)

        // Two meetings planned at once on the same topic: one takes it, the other is refused and takes nothing.
        let rubbish = try await topic("垃圾箱房异味", t.committee)
        let lonely = try await topic("楼道照明", t.committee)
        let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
            for topics in [[rubbish.id], [lonely.id, rubbish.id]] {
                group.addTask {
                    do { return "made \(try await store.createConsultation(draft(topics)).id)" } catch let error as DomainError { return error.code }
                }
            }
            var all: [String] = []
            for try await o in group { all.append(o) }
            return all
        }
        #expect(outcomes.filter { $0.hasPrefix("made") }.count == 1 && outcomes.contains("consultation.topic_taken"), "\(outcomes)")
        let taken = try await store.consultationTopics([rubbish.id, lonely.id])
        let winner = try #require(taken[0].consultationID)
        #expect(taken[1].consultationID == nil || taken[1].consultationID == winner, "the refused meeting took up nothing")
        let planned = try await store.createConsultation(draft([bikes.id]))
        #expect(try await store.consultations(under: t.district.path, before: nil, limit: 10, publishedOnly: false).map(\.id) == [planned.id, winner, hearing.id])
        #expect(try await store.consultations(under: t.district.path, before: planned.id, limit: 1, publishedOnly: false).map(\.id) == [winner])
        #expect(try await store.consultations(under: t.district.path, before: nil, limit: 10, publishedOnly: true).map(\.id) == [hearing.id])
        let otherStreet = try #require(OrgNode.ancestor(of: t.otherGrid.path, depth: OrgNode.Kind.street.depth))
        #expect(try await store.consultations(under: otherStreet.path, before: nil, limit: 10, publishedOnly: false).isEmpty)
    }
}
