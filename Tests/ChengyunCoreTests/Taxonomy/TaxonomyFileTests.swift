import Foundation
import Testing
@testable import ChengyunCore

@Suite("案件分类数据 Sources/ChengyunDemo/Resources/taxonomy.json")
struct TaxonomyFileTests {
    static func shipped() throws -> Taxonomy {
        try Taxonomy.decode(Data(contentsOf: TaxonomyFixtures.taxonomyFile()))
    }

    @Test("随仓库发布的分类表可解析并通过校验")
    func shippedFileIsValid() throws {
        let taxonomy = try Self.shipped()
        try taxonomy.validate(knownDepartmentKinds: Set(DepartmentKinds.all.map(\.code)))
        #expect(taxonomy.version == "GB/T 30428.2-2013 structure, Chengyun demo edition 2")
        #expect(taxonomy.note?.isEmpty == false)
        #expect(taxonomy.categories.count == 105)
    }

    @Test("部件六大类、事件六大类齐全，另有地方扩展的住宅小区类（应急维修由物业牵头）")
    func majorClasses() throws {
        let majors = try Self.shipped().majorClasses
        #expect(majors.filter { $0.kind == .component }.map(\.name) == ["公用设施", "道路交通", "市容环境", "园林绿化", "房屋土地", "其他设施"])
        #expect(majors.filter { $0.kind == .event }.map(\.name) == ["市容环境", "宣传广告", "施工管理", "突发事件", "街面秩序", "其他事件", "住宅小区"])
        #expect(majors.map(\.code) == ["01", "02", "03", "04", "05", "06", "01", "02", "03", "04", "05", "06", "07"])
        let extended = try Self.shipped().categories.filter { $0.majorCode == "07" }
        #expect(extended.count == 5 && extended.allSatisfy { $0.kind == .event && $0.leadDepartmentKind == PropertyCompany.departmentKind })
    }

    @Test("每个大类有足够的小类")
    func minorClassCounts() throws {
        let taxonomy = try Self.shipped()
        for major in ["01", "02", "03", "04"] {
            #expect(taxonomy.minorClasses(kind: .component, majorCode: major).count >= 8, "component \(major)")
        }
        for major in ["05", "06"] {
            #expect(taxonomy.minorClasses(kind: .component, majorCode: major).count >= 3, "component \(major)")
        }
        for major in ["01", "02", "03", "04", "05", "06"] {
            #expect((6...12).contains(taxonomy.minorClasses(kind: .event, majorCode: major).count), "event \(major)")
        }
    }

    @Test("每类职能部门至少主责一个小类（社区事务受理服务中心不办案件）")
    func everyDepartmentKindLeadsSomething() throws {
        let used = Set(try Self.shipped().categories.map(\.leadDepartmentKind))
        #expect(used == DepartmentKinds.codes.subtracting(DepartmentKinds.notForCases))
    }

    @Test("典型小类的默认时限符合常识")
    func representativeDefaults() throws {
        let taxonomy = try Self.shipped()
        let cover = try #require(taxonomy.category(kind: .component, code: "0101"))
        #expect(cover.name == "上水井盖" && cover.leadDepartmentKind == "shuiwu" && cover.hoursKind == .natural)
        #expect(taxonomy.deadlineHours(for: cover, urgency: .critical) <= 2)
        #expect(cover.acceptanceCriteria.contains("缺失"))

        let light = try #require(taxonomy.category(id: "component:0118"))
        #expect(light.name == "路灯" && light.urgency == .normal && light.hoursKind == .working)
        #expect(light.deadlineHours[.normal] == 24)

        let flood = try #require(taxonomy.category(id: "event:0405"))
        #expect(flood.name == "道路积水" && flood.urgency == .urgent && flood.hoursKind == .natural && flood.leadDepartmentKind == "shuiwu")

        let parking = try #require(taxonomy.category(id: "event:0509"))
        #expect(parking.name == "机动车乱停放" && parking.hoursKind == .natural && parking.leadDepartmentKind == "gongan")

        let gas = try #require(taxonomy.category(id: "event:0403"))
        #expect(gas.urgency == .critical && gas.leadDepartmentKind == "ranqi")
    }

    @Test("每个小类都有中英文名和立案、结案条件")
    func textsPresent() throws {
        for category in try Self.shipped().categories {
            #expect(!category.name.isEmpty && !category.nameEn.isEmpty, "\(category.id)")
            #expect(!category.acceptanceCriteria.isEmpty && !category.closingCriteria.isEmpty, "\(category.id)")
            #expect(category.nameEn.unicodeScalars.allSatisfy { $0.isASCII }, "\(category.id) nameEn should be English")
        }
    }

    @Test("编码后再解析不变")
    func roundTrip() throws {
        let taxonomy = try Self.shipped()
        let again = try Taxonomy.decode(JSONEncoder().encode(taxonomy))
        #expect(again == taxonomy)
    }
}
