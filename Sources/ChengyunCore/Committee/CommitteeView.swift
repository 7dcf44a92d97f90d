public import Foundation

/// 居委工作视图 — what a committee sees of itself instead of a league table: its workload, what it raised, and what
/// help it got (不能变成考基层、排名次).
public struct CommitteeView: Sendable, Hashable, Codable {
    public struct Workload: Sendable, Hashable, Codable {
        public init() {}
        /// Cases reported in its area in the period.
        public var cases = 0
        public var open = 0
        public var closed = 0
        /// 微单元自治 — found and fixed by the station itself.
        public var selfHandled = 0
        public var selfHandledClosed = 0
        /// Found by the committee or station (source `station`).
        public var foundByStation = 0
    }

    public struct Raised: Sendable, Hashable, Codable {
        public init() {}
        /// 吹哨 — departments called in on its cases.
        public var callIns = 0
        /// 申请升级 — requests to take a case up the linkage.
        public var linkageRequests = 0
    }

    public struct Help: Sendable, Hashable, Codable {
        public init() {}
        /// Called-in departments that answered.
        public var callInsAnswered = 0
        /// Joint consultations and leading-group decisions on its cases.
        public var consultations = 0
        public var tasksDone = 0
        public var tasksOpen = 0
        /// Cases dispatched to departments, and of those closed.
        public var dispatched = 0
        public var dispatchedClosed = 0
        /// Which departments helped (answered a call-in or handled a case), by name, with counts.
        public var departments: [String: Int] = [:]
    }

    public var nodeID: NodeID
    public var name: String
    public var from: Date
    public var to: Date
    public var workload = Workload()
    public var raised = Raised()
    public var help = Help()

    public init(nodeID: NodeID, name: String, from: Date, to: Date) {
        self.nodeID = nodeID
        self.name = name
        self.from = from
        self.to = to
    }
}
