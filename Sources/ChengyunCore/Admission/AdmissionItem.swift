public import Foundation

public typealias AdmissionItemID = Identifier<AdmissionItem>

/// 准入清单 — one matter that upper levels may push down to committees (seed 002: nothing outside the list lands on a
/// committee's desk). The city keeps a baseline and each district its own items; an item carries the guide and the
/// form template the pushed work takes, and the pace at which it reaches committees: in staggered windows (错峰), one
/// district (for work over the city) or one street (for work over a district) every `staggerMinutes`.
public struct AdmissionItem: Sendable, Hashable, Codable, Identifiable {
    /// What kind of work the item admits.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// 排摸 — a sweep (docs/SWEEPS.md).
        case sweep
        /// 台账 — a ledger committees keep.
        case ledger
        /// 报表 — a report asked of committees.
        case report
    }

    public var id: AdmissionItemID
    public var code: String
    public var name: String
    public var kind: Kind
    /// The city or district that keeps it: it admits work over its area.
    public var nodeID: NodeID
    public var nodePath: String
    /// 工作指引 — what committees are told.
    public var guide: String
    /// The form the work takes (a sweep's questions).
    public var form: [SweepField]
    /// Minutes between one window and the next; 0 reaches every committee at once.
    public var staggerMinutes: Int
    public var active: Bool
    public var version: Int

    public init(id: AdmissionItemID, code: String, name: String, kind: Kind, nodeID: NodeID, nodePath: String, guide: String, form: [SweepField],
                staggerMinutes: Int, active: Bool = true, version: Int = 1) {
        self.id = id
        self.code = code
        self.name = name
        self.kind = kind
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.guide = guide
        self.form = form
        self.staggerMinutes = staggerMinutes
        self.active = active
        self.version = version
    }

    /// The windows of work launched at `at` over `nodes` (the districts or streets its area is staggered by): each
    /// node's window `staggerMinutes` after the one before it, in the order of their codes (the administrative order).
    public func windows(over nodes: [OrgNode], at: Date) -> [PushWindow] {
        let ordered = nodes.sorted { $0.code < $1.code }
        return ordered.enumerated().map { i, node in
            PushWindow(nodeID: node.id, nodePath: node.path, opensAt: at.addingTimeInterval(Double(i * staggerMinutes) * 60))
        }
    }

    /// The kind of node pushed work over `area` is staggered by: districts under the city, streets under a district;
    /// nil when it goes in one window.
    public static func staggeredBy(_ area: OrgNode.Kind) -> OrgNode.Kind? {
        switch area {
        case .city: return .district
        case .district: return .street
        default: return nil
        }
    }
}

/// 错峰 — when pushed work reaches the committees under a district or street.
public struct PushWindow: Sendable, Hashable, Codable {
    public var nodeID: NodeID
    public var nodePath: String
    public var opensAt: Date
    public init(nodeID: NodeID, nodePath: String, opensAt: Date) {
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.opensAt = opensAt
    }
}

extension Array where Element == PushWindow {
    /// When the work reaches `path` (a committee or below): its window's opening; nil when no window covers it (then
    /// it reached everyone at launch).
    public func opensAt(_ path: String) -> Date? {
        first { path.hasPrefix($0.nodePath) }?.opensAt
    }
}

/// 准入清单 — the error codes of the admission list.
public enum AdmissionError {
    /// 404 `admission.not_found`
    public static func notFound(_ id: AdmissionItemID) -> DomainError { .notFound("admission.not_found", "There is no admission item \(id) you may see.") }
    /// 409 `admission.duplicate_code`
    public static func duplicateCode(_ code: String) -> DomainError {
        .conflict("admission.duplicate_code", "An admission item with code \(code.prefix(32)) exists already.", field: "code")
    }
    /// 422 `admission.not_admitted` — work pushed down to committees must be on the admission list of its area.
    public static let notAdmitted = DomainError.unprocessable(
        "admission.not_admitted", "Only work on the admission list (准入清单) of its area may be pushed down to committees: name an active item of its kind.", field: "admissionCode")
    /// 422 `admission.level` — the city or a district keeps an admission list.
    public static let level = DomainError.unprocessable("admission.level", "The admission list is kept by the city or a district.", field: "nodeId")
    /// 400 `admission.stagger` — 0 to 720 minutes between windows.
    public static let stagger = DomainError.invalid("admission.stagger", "Windows are 0 to 720 minutes apart.", field: "staggerMinutes")
}
