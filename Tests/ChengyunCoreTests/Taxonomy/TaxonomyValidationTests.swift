import Foundation
import Testing
@testable import ChengyunCore

@Suite("案件分类校验 taxonomy validation")
struct TaxonomyValidationTests {
    func firstProblem(_ change: (inout Taxonomy) -> Void) -> TaxonomyError? {
        var taxonomy = TaxonomyFixtures.small
        change(&taxonomy)
        do {
            try taxonomy.validate(knownDepartmentKinds: DepartmentKinds.codes)
            return nil
        } catch {
            return error
        }
    }

    @Test("样例分类表有效")
    func smallIsValid() {
        #expect(firstProblem { _ in } == nil)
    }

    @Test("同一类别（部件/事件）内代码不能重复，部件与事件可同码")
    func duplicateCodes() {
        let error = firstProblem { $0.categories.append(TaxonomyFixtures.category(name: "另一个井盖")) }
        #expect(error?.code == "taxonomy.duplicate_code")
        #expect(error?.field == "categories[5].code")
        #expect(error?.message.contains("categories[0]") == true)
        // component:0101 and event:0101 coexist in the fixture.
        #expect(TaxonomyFixtures.small.category(kind: .event, code: "0101")?.name == "私搭乱建")
    }

    @Test("代码须为4位数字，大类、小类都从01起", arguments: ["101", "01010", "01a1", "0001", "0100", "", "０１０１"])
    func invalidCodes(code: String) {
        let error = firstProblem { $0.categories[1].code = code }
        #expect(error?.code == "taxonomy.invalid_code")
        #expect(error?.field == "categories[1].code")
    }

    @Test("同一大类的名称须一致")
    func inconsistentMajorName() {
        let error = firstProblem { $0.categories[1].majorName = "公共设施" }
        #expect(error?.code == "taxonomy.inconsistent_major_name")
        #expect(error?.field == "categories[1].majorName")
        #expect(error?.message.contains("公用设施") == true)
    }

    @Test("名称和立案、结案条件不能为空")
    func emptyTexts() {
        #expect(firstProblem { $0.categories[2].name = "  " }?.field == "categories[2].name")
        #expect(firstProblem { $0.categories[2].nameEn = "" }?.field == "categories[2].nameEn")
        #expect(firstProblem { $0.categories[2].acceptanceCriteria = "" }?.field == "categories[2].acceptanceCriteria")
        #expect(firstProblem { $0.categories[2].closingCriteria = "" }?.code == "taxonomy.empty_text")
        #expect(firstProblem { $0.version = "" }?.field == "version")
        #expect(firstProblem { $0.categories = [] }?.code == "taxonomy.empty")
    }

    @Test("每个紧急程度都须给出正的时限")
    func deadlinesPresentAndPositive() {
        let missing = firstProblem { $0.categories[3].deadlineHours[.urgent] = nil }
        #expect(missing?.code == "taxonomy.missing_deadline")
        #expect(missing?.field == "categories[3].deadlineHours.urgent")
        let zero = firstProblem { $0.categories[3].deadlineHours[.critical] = 0 }
        #expect(zero?.code == "taxonomy.invalid_deadline")
        #expect(zero?.field == "categories[3].deadlineHours.critical")
        #expect(firstProblem { $0.categories[3].deadlineHours[.normal] = .infinity }?.code == "taxonomy.invalid_deadline")
        #expect(firstProblem { $0.categories[3].deadlineHours[.normal] = .nan }?.code == "taxonomy.invalid_deadline")
    }

    @Test("越紧急时限越短：特急 ≤ 紧急 ≤ 一般")
    func deadlineOrder() {
        let error = firstProblem { $0.categories[4].deadlineHours = [.normal: 2, .urgent: 4, .critical: 1] }
        #expect(error?.code == "taxonomy.deadline_order")
        #expect(error?.field == "categories[4].deadlineHours.urgent")
        #expect(firstProblem { $0.categories[4].deadlineHours = [.normal: 4, .urgent: 1, .critical: 2] }?.field == "categories[4].deadlineHours.critical")
        #expect(firstProblem { $0.categories[4].deadlineHours = [.normal: 1, .urgent: 1, .critical: 1] } == nil)
    }

    @Test("主责部门须是已知的部门类别")
    func unknownDepartment() {
        let error = firstProblem { $0.categories[2].leadDepartmentKind = "traffic" }
        #expect(error?.code == "taxonomy.unknown_department_kind")
        #expect(error?.field == "categories[2].leadDepartmentKind")
        #expect(error?.message.contains("jiaotong") == true)
    }

    @Test("problems() 列出全部问题")
    func listsAllProblems() {
        var taxonomy = TaxonomyFixtures.small
        taxonomy.categories[0].code = "x"
        taxonomy.categories[4].leadDepartmentKind = "police"
        #expect(taxonomy.problems(knownDepartmentKinds: DepartmentKinds.codes).map(\.field) == ["categories[0].code", "categories[4].leadDepartmentKind"])
    }
}
