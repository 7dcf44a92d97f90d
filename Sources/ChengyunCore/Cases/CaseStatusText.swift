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
