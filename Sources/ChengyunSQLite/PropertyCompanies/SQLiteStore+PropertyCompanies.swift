public import ChengyunCore
import ChengyunStore
public import Foundation
import GRDB

/// 物业 — companies with their handling units, a compound's company as a column, the case's compound and company as
/// columns counted from a partial index, notices with one row per recipient.
extension SQLiteStore {
    static func registerPropertyMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v24-property-companies") { db in
            try db.execute(sql: """
                CREATE TABLE property_company (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    credit_code TEXT,
                    district_id INTEGER NOT NULL REFERENCES org_node(id),
                    district_path TEXT NOT NULL,
                    department_id INTEGER NOT NULL UNIQUE REFERENCES department(id),
                    hotline TEXT,
                    address TEXT,
                    version INTEGER NOT NULL,
                    UNIQUE (district_id, credit_code)
                );
                CREATE INDEX property_company_path ON property_company(district_path, id);
                ALTER TABLE compound ADD COLUMN property_company_id INTEGER REFERENCES property_company(id);
                CREATE INDEX compound_company ON compound(property_company_id, code) WHERE property_company_id IS NOT NULL;
                ALTER TABLE case_record ADD COLUMN compound_id INTEGER;
                ALTER TABLE case_record ADD COLUMN property_company_id INTEGER;
                CREATE INDEX case_company ON case_record(property_company_id, reported_at, source, state, rating, category_id, first_dispatched_at, started_at, dispatch_count)
                    WHERE property_company_id IS NOT NULL;
                CREATE INDEX case_dispatched_wait ON case_record(category_id, dispatched_at) WHERE state = 'dispatched';
                CREATE TABLE company_notice (
                    id INTEGER PRIMARY KEY,
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    node_path TEXT NOT NULL,
                    title TEXT NOT NULL,
                    body TEXT NOT NULL,
                    sent_at INTEGER NOT NULL,
                    sent_by_id INTEGER,
                    sent_by_name TEXT NOT NULL,
                    due_at INTEGER NOT NULL
                );
                CREATE INDEX company_notice_path ON company_notice(node_path, id);
                CREATE TABLE company_notice_recipient (
                    notice_id INTEGER NOT NULL REFERENCES company_notice(id),
                    company_id INTEGER NOT NULL REFERENCES property_company(id),
                    company_name TEXT NOT NULL,
                    acknowledged_at INTEGER,
                    acknowledged_by_name TEXT,
                    PRIMARY KEY (notice_id, company_id)
                ) WITHOUT ROWID;
                CREATE INDEX company_notice_company ON company_notice_recipient(company_id, notice_id);
                """)
            // Until now a compound named its company: each name in a district becomes a company filed there (its
            // credit code for the district to fill in), with its handling unit, and the compounds point to it.
            var made: [String: Int64] = [:]
            for r in try Row.fetchAll(db, sql: """
                SELECT id, node_path, property_company FROM compound WHERE property_company IS NOT NULL AND management_mode = 'propertyCompany' ORDER BY id
                """) {
                guard let district = OrgNode.ancestor(of: r["node_path"], depth: OrgNode.Kind.district.depth) else { continue }
                let name: String = r["property_company"]
                let key = "\(district.id.rawValue)|\(name)"
                if made[key] == nil {
                    try db.execute(sql: "INSERT INTO department (node_id, kind, code, name) VALUES (?, ?, ?, ?)",
                                   arguments: [district.id.rawValue, PropertyCompany.departmentKind, "WY-M\(made.count + 1)-\(district.id.rawValue)", name])
                    try db.execute(sql: "INSERT INTO property_company (name, district_id, district_path, department_id, version) VALUES (?, ?, ?, ?, 1)",
                                   arguments: [name, district.id.rawValue, district.path, db.lastInsertedRowID])
                    made[key] = db.lastInsertedRowID
                }
                try db.execute(sql: "UPDATE compound SET property_company_id = ? WHERE id = ?", arguments: [made[key], r["id"] as Int64])
            }
        }
    }

    static func propertyCompany(_ r: Row) -> PropertyCompany {
        PropertyCompany(id: PropertyCompanyID(r["id"] as Int64), name: r["name"], creditCode: r["credit_code"], districtID: NodeID(r["district_id"] as Int64),
                        districtPath: r["district_path"], departmentID: DepartmentID(r["department_id"] as Int64), hotline: r["hotline"], address: r["address"],
                        version: r["version"])
    }

    public func createPropertyCompany(_ c: PropertyCompany, departmentCode: String) async throws -> PropertyCompany {
        do {
            return try await writer.write { db in
                try db.execute(sql: "INSERT INTO department (node_id, kind, code, name) VALUES (?, ?, ?, ?)",
                               arguments: [c.districtID.rawValue, PropertyCompany.departmentKind, departmentCode, c.name])
                var stored = c
                stored.departmentID = DepartmentID(db.lastInsertedRowID)
                try db.execute(sql: """
                    INSERT INTO property_company (name, credit_code, district_id, district_path, department_id, hotline, address, version) VALUES (?, ?, ?, ?, ?, ?, ?, 1)
                    """, arguments: [c.name, c.creditCode, c.districtID.rawValue, c.districtPath, stored.departmentID.rawValue, c.hotline, c.address])
                stored.id = PropertyCompanyID(db.lastInsertedRowID)
                stored.version = 1
                return stored
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw PropertyError.duplicate
        }
    }

    public func propertyCompany(_ id: PropertyCompanyID) async throws -> PropertyCompany? {
        try await propertyCompanies([id]).first
    }

    public func propertyCompanies(_ ids: [PropertyCompanyID]) async throws -> [PropertyCompany] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM property_company WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
                             arguments: [jsonIDs(ids.map(\.rawValue))]).map(Self.propertyCompany)
        }
    }

    public func propertyCompany(department: DepartmentID) async throws -> PropertyCompany? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM property_company WHERE department_id = ?", arguments: [department.rawValue]).map(Self.propertyCompany) }
    }

    public func propertyCompanies(under path: String, after: PropertyCompanyID?, limit: Int) async throws -> [PropertyCompany] {
        let (low, high) = Self.pathRange(path)
        return try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM property_company WHERE id > ? AND (district_path >= ? AND district_path < ?
                    OR id IN (SELECT DISTINCT property_company_id FROM compound WHERE node_path >= ? AND node_path < ? AND property_company_id IS NOT NULL))
                ORDER BY id LIMIT ?
                """, arguments: [after?.rawValue ?? 0, low, high, low, high, limit]).map(Self.propertyCompany)
        }
    }

    public func setCompoundCompany(_ compound: CompoundID, _ company: PropertyCompany?) async throws -> Compound? {
        try await writer.write { db in
            try db.execute(sql: "UPDATE compound SET property_company_id = ?, property_company = ?, version = version + 1 WHERE id = ?",
                           arguments: [company?.id.rawValue, company?.name, compound.rawValue])
            guard db.changesCount > 0 else { return nil }
            return try Self.compounds(db, try Row.fetchAll(db, sql: "SELECT * FROM compound WHERE id = ?", arguments: [compound.rawValue])).first
        }
    }

    public func compounds(of company: PropertyCompanyID) async throws -> [Compound] {
        try await read { db in
            try Self.compounds(db, try Row.fetchAll(db, sql: "SELECT * FROM compound WHERE property_company_id = ? ORDER BY code", arguments: [company.rawValue]))
        }
    }

    public func companyRecords(_ ids: [PropertyCompanyID], from: Date, to: Date, repairCategories: [String], repairsBefore: Date, arrivalSeconds: Int,
                               satisfiedScore: Int) async throws -> [PropertyCompanyID: CompanyRecord] {
        let list = jsonIDs(ids.map(\.rawValue)), categories = jsonTexts(repairCategories)
        let (f, t) = (CaseColumns.ms(from)!, CaseColumns.ms(to)!)
        return try await read { db in
            var out: [PropertyCompanyID: CompanyRecord] = Dictionary(uniqueKeysWithValues: ids.map { ($0, CompanyRecord()) })
            // Two passes over the company's entries of a covering index (it holds every column read): the cases,
            // complaints and ratings; the emergency repairs whose clock has run out (one pass computing both was
            // twice as slow in SQLite: the repair test is evaluated for each sum).
            for r in try Row.fetchAll(db, sql: """
                SELECT property_company_id, COUNT(*), SUM(source = 'hotline'), SUM(rating IS NOT NULL), SUM(rating >= ?) FROM case_record
                WHERE property_company_id IN (SELECT value FROM json_each(?)) AND reported_at >= ? AND reported_at < ? AND state NOT IN ('rejected', 'merged')
                GROUP BY property_company_id
                """, arguments: [satisfiedScore, list, f, t]) {
                let id = PropertyCompanyID(r[0] as Int64)
                out[id]?.cases = r[1]
                out[id]?.complaints = r[2]
                out[id]?.rated = r[3]
                out[id]?.satisfied = r[4] ?? 0
            }
            for r in try Row.fetchAll(db, sql: """
                SELECT property_company_id, COUNT(*),
                       SUM(started_at IS NOT NULL AND started_at <= first_dispatched_at + ? AND dispatch_count = 1), SUM(dispatch_count > 1) FROM case_record
                WHERE property_company_id IN (SELECT value FROM json_each(?)) AND reported_at >= ? AND reported_at < ? AND state NOT IN ('rejected', 'merged')
                  AND category_id IN (SELECT value FROM json_each(?)) AND first_dispatched_at < ?
                GROUP BY property_company_id
                """, arguments: [Int64(arrivalSeconds) * 1000, list, f, t, categories, CaseColumns.ms(repairsBefore)!]) {
                let id = PropertyCompanyID(r[0] as Int64)
                out[id]?.repairs = r[1]
                out[id]?.repairsOnTime = r[2]
                out[id]?.repairsPassedOn = r[3]
            }
            for r in try Row.fetchAll(db, sql: """
                SELECT c.property_company_id, COUNT(DISTINCT c.id), COUNT(h.id) FROM compound c
                LEFT JOIN building b ON b.compound_id = c.id LEFT JOIN house h ON h.building_id = b.id
                WHERE c.property_company_id IN (SELECT value FROM json_each(?)) GROUP BY c.property_company_id
                """, arguments: [list]) {
                let id = PropertyCompanyID(r[0] as Int64)
                out[id]?.compounds = r[1]
                out[id]?.households = r[2]
            }
            for r in try Row.fetchAll(db, sql: """
                SELECT r.company_id, COUNT(*), SUM(r.acknowledged_at IS NOT NULL AND r.acknowledged_at <= n.due_at)
                FROM company_notice_recipient r JOIN company_notice n ON n.id = r.notice_id
                WHERE r.company_id IN (SELECT value FROM json_each(?)) AND n.sent_at >= ? AND n.sent_at < ? GROUP BY r.company_id
                """, arguments: [list, f, t]) {
                let id = PropertyCompanyID(r[0] as Int64)
                out[id]?.notices = r[1]
                out[id]?.noticesAcknowledged = r[2]
            }
            return out
        }
    }

    public func repairsAwaitingArrival(categories: [String], dispatchedBefore: Date, leads: [DepartmentID], limit: Int) async throws -> [CaseRecord] {
        try await fetchCases("""
            SELECT \(CaseRows.selectList) FROM case_record
            WHERE state = 'dispatched' AND category_id IN (SELECT value FROM json_each(?)) AND dispatched_at < ? AND suspended_at IS NULL
              AND lead_department_id IN (SELECT value FROM json_each(?))
            ORDER BY dispatched_at LIMIT ?
            """, [jsonTexts(categories), CaseColumns.ms(dispatchedBefore), jsonIDs(leads.map(\.rawValue)), limit])
    }

    static func companyNotices(_ db: Database, _ rows: [Row]) throws -> [CompanyNotice] {
        var recipients: [Int64: [CompanyNotice.Recipient]] = [:]
        for r in try Row.fetchAll(db, sql: """
            SELECT * FROM company_notice_recipient WHERE notice_id IN (SELECT value FROM json_each(?)) ORDER BY notice_id, company_id
            """, arguments: [jsonIDs(rows.map { $0["id"] as Int64 })]) {
            recipients[r["notice_id"], default: []].append(CompanyNotice.Recipient(
                companyID: PropertyCompanyID(r["company_id"] as Int64), companyName: r["company_name"],
                acknowledgedAt: CaseColumns.date(r["acknowledged_at"]), acknowledgedByName: r["acknowledged_by_name"]))
        }
        return rows.map { r in
            let id: Int64 = r["id"]
            return CompanyNotice(id: CompanyNoticeID(id), nodeID: NodeID(r["node_id"] as Int64), nodePath: r["node_path"], title: r["title"], body: r["body"],
                                 sentAt: CaseColumns.date(r["sent_at"])!, sentByID: (r["sent_by_id"] as Int64?).map { UserID($0) }, sentByName: r["sent_by_name"],
                                 dueAt: CaseColumns.date(r["due_at"])!, recipients: recipients[id] ?? [])
        }
    }

    public func createCompanyNotice(_ n: CompanyNotice) async throws -> CompanyNotice {
        try await writer.write { db in
            try db.execute(sql: """
                INSERT INTO company_notice (node_id, node_path, title, body, sent_at, sent_by_id, sent_by_name, due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [n.nodeID.rawValue, n.nodePath, n.title, n.body, CaseColumns.ms(n.sentAt), n.sentByID?.rawValue, n.sentByName, CaseColumns.ms(n.dueAt)])
            let id = db.lastInsertedRowID
            for r in n.recipients {
                try db.execute(sql: "INSERT INTO company_notice_recipient (notice_id, company_id, company_name) VALUES (?, ?, ?)",
                               arguments: [id, r.companyID.rawValue, r.companyName])
            }
            return try Self.companyNotices(db, try Row.fetchAll(db, sql: "SELECT * FROM company_notice WHERE id = ?", arguments: [id]))[0]
        }
    }

    public func companyNotice(_ id: CompanyNoticeID) async throws -> CompanyNotice? {
        try await read { db in try Self.companyNotices(db, try Row.fetchAll(db, sql: "SELECT * FROM company_notice WHERE id = ?", arguments: [id.rawValue])).first }
    }

    public func companyNotices(under path: String?, to company: PropertyCompanyID?, after: CompanyNoticeID?, limit: Int) async throws -> [CompanyNotice] {
        let (low, high) = Self.pathRange(path ?? "/")
        return try await read { db in
            let rows: [Row]
            if let company {
                rows = try Row.fetchAll(db, sql: """
                    SELECT n.* FROM company_notice_recipient r JOIN company_notice n ON n.id = r.notice_id
                    WHERE r.company_id = ? AND r.notice_id < ? AND n.node_path >= ? AND n.node_path < ? ORDER BY r.notice_id DESC LIMIT ?
                    """, arguments: [company.rawValue, after?.rawValue ?? Int64.max, low, high, limit])
            } else {
                rows = try Row.fetchAll(db, sql: """
                    SELECT * FROM company_notice WHERE node_path >= ? AND node_path < ? AND id < ? ORDER BY id DESC LIMIT ?
                    """, arguments: [low, high, after?.rawValue ?? Int64.max, limit])
            }
            return try Self.companyNotices(db, rows)
        }
    }

    public func acknowledgeCompanyNotice(_ id: CompanyNoticeID, company: PropertyCompanyID, byName: String, at: Date) async throws -> (notice: CompanyNotice, created: Bool)? {
        try await writer.write { db in
            try db.execute(sql: """
                UPDATE company_notice_recipient SET acknowledged_at = ?, acknowledged_by_name = ? WHERE notice_id = ? AND company_id = ? AND acknowledged_at IS NULL
                """, arguments: [CaseColumns.ms(at), byName, id.rawValue, company.rawValue])
            let created = db.changesCount > 0
            guard let notice = try Self.companyNotices(db, try Row.fetchAll(db, sql: "SELECT * FROM company_notice WHERE id = ?", arguments: [id.rawValue])).first,
                  notice.recipients.contains(where: { $0.companyID == company }) else { return nil }
            return (notice, created)
        }
    }
}
