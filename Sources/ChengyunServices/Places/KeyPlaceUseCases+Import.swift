public import ChengyunCore
import ChengyunStore
import Foundation

extension KeyPlaceUseCases {
    /// 导入 — a department's file of key places for the committees the caller keeps (`nodeID`, or the caller's own, the
    /// committee of rows that name none). Every row is checked as a place recorded on the console is; when any is refused
    /// nothing is applied and the report lists them all, else all are stored in one commit. A code stored already is that
    /// place, left as it is: a file imported again adds nothing.
    public func importPlaces(_ sheet: CSVImport.Sheet, nodeID: NodeID?, by identity: Identity) async throws -> CSVImport.Report {
        let paths = identity.paths(for: Self.keepers)
        guard !paths.isEmpty else { throw AccessError.roleRequired(Self.keepers, to: "import key places") }
        let rows = try KeyPlaceImport.rows(sheet)
        var fallback: OrgNode?
        if let nodeID {
            let node = try await store.areaNode(nodeID, of: identity, roles: Self.keepers, to: "keep this committee's key places")
            guard node.kind == .committee else { throw BaseDataError.notACommittee }
            fallback = node
        } else if paths.count == 1, let own = OrgNode.lastID(inPath: paths[0]), let node = try await store.node(own), node.kind == .committee {
            fallback = node
        }
        var committees: [String: OrgNode?] = [:], compounds: [String: Compound?] = [:], seen: [String: Int] = [:]
        var rejected: [CSVImport.Rejection] = []
        var made: [KeyPlace] = []
        for row in rows {
            do {
                var node = fallback
                if let code = row[.committee] {
                    if committees[code] == nil { committees[code] = try await store.node(code: code) }
                    guard let found = committees[code] ?? nil, found.kind == .committee, paths.contains(where: { found.path.hasPrefix($0) }) else {
                        throw KeyPlaceError.importCommittee
                    }
                    node = found
                }
                guard let node else { throw KeyPlaceError.importCommittee }
                let code = row[.code] ?? ""
                if let first = seen[code] { throw KeyPlaceError.duplicateRow(first) }
                seen[code] = row.line
                guard let kind = KeyPlaceImport.kind(row[.kind] ?? "") else { throw KeyPlaceError.kind(row[.kind] ?? "") }
                guard let lon = Double(row[.lon] ?? ""), let lat = Double(row[.lat] ?? "") else { throw KeyPlaceError.location }
                var capacity: Int?
                if let text = row[.capacity] {
                    guard let n = Int(text) else { throw KeyPlaceError.capacity }
                    capacity = n
                }
                var compound: Int64?
                if let text = row[.compound] {
                    if compounds[text] == nil { compounds[text] = try await store.compound(code: text) }
                    guard let found = compounds[text] ?? nil else { throw KeyPlaceError.compound }
                    compound = found.id.rawValue
                }
                let input = KeyPlaceInput(code: code, name: row[.name] ?? "", kind: kind, nodeID: node.id.rawValue, compoundID: compound, location: GeoPoint(lon: lon, lat: lat),
                                          address: row[.address], operatorName: row[.operatorName], maintainer: row[.maintainer], capacity: capacity, note: row[.note])
                made.append(try await checked(input, code: code, committee: node))
            } catch let error as DomainError {
                // Named as the file's columns are.
                let column = ["location": "lon", "compoundId": "compound", "operatorName": "operator"][error.field ?? ""] ?? error.field
                rejected.append(.init(line: row.line, field: column, code: error.code, message: error.message))
            }
        }
        let summary = "\(rows.count) rows"
        guard rejected.isEmpty else {
            try await store.appendAudit([AuditEntry(at: clock.now(), actorID: identity.userID, actor: identity.name, action: "place.import_refused", target: "places",
                                                    detail: "\(summary), \(rejected.count) refused")])
            return CSVImport.Report(accepted: 0, rejected: rejected)
        }
        let stored = try await store.addKeyPlaces(made)
        try await store.appendAudit([AuditEntry(at: clock.now(), actorID: identity.userID, actor: identity.name, action: "place.imported", target: "places",
                                                detail: "\(summary), \(stored.filter(\.created).count) new, \(stored.filter { $0.created && $0.place.unmaintained }.count) without a maintainer")])
        return CSVImport.Report(accepted: made.count, rejected: [])
    }
}
