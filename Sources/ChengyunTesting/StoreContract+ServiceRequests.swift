import ChengyunCore
public import ChengyunStore
import Foundation
import Testing

extension StoreContract {
    /// 一网通办: a request stored once per filing committee and key, numbered with its id, with its first step; counted
    /// by state, item and 代办 at the resident's committee in the same transaction; moved only on the version read (a
    /// stale move changes nothing, counts included), steps in order; listed newest first under an area, whether the
    /// resident lives there or it was filed there (全市通办), by cursor and state; a resident's own; open ones past their
    /// day counted overdue; a rating and the answer to a bad one stored with the request and counted by score, bad and
    /// not yet answered, the latter listed on their own; steps read for a page at once; the forwarded ones listed by the
    /// street they were filed in (受理中心), and the bad ratings past their day to answer (raised to the street).
    public static func serviceRequests(_ fresh: @Sendable () async throws -> any OrganisationStore & BaseDataStore & ServiceRequestStore) async throws {
        let store = try await fresh()
        let t = try await tree(store)
        let other = try #require(try await store.node(code: "990001002001"))
        let at = Date(timeIntervalSince1970: 1_781_000_000)
        let people = try await store.addResidents((1...2).map { n in
            Resident(id: ResidentID(0), nodeID: t.committee.id, nodePath: t.committee.path, name: "居民\(n)", kind: .registered, source: "test")
        })
        func request(_ key: String, resident: Resident, filedAt: OrgNode, state: ServiceRequest.State, item: String = "elderlyAllowance", onBehalf: Bool = false,
                     due: Int = 20_600) -> ServiceRequest {
            ServiceRequest(id: ServiceRequestID(0), number: "YW20260609", itemCode: item, residentID: resident.id, nodeID: resident.nodeID, nodePath: resident.nodePath,
                           filedAtID: filedAt.id, filedAtPath: filedAt.path, onBehalf: onBehalf, authorisation: onBehalf ? .phone : nil, detail: "", state: state,
                           dueOn: LocalDate(daysSince1970: due), filedAt: at, filedBy: "陈社工", clientKey: key)
        }
        func step(_ action: ServiceRequest.Action, _ note: String = "") -> ServiceRequestStep {
            ServiceRequestStep(requestID: ServiceRequestID(0), seq: 1, action: action, by: "陈社工", at: at, note: note)
        }

        let (first, made) = try await store.fileServiceRequest(request("key-0001", resident: people[0], filedAt: t.committee, state: .accepted, onBehalf: true), step: step(.file, "窗口受理（代办）"))
        #expect(made && first.number == "YW20260609-" + String(repeating: "0", count: 6 - String(first.id.rawValue).count) + String(first.id.rawValue))
        #expect(first.version == 1 && first.state == .accepted && first.onBehalf && first.authorisation == .phone && first.filedAt == at)
        let (again, madeAgain) = try await store.fileServiceRequest(request("key-0001", resident: people[1], filedAt: t.committee, state: .submitted), step: step(.file))
        #expect(!madeAgain && again == first, "the same key at the same committee is the same request")
        let (online, _) = try await store.fileServiceRequest(request("key-0002", resident: people[1], filedAt: t.committee, state: .submitted, item: "seniorCard", due: 20_700),
                                                             step: step(.file, "居民线上申请"))
        // 全市通办: filed at another street's station for a resident of this committee.
        let (away, _) = try await store.fileServiceRequest(request("key-0001", resident: people[0], filedAt: other, state: .accepted, due: 20_700), step: step(.file))
        #expect(away.id != first.id, "a key is per filing committee")
        let filedSteps = try await store.serviceRequestSteps([first.id, online.id])
        #expect(filedSteps[first.id]?.map(\.action) == [.file] && filedSteps[first.id]?.first?.note == "窗口受理（代办）")
        #expect(filedSteps[online.id]?.first?.note == "居民线上申请" && filedSteps.count == 2)

        var counts = try await store.serviceRequestCounts(under: t.district.path, today: LocalDate(daysSince1970: 20_650))
        #expect(counts.total == 3 && counts.byState == ["accepted": 2, "submitted": 1] && counts.byItem == ["elderlyAllowance": 2, "seniorCard": 1] && counts.onBehalf == 1)
        #expect(counts.overdue == 1, "the one due on day 20,600 and still open")
        #expect(try await store.serviceRequestCounts(under: t.committee.path, today: LocalDate(daysSince1970: 20_650)).total == 3)
        #expect(try await store.serviceRequestCounts(under: other.path, today: LocalDate(daysSince1970: 20_650)).total == 0, "counted where the resident lives")

        // Moved on the version read; a stale move changes nothing.
        var forwarded = first
        forwarded.state = .forwarded
        let moved = try await store.moveServiceRequest(first.id, version: 1, to: forwarded, step: step(.forward, "已转区民政"))
        #expect(moved?.state == .forwarded && moved?.version == 2)
        // 受理中心: the forwarded ones filed under a street, whoever's they are.
        let otherStreet = try #require(OrgNode.ancestor(of: other.path, depth: OrgNode.Kind.street.depth)?.path)
        #expect(try await store.forwardedServiceRequests(filedUnder: t.street.path, before: nil, limit: 10).map(\.id) == [first.id])
        #expect(try await store.forwardedServiceRequests(filedUnder: otherStreet, before: nil, limit: 10).isEmpty, "away is filed there but accepted")
        var stale = first
        stale.state = .returned
        #expect(try await store.moveServiceRequest(first.id, version: 1, to: stale, step: step(.return, "x")) == nil)
        #expect(try await store.moveServiceRequest(ServiceRequestID(999_999), version: 1, to: stale, step: step(.return, "x")) == nil)
        var done = try #require(moved)
        done.state = .done
        done.closedAt = at.addingTimeInterval(3600)
        done.outcome = "已核准，次月发放"
        let closed = try await store.moveServiceRequest(first.id, version: 2, to: done, step: step(.complete, "已核准，次月发放"))
        #expect(closed?.state == .done && closed?.closedAt == at.addingTimeInterval(3600) && closed?.outcome == "已核准，次月发放" && closed?.version == 3)
        let steps = try await store.serviceRequestSteps([first.id])[first.id] ?? []
        #expect(steps.map(\.seq) == [1, 2, 3] && steps.map(\.action) == [.file, .forward, .complete])
        counts = try await store.serviceRequestCounts(under: t.city.path, today: LocalDate(daysSince1970: 20_650))
        #expect(counts.total == 3 && counts.byState == ["accepted": 1, "submitted": 1, "done": 1] && counts.onBehalf == 1 && counts.overdue == 0)

        // Listed newest first: the resident's committee sees all three, the other committee the one filed there.
        #expect(try await store.serviceRequests(under: t.committee.path, state: nil, badOpen: false, before: nil, limit: 10).map(\.id) == [away.id, online.id, first.id])
        #expect(try await store.serviceRequests(under: other.path, state: nil, badOpen: false, before: nil, limit: 10).map(\.id) == [away.id])
        #expect(try await store.serviceRequests(under: t.city.path, state: nil, badOpen: false, before: nil, limit: 2).map(\.id) == [away.id, online.id])
        #expect(try await store.serviceRequests(under: t.city.path, state: nil, badOpen: false, before: online.id, limit: 2).map(\.id) == [first.id])
        #expect(try await store.serviceRequests(under: t.city.path, state: .submitted, badOpen: false, before: nil, limit: 10).map(\.id) == [online.id])
        #expect(try await store.serviceRequests(resident: people[0].id, limit: 10).map(\.id) == [away.id, first.id])
        #expect(try await store.serviceRequest(online.id)?.itemCode == "seniorCard")

        // 好差评: rated badly, counted and listed as not answered; answered, it leaves that list and count.
        var rated = try #require(closed)
        rated.rating = ServiceRequest.Rating(score: 2, comment: "跑了两次", at: at.addingTimeInterval(7200), rectifyBy: LocalDate(daysSince1970: 20_670))
        let stored = try #require(try await store.moveServiceRequest(first.id, version: 3, to: rated, step: step(.rate, "2")))
        #expect(stored.rating == rated.rating && stored.state == .done && stored.version == 4)
        counts = try await store.serviceRequestCounts(under: t.city.path, today: LocalDate(daysSince1970: 20_650))
        #expect(counts.rated == 1 && counts.byScore == ["2": 1] && counts.bad == 1 && counts.badOpen == 1 && counts.total == 3)
        #expect(try await store.serviceRequests(under: t.committee.path, state: nil, badOpen: true, before: nil, limit: 10).map(\.id) == [first.id])
        #expect(try await store.serviceRequests(under: other.path, state: nil, badOpen: true, before: nil, limit: 10).isEmpty)
        // Past its day (20,670) unanswered: counted and listed for the street it was filed in (raised to the street).
        let late = LocalDate(daysSince1970: 20_680)
        #expect(counts.badOverdue == 0, "not yet due")
        #expect(try await store.serviceRequestCounts(under: t.street.path, today: late).badOverdue == 1)
        #expect(try await store.badRatingsPastDay(filedUnder: t.street.path, today: LocalDate(daysSince1970: 20_670), before: nil, limit: 10).isEmpty, "due that day")
        #expect(try await store.badRatingsPastDay(filedUnder: t.street.path, today: late, before: nil, limit: 10).map(\.id) == [first.id])
        #expect(try await store.badRatingsPastDay(filedUnder: t.street.path, today: late, before: first.id, limit: 10).isEmpty)
        #expect(try await store.badRatingsPastDay(filedUnder: otherStreet, today: late, before: nil, limit: 10).isEmpty)
        var answered = stored
        answered.rating?.rectification = "已向居民致歉，材料清单改为一次告知"
        answered.rating?.rectifiedAt = at.addingTimeInterval(86_400)
        answered.rating?.rectifiedBy = "陈社工"
        let done2 = try #require(try await store.moveServiceRequest(first.id, version: 4, to: answered, step: step(.rectify, "已向居民致歉")))
        #expect(done2.rating == answered.rating && done2.version == 5)
        counts = try await store.serviceRequestCounts(under: t.committee.path, today: LocalDate(daysSince1970: 20_650))
        #expect(counts.rated == 1 && counts.bad == 1 && counts.badOpen == 0)
        #expect(try await store.serviceRequestCounts(under: t.street.path, today: late).badOverdue == 0, "answered")
        #expect(try await store.badRatingsPastDay(filedUnder: t.street.path, today: late, before: nil, limit: 10).isEmpty)
        #expect(try await store.serviceRequests(under: t.city.path, state: nil, badOpen: true, before: nil, limit: 10).isEmpty)
        #expect(try await store.serviceRequest(first.id)?.rating == answered.rating)

        // 全市通办 at the centre: forwarded by the other street's station for this committee's resident, it waits at the
        // other street's centre, not this one's; decided requests are on neither list; the cursor pages.
        #expect(try await store.forwardedServiceRequests(filedUnder: t.street.path, before: nil, limit: 10).isEmpty, "decided")
        var awayForwarded = away
        awayForwarded.state = .forwarded
        _ = try #require(try await store.moveServiceRequest(away.id, version: 1, to: awayForwarded, step: step(.forward, "转街道受理中心")))
        var onlineForwarded = online
        onlineForwarded.state = .forwarded
        _ = try #require(try await store.moveServiceRequest(online.id, version: 1, to: onlineForwarded, step: step(.forward, "转街道受理中心")))
        #expect(try await store.forwardedServiceRequests(filedUnder: otherStreet, before: nil, limit: 10).map(\.id) == [away.id])
        #expect(try await store.forwardedServiceRequests(filedUnder: t.street.path, before: nil, limit: 10).map(\.id) == [online.id])
        #expect(try await store.forwardedServiceRequests(filedUnder: t.district.path, before: nil, limit: 1).map(\.id) == [away.id])
        #expect(try await store.forwardedServiceRequests(filedUnder: t.district.path, before: away.id, limit: 1).map(\.id) == [online.id])
    }
}
