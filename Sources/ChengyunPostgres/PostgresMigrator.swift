import Logging
import PostgresNIO

/// A named step of the schema. Migrations are append-only: a released one is never edited, the next change is a
/// new migration; each runs in its own transaction with its name recorded in `schema_migration`.
struct PostgresMigration: Sendable {
    let name: String
    /// Statements run in order (the extended protocol takes one statement at a time).
    let statements: [String]
}

enum PostgresMigrator {
    /// Every migration this build knows, in order: each capability's own, in the order of their dependencies.
    static let migrations: [PostgresMigration] = PostgresStore.organisationMigrations + PostgresStore.userMigrations + PostgresStore.accountMigrations
        + PostgresStore.sharingMigrations + PostgresStore.configMigrations
        + PostgresStore.caseMigrations + PostgresStore.outboxMigrations + PostgresStore.cameraMigrations
        + PostgresStore.dutyMigrations + PostgresStore.exportMigrations + PostgresStore.hotspotMigrations
        + PostgresStore.copyMigrations + PostgresStore.rollupMigrations + PostgresStore.copyIndexMigrations
        + PostgresStore.requestKeyMigrations + PostgresStore.caseListMigrations + PostgresStore.mapMigrations
        + PostgresStore.sensingMigrations + PostgresStore.warningMigrations + PostgresStore.alarmMigrations + PostgresStore.readingMigrations
        + PostgresStore.vitalSignMigrations + PostgresStore.reinforcementMigrations
        + PostgresStore.floodMigrations + PostgresStore.instructionMigrations + PostgresStore.stationMigrations
        + PostgresStore.baseDataMigrations + PostgresStore.buildingGroupMigrations + PostgresStore.sweepMigrations + PostgresStore.admissionMigrations + PostgresStore.matterMigrations
        + PostgresStore.consultationMigrations + PostgresStore.propertyMigrations + PostgresStore.ledgerMigrations + PostgresStore.registrationMigrations + PostgresStore.volunteerMigrations
        + PostgresStore.groupNoticeMigrations + PostgresStore.statusMapMigrations + PostgresStore.entranceMigrations + PostgresStore.keyPlaceMigrations
        + PostgresStore.wallGuideMigrations + PostgresStore.buildingGroupCheckKeyMigrations + PostgresStore.serviceRequestMigrations
        + PostgresStore.rewardMigrations + PostgresStore.compoundMapMigrations + PostgresStore.serviceRatingMigrations
        + PostgresStore.ledgerCorrectionMigrations + PostgresStore.volunteerHourMigrations + PostgresStore.serviceRequestCentreMigrations
        + PostgresStore.documentMigrations + PostgresStore.ledgerVersionMigrations
        + PostgresStore.serviceRatingCodeMigrations + PostgresStore.whistleblowingMigrations + PostgresStore.hazardMigrations
        + PostgresStore.whistleblowerHazardMigrations

    /// Any number for the advisory lock that lets one node migrate while the others wait: "chengyun" in ASCII.
    static let lockKey: Int64 = 0x6368_656e_6779_756e

    /// Applies the migrations the database lacks, each in its own transaction under the migration lock.
    /// - Throws: `PostgresStoreError` for a database holding other tables without our migrations table, or
    ///   migrations this build does not know (a newer build's).
    static func migrate(_ client: PostgresClient, logger: Logger) async throws {
        try await client.withConnection { connection in
            try await connection.rows("SELECT pg_advisory_lock(\(lockKey))", logger: logger)
            do {
                try await migrate(connection, logger: logger)
                try await connection.rows("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
            } catch {
                _ = try? await connection.rows("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
                throw error
            }
        }
    }

    private static func migrate(_ connection: PostgresConnection, logger: Logger) async throws {
        let hasTable = try await connection.rows("SELECT to_regclass('schema_migration') IS NOT NULL", logger: logger)[0].decode(Bool.self)
        if !hasTable {
            let others = try await connection.rows("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()", logger: logger)[0].decode(Int64.self)
            guard others == 0 else {
                throw PostgresStoreError(description: "the database holds \(others) tables but no schema_migration: it is not a Chengyun database (give an empty one)")
            }
            try await connection.rows("""
                CREATE TABLE schema_migration (
                    name text COLLATE "C" PRIMARY KEY,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """, logger: logger)
        }
        let applied = Set(try await connection.rows("SELECT name FROM schema_migration", logger: logger).map { try $0.decode(String.self) })
        let known = Set(migrations.map(\.name))
        let unknown = applied.subtracting(known).sorted()
        guard unknown.isEmpty else {
            throw PostgresStoreError(description: "the database was migrated by a newer build (\(unknown.joined(separator: ", "))): run that build or newer")
        }
        for migration in migrations where !applied.contains(migration.name) {
            do {
                try await connection.withTransaction(logger: logger) { connection in
                    for statement in migration.statements {
                        try await connection.rows(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await connection.rows("INSERT INTO schema_migration (name) VALUES (\(migration.name))", logger: logger)
                }
            } catch let error as PostgresTransactionError {
                let cause = error.closureError ?? error.beginError ?? error.commitError ?? error
                throw PostgresStoreError(description: "migration \(migration.name) failed: \(PostgresStoreError.explain(cause))")
            }
            logger.info("applied migration \(migration.name)")
        }
    }

    /// The names of the migrations applied to the database, in the order applied.
    static func applied(_ client: PostgresClient, logger: Logger) async throws -> [String] {
        try await client.query("SELECT name FROM schema_migration ORDER BY applied_at, name", logger: logger).collect().map { try $0.decode(String.self) }
    }
}

extension PostgresStore {
    /// The names of the migrations applied to the database.
    public func appliedMigrations() async throws -> [String] {
        try await PostgresMigrator.applied(client, logger: logger)
    }

    /// Every migration this build knows, in order.
    public static var knownMigrations: [String] { PostgresMigrator.migrations.map(\.name) }
}
