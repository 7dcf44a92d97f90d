public import ChengyunCore
import ChengyunStore
import Foundation

extension BaseDataUseCases {
    /// 导入实有人口 — a file of population records for committees the caller keeps. Every row is checked (its committee
    /// in the caller's area, name, ID number with its check character, phone, kind, tags from the dictionary, house by
    /// compound code, building, unit and room, an ID number not twice in the file and not living elsewhere already);
    /// when any row is refused nothing is applied and the report lists them all, else all rows are stored in one commit.
    public func importResidents(_ sheet: CSVImport.Sheet, by identity: Identity) async throws -> ResidentImport.Report {
        let paths = identity.paths(for: Self.keepers)
        guard !paths.isEmpty else { throw AccessError.roleRequired(Self.keepers, to: "import residents") }
        let rows = try ResidentImport.rows(sheet)
        let batch = "import:\(UUID().uuidString.prefix(8).lowercased())"
        let dictionary = try await store.tags()
        var rejected: [ResidentImport.Rejection] = []
        func refuse(_ line: Int, _ error: DomainError) { rejected.append(.init(line: line, field: error.field, code: error.code, message: error.message)) }
        var committees: [String: OrgNode?] = [:]
        var compounds: [String: Compound?] = [:]
        var houseIndex: [BuildingID: [String: HouseID]] = [:]
        var buildingIndex: [CompoundID: [String: BuildingID]] = [:]
        var seen: [String: Int] = [:]
        var made: [Resident] = []
        for row in rows {
            do {
                guard let code = row[.committee] else { throw BaseDataError.notACommittee }
                if committees[code] == nil { committees[code] = try await store.node(code: code) }
                guard let committee = committees[code] ?? nil, committee.kind == .committee, paths.contains(where: { committee.path.hasPrefix($0) }) else {
                    throw DomainError.invalid("resident_import.committee", "Committee \(code.prefix(32)) is not one you keep.", field: "committee")
                }
                guard let kind = ResidentImport.kind(row[.kind]) else {
                    throw DomainError.invalid("resident_import.kind", "A kind is 户籍, 常住 or 流动.", field: "kind")
                }
                guard let party = ResidentImport.flag(row[.partyMember]) else {
                    throw DomainError.invalid("resident_import.flag", "Write 是 or 否.", field: "partyMember")
                }
                var movedIn: LocalDate?
                if let text = row[.movedInOn] {
                    guard let day = LocalDate(text) else { throw DomainError.invalid("resident_import.date", "Write a date as 2026-12-06.", field: "movedInOn") }
                    movedIn = day
                }
                var house: HouseID?
                if let compoundCode = row[.compound] {
                    if compounds[compoundCode] == nil {
                        compounds[compoundCode] = try await store.compound(code: compoundCode)
                    }
                    guard let compound = compounds[compoundCode] ?? nil, compound.nodePath.hasPrefix(committee.path) else {
                        throw DomainError.invalid("resident_import.place", "There is no compound \(compoundCode.prefix(32)) in that committee.", field: "compound")
                    }
                    if buildingIndex[compound.id] == nil {
                        buildingIndex[compound.id] = Dictionary(try await store.buildings(of: compound.id).map { ($0.number, $0.id) }, uniquingKeysWith: { a, _ in a })
                    }
                    guard let building = row[.building].flatMap({ buildingIndex[compound.id]?[$0] }) else {
                        throw DomainError.invalid("resident_import.place", "The compound has no such building.", field: "building")
                    }
                    if houseIndex[building] == nil {
                        houseIndex[building] = Dictionary(try await store.houses(of: building).map { ("\($0.unit)|\($0.number)", $0.id) }, uniquingKeysWith: { a, _ in a })
                    }
                    guard let found = houseIndex[building]?["\(row[.unit] ?? "1")|\(row[.room] ?? "")"] else {
                        throw DomainError.invalid("resident_import.place", "The building has no such unit and room.", field: "room")
                    }
                    house = found
                }
                let input = ResidentInput(houseID: house?.rawValue, name: row[.name] ?? "", idNumber: row[.idNumber], phone: row[.phone], kind: kind, partyMember: party,
                                          tags: ResidentImport.tags(row[.tags]), movedInOn: movedIn)
                let r = try resident(input, at: committee, field: "", tags: dictionary, houses: house.map { [$0: committee.path] } ?? [:], source: batch)
                if let number = r.idNumber {
                    if let first = seen[number] {
                        throw DomainError.conflict("resident_import.duplicate_row", "The same ID number is on line \(first) too.", field: "idNumber")
                    }
                    seen[number] = row.line
                    if try await store.resident(idNumber: number).map({ $0.movedOutOn == nil }) == true { throw BaseDataError.duplicateResident() }
                }
                made.append(r)
            } catch let error as DomainError {
                refuse(row.line, error)
            }
        }
        guard rejected.isEmpty else {
            try await audit("resident.import_refused", "import:\(batch)", identity, detail: "\(rows.count) rows, \(rejected.count) refused")
            return ResidentImport.Report(accepted: 0, rejected: rejected)
        }
        // The whole file in one commit: all or nothing.
        _ = try await store.addResidents(made)
        try await audit("resident.imported", "import:\(batch)", identity, detail: "\(made.count) rows")
        return ResidentImport.Report(accepted: made.count, rejected: [])
    }
}
