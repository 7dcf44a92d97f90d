/// 信用评价 — a property company's record over a period, counted by the database from the cases of the compounds it
/// served and from its notices, and the score and grade published from it (seed 002: 物业企业信用评价发布, 12345
/// complaints analysed per company, the 30-minute response).
public struct CompanyRecord: Sendable, Hashable, Codable {
    /// 12345 complaints: hotline tickets placed in its compounds while it served them.
    public var complaints = 0
    /// Every case placed in its compounds while it served them.
    public var cases = 0
    /// Emergency repairs sent to it (whose clock has run out or which it reached).
    public var repairs = 0
    /// … that it reached within the clock.
    public var repairsOnTime = 0
    /// … that went on to the street or the district.
    public var repairsPassedOn = 0
    /// Its cases rated by the reporter, and those rated satisfied.
    public var rated = 0
    public var satisfied = 0
    /// The compounds it serves now and their households (houses in the base data).
    public var compounds = 0
    public var households = 0
    /// Notices sent to it, and those it acknowledged in time.
    public var notices = 0
    public var noticesAcknowledged = 0

    public init() {}

    /// 12345 complaints per 100 households (nil without households in the base data).
    public var complaintsPer100Households: Double? {
        households > 0 ? Double(complaints) * 100 / Double(households) : nil
    }

    /// The score out of 100: 40 for the 30-minute response (the share of repairs reached in time), 30 for complaints
    /// (all of it at none, nothing left at 5 per 100 households), 20 for satisfaction (the share of ratings satisfied),
    /// 10 for notices (the share acknowledged in time). A part with nothing to count gives its whole weight.
    public var score: Int {
        func share(_ part: Int, _ whole: Int) -> Double { whole > 0 ? Double(part) / Double(whole) : 1 }
        let complaintPart = complaintsPer100Households.map { max(0, 1 - $0 / 5) } ?? (complaints == 0 ? 1 : 0.5)
        let total = 40 * share(repairsOnTime, repairs) + 30 * complaintPart + 20 * share(satisfied, rated) + 10 * share(noticesAcknowledged, notices)
        return Int(total.rounded())
    }

    /// 信用等级 — A (90 and above), B (75), C (60), D (below 60).
    public var grade: Grade { Grade(score: score) }

    public enum Grade: String, Sendable, Hashable, Codable, CaseIterable {
        case a = "A", b = "B", c = "C", d = "D"
        public init(score: Int) {
            self = score >= 90 ? .a : score >= 75 ? .b : score >= 60 ? .c : .d
        }
    }
}
