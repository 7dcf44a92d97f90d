/// The state of a case as the public, a caller or the police are told it: short, in Chinese, never staff notes.
extension CaseState {
    public var publicStatus: String {
        switch self {
        case .reported: "已接收，等待受理"
        case .accepted: "已受理，等待派遣"
        case .rejected: "不予受理"
        case .merged: "已与同一问题合并处理"
        case .dispatched: "已派遣至处置单位"
        case .inProgress: "处置中"
        case .handled: "已处置，等待核查"
        case .verified: "已核查，等待结案"
        case .closed: "已办结"
        case .rated: "已办结并回访"
        case .returnedToPolice: "已退回公安110处置"
        }
    }
}

/// A source as the notes the platform writes name it (自动立案（12345热线）).
extension CaseSource {
    public var chineseName: String {
        switch self {
        case .inspector: "监督员巡查"
        case .resident: "市民随手报"
        case .hotline: "12345热线"
        case .police110: "110分流"
        case .sensor: "物联感知"
        case .video: "视频识别"
        case .department: "部门发现"
        case .station: "居委站点"
        case .whistleblower: "吹哨人举报"
        }
    }
}

extension OrgNode.Kind {
    /// The level of an organisation node as a note names it: 市级, 区级, 街道级, 居委级, 网格.
    public var levelName: String {
        switch self {
        case .city: "市级"
        case .district: "区级"
        case .street: "街道级"
        case .committee: "居委级"
        case .grid: "网格"
        }
    }
}
