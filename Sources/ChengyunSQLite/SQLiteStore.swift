import ChengyunCore
public import ChengyunStore
import Foundation
import GRDB
import Synchronization

/// The store on one SQLite file: WAL mode, foreign keys on, versioned migrations, and group commit;
/// a write is acknowledged only after its transaction has committed, so it survives `kill -9`.
public final class SQLiteStore: ChengyunStore {
    /// How far a commit goes before it returns.
    public enum Durability: String, Sendable, CaseIterable {
        /// synchronous=NORMAL: the commit is in the WAL file (the operating system's cache) — it survives a crash
        /// or kill of the server; a power loss or kernel crash may roll back the last transactions.
        case process
        /// synchronous=FULL: the WAL is fsynced at every commit — it also survives power loss, at a cost in
        /// throughput on slow disks.
        case power
    }

    let pool: DatabasePool
    let writer: GroupCommitWriter
    let readQueue = DispatchQueue(label: "chengyun.sqlite.read", attributes: .concurrent)
    /// Turns at the readers, first come, first served (one per reader of the pool).
    let readTurns: ReadTurns
    let encoder: JSONEncoder
    let decoder: JSONDecoder
    /// Local time offset used for case numbers.
    let utcOffsetSeconds: Int
    /// Seals personal fields (phones, reporters' names) at rest; nil stores them as given (tests of old files only).
    let cipher: (any PersonalDataCipher)?
    /// Where attachment bytes live (`<path>.files`).
    let files: AttachmentFiles
    /// The KPI settings the rollups are counted with (see `useKPIPolicy`).
    let rollupPolicy = Mutex(KPIPolicy())
    /// The rollups of imported cases not yet written (see `beginImport`).
    let importRollups = Mutex(ImportRollups())

    /// Opens (creating if needed, with its folder) the database at `path` and runs pending migrations.
    /// - Throws: `DatabaseFileError` when the file is empty, not an SQLite database, another application's, from a
    ///   newer build, unreadable or read-only, or SQLite cannot open it.
    public init(path: String, durability: Durability = .process, utcOffsetSeconds: Int = 8 * 3600, cipher: (any PersonalDataCipher)? = nil) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        // Two readers per core: each keeps its own page cache, so readers beyond what the cores can run cost cold
        // reads and memory (10M city, 2 cores, 16 clients: 8 readers → 4 took the slowest p95 from 478 to 319 ms).
        configuration.maximumReaderCount = min(16, max(4, 2 * ProcessInfo.processInfo.activeProcessorCount))
        readTurns = ReadTurns(configuration.maximumReaderCount)
        configuration.prepareDatabase { db in
            try db.execute(sql: durability == .power ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL")
            // 32 MiB of page cache and memory-mapped reads: fewer pread calls on the hot paths.
            try db.execute(sql: "PRAGMA cache_size = -32768")
            try db.execute(sql: "PRAGMA mmap_size = 268435456")
            // Sorts of a period's cases (ORDER BY reported_at over many bodies) stay in memory, not in a temp file.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        let existed = try Self.prepareFile(at: path)
        do {
            if existed { try Self.checkOwnership(path: path) }
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch let error as DatabaseError {
            throw Self.fileError(error, path: path)
        }
        writer = GroupCommitWriter(pool: pool)
        files = AttachmentFiles(databasePath: path)
        encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = [.sortedKeys]
        decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        self.utcOffsetSeconds = utcOffsetSeconds
        self.cipher = cipher
        do {
            try Self.migrator.migrate(pool)
            // Rollups counted with another local time offset are recounted (the KPI settings are checked by `useKPIPolicy`).
            let offset = utcOffsetSeconds
            let stored = try pool.read { db in try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'rollup.basis'") }
            let basis = stored.flatMap { try? JSONDecoder().decode(CaseRollups.Basis.self, from: Data($0.utf8)) }
            // So are they when a migration has added to them (`rollup.recount`), with the settings they were counted with.
            let policy = basis.map { KPIPolicy(responseHours: $0.responseHours, satisfiedScore: $0.satisfiedScore) } ?? KPIPolicy()
            let recount = try pool.read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM setting WHERE key = 'rollup.recount')") } ?? false
            if basis?.utcOffsetSeconds != offset || recount {
                try pool.write { db in try Self.rebuildRollups(db, policy: policy, utcOffsetSeconds: offset) }
            }
            // An import that stopped half-way (killed, crashed) left its rollups to count and its indexes to build.
            try Self.runDeferredWork(pool, policy: policy, utcOffsetSeconds: offset)
            try analyze()
        } catch let error as DatabaseError { throw Self.fileError(error, path: path) }
    }

    /// Refreshes the query planner's statistics from a sample of each index (a few thousand rows, so it takes
    /// milliseconds at any size): without them SQLite may scan a year of cases by date where a committee's few rows
    /// lie under its path. Run at open; bulk loads run it again when they finish.
    public func analyze() throws {
        try pool.write { db in try db.execute(sql: "PRAGMA analysis_limit = 2000; ANALYZE") }
    }

    /// The names of the migrations applied to the database, in order.
    public func appliedMigrations() throws -> [String] {
        try pool.read { db in try Self.migrator.appliedMigrations(db) }
    }

    /// Every migration this build knows, in order.
    public static var knownMigrations: [String] { migrator.migrations }

    public func ping() async throws {
        _ = try await read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }

    /// Reads on a dispatch queue with GRDB's synchronous API, off Swift's cooperative pool: on two cores that
    /// pool has two threads, and GRDB's async reads could park both waiting for readers they cannot release.
    /// Reads take their turn at the readers first come, first served (`ReadTurns`).
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        await readTurns.take()
        return try await withCheckedThrowingContinuation { continuation in
            readQueue.async {
                let result = Result { try self.pool.read(body) }
                self.readTurns.give()
                continuation.resume(with: result)
            }
        }
    }

    func encode<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try decoder.decode(type, from: Data(text.utf8))
    }

    /// The half-open range of paths under `prefix`, for index range scans (`OrgNode.pathRange`).
    static func pathRange(_ prefix: String) -> (String, String) { OrgNode.pathRange(prefix) }
}

extension SQLiteStore {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-organisation") { db in
            try db.execute(sql: """
                CREATE TABLE org_node (
                    id INTEGER PRIMARY KEY,
                    parent_id INTEGER REFERENCES org_node(id),
                    kind TEXT NOT NULL CHECK (kind IN ('city','district','street','committee','grid')),
                    variant TEXT,
                    code TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    path TEXT NOT NULL UNIQUE
                );
                CREATE INDEX org_node_parent ON org_node(parent_id);
                CREATE INDEX org_node_kind_path ON org_node(kind, path);
                CREATE TABLE node_area (
                    node_id INTEGER PRIMARY KEY REFERENCES org_node(id) ON DELETE CASCADE,
                    kind TEXT NOT NULL,
                    geometry TEXT NOT NULL
                );
                CREATE INDEX node_area_kind ON node_area(kind);
                CREATE TABLE department (
                    id INTEGER PRIMARY KEY,
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    kind TEXT NOT NULL,
                    code TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL
                );
                CREATE INDEX department_node ON department(node_id);
                """)
        }
        m.registerMigration("v1-users") { db in
            try db.execute(sql: """
                CREATE TABLE app_user (
                    id INTEGER PRIMARY KEY,
                    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
                    display_name TEXT NOT NULL,
                    phone TEXT,
                    password_hash TEXT NOT NULL,
                    active INTEGER NOT NULL DEFAULT 1
                );
                CREATE TABLE assignment (
                    user_id INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
                    role TEXT NOT NULL CHECK (role IN ('dutyOfficer','departmentHandler','gridInspector','communityWorker','leader','resident','admin')),
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    department_id INTEGER REFERENCES department(id),
                    CHECK ((role = 'departmentHandler') = (department_id IS NOT NULL))
                );
                CREATE UNIQUE INDEX assignment_unique ON assignment(user_id, role, node_id, IFNULL(department_id, 0));
                CREATE INDEX assignment_node ON assignment(node_id);
                CREATE TABLE session (
                    token_hash TEXT PRIMARY KEY,
                    user_id INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
                    expires_at REAL NOT NULL
                );
                CREATE TABLE api_key (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    key_hash TEXT NOT NULL UNIQUE,
                    sources TEXT NOT NULL,
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    active INTEGER NOT NULL DEFAULT 1
                );
                """)
        }
        m.registerMigration("v1-config") { db in
            try db.execute(sql: """
                CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE dispatch_rule (
                    id INTEGER PRIMARY KEY,
                    lead_department_id INTEGER NOT NULL REFERENCES department(id),
                    body TEXT NOT NULL
                );
                """)
        }
        m.registerMigration("v1-cases") { db in
            try db.execute(sql: """
                CREATE TABLE case_record (
                    id INTEGER PRIMARY KEY,
                    number TEXT NOT NULL UNIQUE,
                    source TEXT NOT NULL,
                    external_ref TEXT,
                    category_id TEXT NOT NULL,
                    state TEXT NOT NULL,
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    node_path TEXT NOT NULL,
                    lead_department_id INTEGER REFERENCES department(id),
                    reporter_id INTEGER REFERENCES app_user(id),
                    reported_at REAL NOT NULL,
                    deadline REAL,
                    suspended INTEGER NOT NULL DEFAULT 0,
                    lon REAL,
                    lat REAL,
                    search TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    body TEXT NOT NULL
                );
                CREATE INDEX case_path ON case_record(node_path);
                CREATE INDEX case_state ON case_record(state, deadline);
                CREATE INDEX case_category_time ON case_record(category_id, reported_at);
                CREATE INDEX case_reported ON case_record(reported_at);
                CREATE INDEX case_lead ON case_record(lead_department_id);
                CREATE INDEX case_reporter ON case_record(reporter_id);
                CREATE UNIQUE INDEX case_external ON case_record(source, external_ref) WHERE external_ref IS NOT NULL;
                CREATE TABLE case_department (
                    case_id INTEGER NOT NULL REFERENCES case_record(id) ON DELETE CASCADE,
                    department_id INTEGER NOT NULL REFERENCES department(id),
                    PRIMARY KEY (department_id, case_id)
                ) WITHOUT ROWID;
                CREATE INDEX case_department_case ON case_department(case_id);
                CREATE TABLE case_event (
                    id INTEGER PRIMARY KEY,
                    case_id INTEGER NOT NULL REFERENCES case_record(id) ON DELETE CASCADE,
                    action TEXT NOT NULL,
                    at REAL NOT NULL,
                    actor_id INTEGER REFERENCES app_user(id),
                    body TEXT NOT NULL
                );
                CREATE INDEX case_event_case ON case_event(case_id, id);
                CREATE TABLE attachment (
                    id INTEGER PRIMARY KEY,
                    case_id INTEGER NOT NULL REFERENCES case_record(id) ON DELETE CASCADE,
                    content_type TEXT NOT NULL,
                    file_name TEXT NOT NULL,
                    byte_count INTEGER NOT NULL CHECK (byte_count > 0),
                    uploaded_by INTEGER REFERENCES app_user(id),
                    uploaded_at REAL NOT NULL,
                    bytes BLOB NOT NULL
                );
                CREATE INDEX attachment_case ON attachment(case_id);
                """)
        }
        registerCaseLoopMigrations(&m)
        registerDutyMigrations(&m)
        registerAttachmentMigrations(&m)
        registerAccountMigrations(&m)
        registerExportMigrations(&m)
        registerOpenDataMigrations(&m)
        registerSharingMigrations(&m)
        registerTypedCaseMigrations(&m)
        registerAttachmentFileMigrations(&m)
        registerMapMigrations(&m)
        registerImportMigrations(&m)
        registerHotspotMigrations(&m)
        registerMapRollupMigrations(&m)
        registerKPIMigrations(&m)
        registerHotspotRunMigrations(&m)
        registerCaseListMigrations(&m)
        registerOverdueRollupMigrations(&m)
        registerMapOverdueMigrations(&m)
        registerRollupMonthMigrations(&m)
        registerRequestKeyMigrations(&m)
        registerLoopStepMigrations(&m)
        registerSensingMigrations(&m)
        registerReadingMigrations(&m)
        registerWarningMigrations(&m)
        registerAlarmMigrations(&m)
        registerVitalSignMigrations(&m)
        registerReinforcementMigrations(&m)
        registerFloodMigrations(&m)
        registerInstructionMigrations(&m)
        registerStationMigrations(&m)
        registerBaseDataMigrations(&m)
        registerBuildingGroupMigrations(&m)
        registerSweepMigrations(&m)
        registerAdmissionMigrations(&m)
        registerMatterMigrations(&m)
        registerConsultationMigrations(&m)
        registerPropertyMigrations(&m)
        registerLedgerMigrations(&m)
        registerRegistrationMigrations(&m)
        registerVolunteerMigrations(&m)
        registerGroupNoticeMigrations(&m)
        registerStatusMapMigrations(&m)
        registerEntranceMigrations(&m)
        registerKeyPlaceMigrations(&m)
        registerWallGuideMigrations(&m)
        registerBuildingGroupCheckKeyMigrations(&m)
        registerServiceRequestMigrations(&m)
        registerRewardMigrations(&m)
        registerVolunteerLedgerMigrations(&m)
        registerCompoundMapMigrations(&m)
        registerServiceRatingMigrations(&m)
        registerLedgerCorrectionMigrations(&m)
        registerVolunteerHourMigrations(&m)
        registerServiceRequestCentreMigrations(&m)
        registerDocumentMigrations(&m)
        registerLedgerVersionMigrations(&m)
        registerServiceRatingCodeMigrations(&m)
        registerWhistleblowingMigrations(&m)
        registerHazardMigrations(&m)
        registerWhistleblowerHazardMigrations(&m)
        return m
    }
}
