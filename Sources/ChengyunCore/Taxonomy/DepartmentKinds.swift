import Foundation

/// 职能部门类别 — the department kinds the taxonomy and the demo city share.
public enum DepartmentKinds {
    /// Every department kind: a stable code, its Chinese and English names.
    public static let all: [(code: String, name: String, nameEn: String)] = [
        ("chengguan", "城管执法", "Urban management enforcement"),
        ("lvhua", "绿化市容", "Greening and city appearance"),
        ("shuiwu", "水务", "Water affairs"),
        ("jiaotong", "交通", "Transport"),
        ("gongan", "公安", "Public security"),
        ("zhujian", "住建", "Housing and construction"),
        ("shichang", "市场监管", "Market regulation"),
        ("huanbao", "生态环境", "Ecology and environment"),
        ("yingji", "应急管理", "Emergency management"),
        ("weijian", "卫健", "Health"),
        ("minzheng", "民政", "Civil affairs"),
        ("fangguan", "房管", "Housing administration"),
        ("dianli", "电力", "Electric power"),
        ("ranqi", "燃气", "Gas"),
        ("tongxin", "通信", "Telecommunications"),
        ("wuye", "物业服务企业", "Property company"),
        ("shequshiwu", "社区事务受理服务中心", "Community affairs service centre"),
    ]

    /// 街镇社区事务受理服务中心 — a street's centre that decides the community-affairs requests its stations forward
    /// (docs/SERVICE-REQUESTS.md); a street's unit, not a case department.
    public static let serviceCentre = "shequshiwu"

    /// The kinds that lead no case category: units with work of their own (the community-affairs centres).
    public static let notForCases: Set<String> = [serviceCentre]

    /// The codes of `all`, for `Taxonomy.validate(knownDepartmentKinds:)`.
    public static let codes: Set<String> = Set(all.map(\.code))

    /// The Chinese name of a department kind code, or nil when the code is unknown.
    public static func name(of code: String) -> String? {
        all.first { $0.code == code }?.name
    }
}
