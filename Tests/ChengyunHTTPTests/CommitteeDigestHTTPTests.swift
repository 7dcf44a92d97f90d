import ChengyunCore
import ChengyunTesting
import Foundation
import HTTPTypes
import Testing

@Suite("居委简报：治理要点、建议三会议题、群租苗头 over HTTP")
struct CommitteeDigestHTTPTests {
    @Test("社工读本居委简报：同一小区同类问题三次成为建议议题，最多的类别与超期件数在要点中，住人过多的房屋列为苗头；居民与他居委的社工读不到；天数有范围")
    func digest() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let worker = try await api.login("cw.990001001001")
            let committee = try #require(try await api.call(.get, "/api/v1/org/nodes?kind=committee", token: worker).json.array.first { $0["code"].string == "990001001001" }?["id"].int)
            let compound = try #require(try await api.call(.get, "/api/v1/compounds?nodeId=\(committee)", token: worker).json["compounds"].array.first)
            let compoundID = try #require(compound["id"].int)
            let resident = try await api.login("resident1")
            for i in 0..<3 {
                let reply = try await api.call(.post, "/api/v1/cases", token: resident,
                                               json: #"{"source":"resident","categoryId":"event:0604","description":"小区里遛狗不牵绳 \#(i)","compoundId":\#(compoundID)}"#)
                #expect(reply.status == .created && reply.json["compoundId"].int == compoundID, "\(reply.json)")
            }
            let digest = try await api.call(.get, "/api/v1/committees/\(committee)/digest", token: worker)
            #expect(digest.status == .ok, "\(digest.json)")
            let topics = digest.json["suggestedTopics"].array
            #expect(topics.contains { $0["compoundId"].int == compoundID && $0["categoryId"].string == "event:0604" && ($0["count"].int ?? 0) >= 3 }, "\(topics)")
            let points = digest.json["points"].array
            #expect(points.contains { $0["kind"].string == "most" && $0["count"].int != nil }, "\(points)")
            #expect(points.allSatisfy { ["rising", "most", "overdue", "lateDecisions", "waitingTopics"].contains($0["kind"].string ?? "") })
            #expect(digest.json["patterns"].array.allSatisfy { ($0["residents"].int ?? 0) >= 6 && $0["kind"].string == "groupRenting" })
            #expect(try await api.call(.get, "/api/v1/committees/\(committee)/digest", token: resident).status == .forbidden)
            let other = try await api.login("cw.990001002001")
            #expect([.forbidden, .notFound].contains(try await api.call(.get, "/api/v1/committees/\(committee)/digest", token: other).status))
            let street = try await api.login("leader")
            #expect(try await api.call(.get, "/api/v1/committees/\(committee)/digest?days=7", token: street).status == .ok, "the city supports its committees")
            let bad = try await api.call(.get, "/api/v1/committees/\(committee)/digest?days=365", token: worker)
            #expect(bad.status == .badRequest && bad.json["error"]["field"].string == "days")
            let notCommittee = try #require(try await api.call(.get, "/api/v1/org/nodes?kind=street", token: street).json[0]["id"].int)
            #expect(try await api.call(.get, "/api/v1/committees/\(notCommittee)/digest", token: street).status == .unprocessableContent)
        }
    }
}
