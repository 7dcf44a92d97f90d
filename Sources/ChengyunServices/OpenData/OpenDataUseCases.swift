public import ChengyunCore
import ChengyunStore
import Foundation

/// The open case counts of a period, with the names the public reads.
public struct OpenCaseCounts: Sendable, Hashable {
    /// The local dates covered, first and last.
    public var firstDay: LocalDate
    public var lastDay: LocalDate
    public var rows: [Row]

    public struct Row: Sendable, Hashable {
        public var day: LocalDate
        public var districtCode: String
        public var districtName: String
        /// `event:05`
        public var majorClass: String
        public var majorName: String
        public var reported: Int
        public var closed: Int
    }
}

/// A category as the open taxonomy publishes it.
public struct OpenCategory: Sendable, Hashable, Codable {
    public var id: String
    public var kind: CategoryKind
    public var majorCode: String
    public var majorName: String
    public var code: String
    public var name: String
    public var nameEn: String
    public var urgency: Urgency
    /// Hours per urgency (`normal`, `urgent`, `critical`).
    public var deadlineHours: [String: Double]
    public var hoursKind: HoursKind
    public var leadDepartmentKind: String
    public var acceptanceCriteria: String
    public var closingCriteria: String
}

/// The open taxonomy.
public struct OpenTaxonomy: Sendable, Hashable, Codable {
    public var version: String
    public var categories: [OpenCategory]
}

/// 公共数据开放 — the open-data catalogue and the datasets anyone may read: case counts, boundaries, the taxonomy.
public struct OpenDataUseCases: UseCaseGroup {
    let store: any OpenDataStore & OrganisationStore
    let shared: UseCaseContext
}

extension OpenDataUseCases {
    /// 开放数据目录 — every dataset, open or not.
    public func openDataCatalogue() -> [OpenDataset] {
        OpenDataCatalogue.datasets
    }

    /// 案件数量统计 — cases reported per local day × district × major class over the last `days` days (today included),
    /// and how many of them are closed; counted by the database. Public: counts and names only.
    /// - Throws: `DomainError` 400 `query.invalid_number` when `days` is not 1…`OpenDataCatalogue.maxDays`.
    public func openCaseCounts(days: Int) async throws -> OpenCaseCounts {
        guard (1...OpenDataCatalogue.maxDays).contains(days) else {
            throw QueryError.invalidWholeNumber("days", range: 1...OpenDataCatalogue.maxDays)
        }
        let data = self.data
        let offset = data.calendar.utcOffsetSeconds
        let today = data.calendar.localDate(of: clock.now())
        let first = LocalDate(daysSince1970: today.daysSince1970 - days + 1)
        func start(_ day: Int) -> Date { Date(timeIntervalSince1970: Double(day * 86_400 - offset)) }
        let counts = try await store.caseCounts(from: start(first.daysSince1970), to: start(today.daysSince1970 + 1), utcOffsetSeconds: offset)
        let districts = Dictionary(uniqueKeysWithValues: try await store.nodes(under: "/", kinds: [.district], limit: nil, offset: 0).map { ($0.id, $0) })
        let majors = Dictionary(data.taxonomy.majorClasses.map { ("\($0.kind.rawValue):\($0.code)", $0.name) }, uniquingKeysWith: { a, _ in a })
        return OpenCaseCounts(firstDay: first, lastDay: today, rows: counts.map { c in
            OpenCaseCounts.Row(day: c.day, districtCode: districts[c.districtID]?.code ?? "", districtName: districts[c.districtID]?.name ?? "",
                               majorClass: c.majorClass, majorName: majors[c.majorClass] ?? "", reported: c.reported, closed: c.closed)
        })
    }

    /// 区、街道边界 — every district and street with its code, name, parent's code and boundary, as GeoJSON features.
    public func openBoundaries() async throws -> [GeoFeature] {
        let nodes = try await store.nodes(under: "/", kinds: [.district, .street], limit: nil, offset: 0)
        let byID = Dictionary(uniqueKeysWithValues: nodes.map { ($0.id, $0) })
        var features: [GeoFeature] = []
        for kind in [OrgNode.Kind.district, .street] {
            for entry in try await store.areas(kind: kind) {
                guard let node = byID[entry.node] else { continue }
                var properties = ["level": kind.rawValue, "code": node.code, "name": node.name]
                if kind == .street, let parent = node.parentID.flatMap({ byID[$0] }) { properties["parentCode"] = parent.code }
                features.append(GeoFeature(properties: properties, area: entry.area))
            }
        }
        return features
    }

    /// 分类 — the taxonomy as published: every category with its id, classes, deadlines and criteria.
    public func openTaxonomy() -> OpenTaxonomy {
        let taxonomy = data.taxonomy
        return OpenTaxonomy(version: taxonomy.version, categories: taxonomy.categories.map { c in
            OpenCategory(id: c.id, kind: c.kind, majorCode: c.majorCode, majorName: c.majorName, code: c.code, name: c.name, nameEn: c.nameEn,
                         urgency: c.urgency, deadlineHours: Dictionary(uniqueKeysWithValues: c.deadlineHours.map { ($0.key.rawValue, $0.value) }),
                         hoursKind: c.hoursKind, leadDepartmentKind: c.leadDepartmentKind, acceptanceCriteria: c.acceptanceCriteria,
                         closingCriteria: c.closingCriteria)
        })
    }
}
