public import Foundation

/// 居委简报 — a committee's periodic digest, generated from its own data (seed 002's 智能分析 for a committee, PRODUCT.md
/// module 4): the governance points of the period, the topics its cases suggest for the 三会, and the patterns found in
/// its base data (such as group renting). For the committee itself; never a comparison with other committees.
public struct CommitteeDigest: Sendable, Hashable, Codable {
    public var nodeID: NodeID
    public var name: String
    public var from: Date
    public var to: Date
    public var points: [Point] = []
    public var suggestedTopics: [SuggestedTopic] = []
    public var patterns: [Pattern] = []

    public init(nodeID: NodeID, name: String, from: Date, to: Date) {
        self.nodeID = nodeID
        self.name = name
        self.from = from
        self.to = to
    }

    /// 治理要点 — one thing to look at, with its figures.
    public struct Point: Sendable, Hashable, Codable {
        public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
            /// A category reported more often than in the period before (`count` now, `before` then).
            case rising
            /// The category reported most in the period.
            case most
            /// Cases open past their deadline now.
            case overdue
            /// 三会 decisions past their due day and not done.
            case lateDecisions
            /// Topics raised and waiting for a meeting.
            case waitingTopics
        }
        public var kind: Kind
        public var categoryID: String?
        public var count: Int
        public var before: Int?
        public init(kind: Kind, categoryID: String? = nil, count: Int, before: Int? = nil) {
            self.kind = kind
            self.categoryID = categoryID
            self.count = count
            self.before = before
        }
    }

    /// 建议议题 — a problem reported again and again in one compound: something for its residents to talk through.
    public struct SuggestedTopic: Sendable, Hashable, Codable {
        public var compoundID: CompoundID
        public var compoundName: String
        public var categoryID: String
        public var count: Int
        public init(compoundID: CompoundID, compoundName: String, categoryID: String, count: Int) {
            self.compoundID = compoundID
            self.compoundName = compoundName
            self.categoryID = categoryID
            self.count = count
        }
    }

    /// 苗头 — a pattern in the base data: a house where many more people live than a family (群租 suspected).
    public struct Pattern: Sendable, Hashable, Codable {
        public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
            case groupRenting
        }
        public var kind: Kind
        public var houseID: HouseID
        public var compoundName: String
        public var building: String
        public var unit: String
        public var house: String
        public var residents: Int
        public init(kind: Kind, houseID: HouseID, compoundName: String, building: String, unit: String, house: String, residents: Int) {
            self.kind = kind
            self.houseID = houseID
            self.compoundName = compoundName
            self.building = building
            self.unit = unit
            self.house = house
            self.residents = residents
        }
    }

    /// Suggested topics need this many reports of one category in one compound.
    public static let topicThreshold = 3
    /// A house with this many residents living in it is flagged.
    public static let crowdedHouse = 6
}
