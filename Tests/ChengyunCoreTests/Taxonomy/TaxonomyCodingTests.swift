import Foundation
import Testing
@testable import ChengyunCore

@Suite("案件分类 JSON 与查询 taxonomy coding and lookup")
struct TaxonomyCodingTests {
    @Test("处置时限在 JSON 中写作以紧急程度为键的对象")
    func deadlineHoursEncodeAsObject() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(TaxonomyFixtures.category()), as: UTF8.self)
        #expect(json.contains(#""deadlineHours":{"critical":1,"normal":24,"urgent":4}"#))
        #expect(!json.contains(#""id""#))
    }

    @Test("解析文件格式并校验")
    func decodesFileFormat() throws {
        let taxonomy = try Taxonomy.decode(TaxonomyFixtures.fileJSON(TaxonomyFixtures.categoryJSON()))
        #expect(taxonomy.categories.first?.deadlineHours == [.normal: 24, .urgent: 4, .critical: 1])
        #expect(taxonomy.note == "n")
    }

    @Test("JSON 错误指出字段路径")
    func malformedJSONNamesTheField() {
        func failure(_ data: Data) -> TaxonomyError? {
            do {
                _ = try Taxonomy.decode(data)
                return nil
            } catch {
                return error
            }
        }
        let badUrgency = failure(TaxonomyFixtures.fileJSON(TaxonomyFixtures.categoryJSON(), TaxonomyFixtures.categoryJSON(urgency: "high")))
        #expect(badUrgency?.code == "taxonomy.malformed")
        #expect(badUrgency?.field == "categories[1].urgency")
        let badDeadline = failure(TaxonomyFixtures.fileJSON(TaxonomyFixtures.categoryJSON(deadlineHours: #"{"normal": "24", "urgent": 4, "critical": 1}"#)))
        #expect(badDeadline?.field == "categories[0].deadlineHours.normal")
        let unknownKey = failure(TaxonomyFixtures.fileJSON(TaxonomyFixtures.categoryJSON(deadlineHours: #"{"normal": 24, "urgent": 4, "severe": 1}"#)))
        #expect(unknownKey?.code == "taxonomy.malformed")
        #expect(unknownKey?.field?.hasPrefix("categories[0].deadlineHours") == true)
        let missingCritical = failure(TaxonomyFixtures.fileJSON(TaxonomyFixtures.categoryJSON(deadlineHours: #"{"normal": 24, "urgent": 4}"#)))
        #expect(missingCritical?.code == "taxonomy.missing_deadline")
        #expect(missingCritical?.field == "categories[0].deadlineHours.critical")
        #expect(failure(Data("[]".utf8))?.code == "taxonomy.malformed")
        #expect(failure(Data(#"{"version": "v"}"#.utf8))?.field == "categories")
    }

    @Test("解析时按给定的部门类别校验")
    func decodeUsesKnownDepartmentKinds() {
        #expect(throws: TaxonomyError.self) {
            _ = try Taxonomy.decode(TaxonomyFixtures.fileJSON(TaxonomyFixtures.categoryJSON()), knownDepartmentKinds: ["chengguan"])
        }
    }

    @Test("按类别和代码、按 id 查找小类")
    func lookup() {
        let taxonomy = TaxonomyFixtures.small
        #expect(taxonomy.category(kind: .component, code: "0118")?.name == "路灯")
        #expect(taxonomy.category(id: "event:0509")?.name == "机动车乱停放")
        #expect(taxonomy.category(id: "component:0509") == nil)
        #expect(taxonomy.category(id: "0509") == nil)
        #expect(taxonomy.category(id: "incident:0101") == nil)
        #expect(taxonomy.category(id: "event:0101")?.id == "event:0101")
        let light = taxonomy.category(id: "component:0118")!
        #expect(light.majorCode == "01" && light.minorCode == "18")
    }

    @Test("大类列表：部件在前，按代码排序，每类一次")
    func majorClassList() {
        var taxonomy = TaxonomyFixtures.small
        taxonomy.categories.reverse()
        let majors = taxonomy.majorClasses.map { "\($0.kind.rawValue):\($0.code):\($0.name)" }
        #expect(majors == ["component:01:公用设施", "component:02:道路交通", "event:01:市容环境", "event:05:街面秩序"])
    }

    @Test("时限取分类表中的当前值，缺失时取更紧急的一档")
    func deadlineLookup() {
        let taxonomy = TaxonomyFixtures.small
        var stale = taxonomy.category(id: "component:0118")!
        stale.deadlineHours = [.normal: 99, .urgent: 99, .critical: 99]
        #expect(taxonomy.deadlineHours(for: stale, urgency: .normal) == 24)
        var orphan = TaxonomyFixtures.category(code: "0199", deadlines: [.critical: 1, .normal: 24])
        #expect(taxonomy.deadlineHours(for: orphan, urgency: .urgent) == 1)
        orphan.deadlineHours = [.normal: 24]
        #expect(taxonomy.deadlineHours(for: orphan, urgency: .critical) == 24)
        orphan.deadlineHours = [:]
        #expect(taxonomy.deadlineHours(for: orphan, urgency: .critical) == Taxonomy.fallbackDeadlineHours)
    }

    @Test("紧急程度排序：一般 < 紧急 < 特急")
    func urgencyOrder() {
        #expect(Urgency.normal < .urgent && Urgency.urgent < .critical)
        #expect(Urgency.allCases.sorted() == [.normal, .urgent, .critical])
        #expect(Urgency.allCases.map(\.label) == ["一般", "紧急", "特急"])
    }

    @Test("部门类别代码唯一、有中英文名")
    func departmentKinds() {
        #expect(DepartmentKinds.all.count == 17)
        #expect(DepartmentKinds.codes.count == 17)
        #expect(DepartmentKinds.name(of: DepartmentKinds.serviceCentre) == "社区事务受理服务中心")
        #expect(DepartmentKinds.name(of: PropertyCompany.departmentKind) == "物业服务企业")
        #expect(DepartmentKinds.name(of: "shuiwu") == "水务")
        #expect(DepartmentKinds.name(of: "water") == nil)
        let named = DepartmentKinds.all.allSatisfy { !$0.name.isEmpty && !$0.nameEn.isEmpty }
        #expect(named)
    }
}
