import ChengyunCore
@testable import ChengyunPostgres
import ChengyunStore
import ChengyunTesting
import Foundation
import PostgresNIO
import Testing

@Suite("物业迁移 — PostgreSQL", .enabled(if: TestServer.url != nil, "set CHENGYUN_TEST_POSTGRES (scripts/test.sh starts a server)"))
struct PostgresPropertyMigrationTests {
    @Test("物业成为实体之前的小区物业名：每个区里的名字备案为该区的企业（带处置单位），小区指向它；自管小区和外区同名物业各归各的")
    func companiesFromCompoundNames() async throws {
        let stores = TemporaryPostgresStores()
        let store = try await stores.fresh()
        do {
            let t = try await StoreContract.tree(store)
            let west = try await store.createNode(parentID: t.city.id, kind: .district, variant: nil, code: "990002", name: "西湖区")
            let street = try await store.createNode(parentID: west.id, kind: .street, variant: nil, code: "990002001", name: "西街道")
            let committee = try await store.createNode(parentID: street.id, kind: .committee, variant: nil, code: "990002001001", name: "西居委")
            func compound(_ code: String, _ node: OrgNode, _ mode: ManagementMode, _ company: String?) async throws -> Compound {
                try await store.createCompound(Compound(id: CompoundID(0), code: code, name: "小区\(code)", nodeID: node.id, nodePath: node.path, type: .commercial,
                                                        managementMode: mode, propertyCompany: company))
            }
            let a = try await compound("XQ1", t.committee, .propertyCompany, "长乐物业")
            let b = try await compound("XQ2", t.committee, .propertyCompany, "长乐物业")
            let own = try await compound("XQ3", t.committee, .selfManaged, nil)
            let far = try await compound("XQ4", committee, .propertyCompany, "长乐物业")
            // The statements the migration v20-property-companies ran over the compounds of a database before it.
            let logger = store.logger
            try await store.transaction { c in
                for statement in PostgresStore.carryOver { try await c.rows(PostgresQuery(unsafeSQL: statement), logger: logger) }
            }
            let companies = try await store.propertyCompanies(under: "/", after: nil, limit: 10)
            #expect(companies.map(\.name) == ["长乐物业", "长乐物业"] && companies.map(\.districtID) == [t.district.id, west.id], "one filed in each district")
            #expect(companies.allSatisfy { $0.creditCode == nil })
            for c in companies {
                let unit = try #require(try await store.department(c.departmentID))
                #expect(unit.kind == PropertyCompany.departmentKind && unit.nodeID == c.districtID)
            }
            #expect(try await store.compounds(of: companies[0].id).map(\.id) == [a.id, b.id])
            #expect(try await store.compounds(of: companies[1].id).map(\.id) == [far.id])
            #expect(try await store.compound(own.id)?.propertyCompanyID == nil, "a self-managed compound has none")
        } catch {
            await stores.closeAll()
            throw error
        }
        await stores.closeAll()
    }
}
