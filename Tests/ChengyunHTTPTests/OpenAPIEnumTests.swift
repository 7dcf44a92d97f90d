import ChengyunCore
import ChengyunDemo
import ChengyunHTTP
import ChengyunServices
import ChengyunTesting
import Foundation
import HTTPTypes
import Hummingbird
import Testing

@Suite("接口文档 the document matches what the history returns", .enabled(if: TestCity.storeKind == "sqlite", "the same on either store: run once, in the first pass"))
struct OpenAPIEnumTests {
    @Test("历史的 action、fromState、toState 与案件状态取自领域枚举，一个不缺")
    func historyValuesAreDocumented() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let document = try await api.call(.get, "/api/v1/openapi.json").json
            let event = document["components"]["schemas"]["CaseEvent"]["properties"]
            #expect(Set(event["action"]["enum"].array.compactMap(\.string)) == Set(CaseAction.allCases.map(\.rawValue)))
            #expect(Set(event["toState"]["enum"].array.compactMap(\.string)) == Set(CaseState.allCases.map(\.rawValue)))
            #expect(Set(event["fromState"]["enum"].array.compactMap(\.string)) == Set(CaseState.allCases.map(\.rawValue)))
            // Enums that grow with the platform: a ledger's source, a community-affairs request's state, an exchange's state.
            let schemas = document["components"]["schemas"]
            #expect(Set(schemas["LedgerItem"]["properties"]["source"]["enum"].array.compactMap(\.string)) == Set(LedgerItem.Source.allCases.map(\.rawValue)))
            #expect(Set(schemas["ServiceRequest"]["properties"]["state"]["enum"].array.compactMap(\.string)) == Set(ServiceRequest.State.allCases.map(\.rawValue)))
            #expect(Set(schemas["ServiceRequest"]["properties"]["authorisation"]["enum"].array.compactMap(\.string)) == Set(ServiceRequest.Authorisation.allCases.map(\.rawValue)))
            #expect(Set(schemas["Redemption"]["properties"]["state"]["enum"].array.compactMap(\.string)) == Set(Redemption.State.allCases.map(\.rawValue)))
        }
    }
}
