public import Foundation

public typealias PropertyCompanyID = Identifier<PropertyCompany>
public typealias CompanyNoticeID = Identifier<CompanyNotice>

/// 物业服务企业 — a property company as filed (备案) with a district's housing administration: the compounds it
/// serves, its handling unit in the case loop (a department of kind `wuye` at that district, whose staff are its
/// handlers), its published credit, the 12345 complaints counted against it and the notices it acknowledges.
/// A company serving compounds in several districts is filed in each.
public struct PropertyCompany: Sendable, Hashable, Codable, Identifiable {
    public var id: PropertyCompanyID
    public var name: String
    /// 统一社会信用代码 (GB 32100); nil for a company carried over from a compound's name before companies were
    /// entities, until the district fills it in.
    public var creditCode: String?
    /// The district it is filed with.
    public var districtID: NodeID
    public var districtPath: String
    /// Its handling unit in the case loop.
    public var departmentID: DepartmentID
    /// 报修电话 — the company's published repair line (not personal data).
    public var hotline: String?
    public var address: String?
    public var version: Int

    public init(id: PropertyCompanyID, name: String, creditCode: String?, districtID: NodeID, districtPath: String, departmentID: DepartmentID,
                hotline: String? = nil, address: String? = nil, version: Int = 1) {
        self.id = id
        self.name = name
        self.creditCode = creditCode
        self.districtID = districtID
        self.districtPath = districtPath
        self.departmentID = departmentID
        self.hotline = hotline
        self.address = address
        self.version = version
    }

    /// The department kind of a company's handling unit.
    public static let departmentKind = "wuye"
}

/// 统一社会信用代码 — the 18-character code of GB 32100-2015: registering authority, kind, the six-digit division
/// code, the nine-character organisation code and a check character over the 31 characters it uses (no I, O, S, V, Z).
public enum CreditCode {
    static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    /// The weights of the first 17 positions: 3^i mod 31.
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    /// The check character for the first 17 characters, or nil when one is outside the alphabet.
    public static func checkCharacter(_ first17: some StringProtocol) -> Character? {
        let chars = Array(first17.uppercased())
        guard chars.count == 17 else { return nil }
        var sum = 0
        for (i, c) in chars.enumerated() {
            guard let v = alphabet.firstIndex(of: c) else { return nil }
            sum += v * weights[i]
        }
        return alphabet[(31 - sum % 31) % 31]
    }

    /// Whether `code` is 18 characters of the alphabet, its division code six digits, its last the check character.
    public static func isValid(_ code: String) -> Bool {
        let chars = Array(code)
        guard chars.count == 18, chars[2..<8].allSatisfy({ $0.isASCII && $0.isNumber }),
              let check = checkCharacter(String(chars[0..<17])) else { return false }
        return chars[17] == check
    }
}

/// 三级应急维修 — who answers a compound's emergency repair: the property company first; when it has not arrived
/// within the clock (30 minutes), or the compound has no company, the street's property repair service
/// (街镇物业应急维修服务中心, a `fangguan` department at the street), then the district's property command centre
/// (区物业行业指挥中心, a `fangguan` department at the district). Each level gets the same clock.
public enum RepairLevel: Int, Sendable, Hashable, Codable, CaseIterable {
    case company = 1
    case street = 2
    case district = 3

    /// The department kind of the second and third levels.
    public static let serviceKind = "fangguan"
}

/// 通知 — a notice a street's or district's housing office sends to the property companies serving its compounds
/// (a typhoon coming, a campaign), each of which acknowledges it (签收).
public struct CompanyNotice: Sendable, Hashable, Codable, Identifiable {
    public var id: CompanyNoticeID
    /// The street or district that sends it: it goes to the companies serving compounds there.
    public var nodeID: NodeID
    public var nodePath: String
    public var title: String
    public var body: String
    public var sentAt: Date
    public var sentByID: UserID?
    public var sentByName: String
    /// Acknowledge by: an acknowledgement after it is late.
    public var dueAt: Date
    public var recipients: [Recipient]

    /// A company the notice went to, and its acknowledgement.
    public struct Recipient: Sendable, Hashable, Codable {
        public var companyID: PropertyCompanyID
        public var companyName: String
        public var acknowledgedAt: Date?
        public var acknowledgedByName: String?
        public init(companyID: PropertyCompanyID, companyName: String, acknowledgedAt: Date? = nil, acknowledgedByName: String? = nil) {
            self.companyID = companyID
            self.companyName = companyName
            self.acknowledgedAt = acknowledgedAt
            self.acknowledgedByName = acknowledgedByName
        }
    }

    public init(id: CompanyNoticeID, nodeID: NodeID, nodePath: String, title: String, body: String, sentAt: Date, sentByID: UserID?, sentByName: String,
                dueAt: Date, recipients: [Recipient]) {
        self.id = id
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.title = title
        self.body = body
        self.sentAt = sentAt
        self.sentByID = sentByID
        self.sentByName = sentByName
        self.dueAt = dueAt
        self.recipients = recipients
    }
}
