import Foundation
@testable import ChengyunCore

/// Small hand-built taxonomies for the validation tests.
enum TaxonomyFixtures {
    static func category(
        kind: CategoryKind = .component, code: String = "0101", majorName: String = "公用设施", name: String = "上水井盖",
        department: String = "shuiwu", deadlines: [Urgency: Double] = [.normal: 24, .urgent: 4, .critical: 1]
    ) -> ChengyunCore.Category {
        Category(
            kind: kind, code: code, majorName: majorName, name: name, nameEn: "Water supply manhole cover",
            leadDepartmentKind: department, urgency: .urgent, deadlineHours: deadlines, hoursKind: .natural,
            acceptanceCriteria: "井盖缺失、破损或移位", closingCriteria: "井盖完好归位"
        )
    }

    static let small = Taxonomy(version: "test 1", categories: [
        category(),
        category(code: "0118", name: "路灯", department: "jiaotong", deadlines: [.normal: 24, .urgent: 8, .critical: 2]),
        category(code: "0201", majorName: "道路交通", name: "停车场", department: "jiaotong"),
        category(kind: .event, code: "0101", majorName: "市容环境", name: "私搭乱建", department: "chengguan"),
        category(kind: .event, code: "0509", majorName: "街面秩序", name: "机动车乱停放", department: "gongan"),
    ])

    static func taxonomyFile(filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources").appendingPathComponent("ChengyunDemo").appendingPathComponent("Resources").appendingPathComponent("taxonomy.json")
    }

    /// One category object of Sources/ChengyunDemo/Resources/taxonomy.json's format, with `deadlineHours` given as raw JSON.
    static func categoryJSON(deadlineHours: String = #"{"normal": 24, "urgent": 4, "critical": 1}"#, urgency: String = "urgent") -> String {
        #"{"kind": "component", "code": "0101", "majorName": "公用设施", "name": "上水井盖", "nameEn": "Water supply manhole cover", "leadDepartmentKind": "shuiwu", "urgency": "\#(urgency)", "deadlineHours": \#(deadlineHours), "hoursKind": "natural", "acceptanceCriteria": "井盖缺失", "closingCriteria": "井盖完好"}"#
    }

    static func fileJSON(_ categories: String...) -> Data {
        Data(#"{"version": "test", "note": "n", "categories": [\#(categories.joined(separator: ", "))]}"#.utf8)
    }
}
