/// 风险源 / 隐患的种类 — what a hazard is about: the hazard sources and key supervised units, and the lifeline hazards, the
/// papers name (docs/PRODUCT.md module 5; seeds 000, 001), plus public health and food for the whistle-blower's reports.
/// One list for the risk register and every report of a hazard.
public enum HazardKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// 危险化学品
    case hazardousChemicals
    /// 人员密集场所
    case crowdedPlace
    /// 建设工地
    case constructionSite
    /// 老旧房屋
    case oldBuilding
    /// 老厂房里的工作室
    case factoryStudio
    /// 特种设备 (lifts, boilers, pressure vessels)
    case specialEquipment
    /// 三合一场所 — living, storage and work in one unlicensed room
    case threeInOne
    /// 燃气、供水管线
    case gasWaterMains
    /// 玻璃幕墙
    case curtainWall
    /// 空调外机
    case outdoorUnit
    /// 飞线充电 — e-bikes charged from a cable run out of a window
    case flyingWireCharging
    /// 消防设施、通道
    case fireSafety
    /// 传染病、公共卫生
    case publicHealth
    /// 食品药品安全
    case foodSafety
    /// 其他
    case other

    public var chineseName: String {
        switch self {
        case .hazardousChemicals: "危险化学品"
        case .crowdedPlace: "人员密集场所"
        case .constructionSite: "建设工地"
        case .oldBuilding: "老旧房屋"
        case .factoryStudio: "老厂房工作室"
        case .specialEquipment: "特种设备"
        case .threeInOne: "三合一场所"
        case .gasWaterMains: "燃气供水管线"
        case .curtainWall: "玻璃幕墙"
        case .outdoorUnit: "空调外机"
        case .flyingWireCharging: "飞线充电"
        case .fireSafety: "消防安全"
        case .publicHealth: "公共卫生"
        case .foodSafety: "食品药品安全"
        case .other: "其他"
        }
    }
}
