import ArgumentParser
import ChengyunServer
import ChengyunStore
import Foundation

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create the database or bring it up to date; or copy a whole deployment into PostgreSQL (--from, --to).",
        discussion: """
            Without --from: migrations are append-only and named; opening the database with any command also migrates \
            it; this lists those applied. \
            With --from sqlite:… --to postgres://…: copies every table (attachments included) into an empty PostgreSQL \
            database in batches, each committed with the position reached: run it again after any stop and it goes on \
            from there. At the end every table is counted on both sides. Stop the servers of the source first: what \
            changes during the copy may be missed. The PostgreSQL deployment must use the source's data keys file \
            (security.dataKeysFile), which is printed at the end. See docs/OPERATIONS.md, "Moving to PostgreSQL".
            """)
    @OptionGroup var db: DatabaseOptions
    @Option(help: "Copy from this deployment (sqlite:/path/file.sqlite or its path).") var from: String?
    @Option(help: "Copy into this empty PostgreSQL database (postgres://user@host:port/name).") var to: String?
    @Option(help: "Rows per committed batch.") var batch = 5_000

    func run() async throws {
        guard from != nil || to != nil else {
            let (root, store) = await db.open(.create)
            for name in try await store.appliedMigrations() { print("applied  \(name)") }
            print("database \(root.location.path) is up to date")
            return
        }
        guard let from, let to else { fail("--from and --to go together: migrate --from sqlite:/path/file.sqlite --to postgres://…") }
        guard db.database == nil else { fail("--database names one database; a copy names two: --from and --to") }
        guard batch > 0 else { fail("--batch must be at least 1") }
        var sourceSettings = CommandLineSettings()
        sourceSettings.set("database.url", "--from", .string(from))
        let (sourceRoot, source) = await db.open(.city, adding: sourceSettings)
        guard case .sqlite = sourceRoot.location else { fail("--from must name an SQLite deployment (sqlite:/path/file.sqlite)") }
        let keys = await stopping { try sourceRoot.dataKeysPath() }
        var targetSettings = CommandLineSettings()
        targetSettings.set("database.url", "--to", .string(to))
        targetSettings.set("security.dataKeysFile", "--data-keys", .string(keys))
        let targetRoot = await db.root(adding: targetSettings)
        guard case .postgres = targetRoot.location else { fail("--to must name a PostgreSQL database (postgres://…)") }
        let target = await stopping { try await targetRoot.openStore(.create) }
        guard let source = source as? any CopySource, let target = target as? any CopyTarget else { fail("these stores cannot be copied") }
        let bar = ProgressBar(label: "copy")
        let report = await stopping { try await DeploymentCopy(source: source, target: target, batchSize: batch).run(progress: bar.update) }
        for table in report.tables where table.source > 0 || table.target > 0 {
            print("\(table.name.padding(toLength: 28, withPad: " ", startingAt: 0)) \(table.source) → \(table.target)\(table.source == table.target ? "" : "  MISMATCH")")
        }
        guard report.mismatched.isEmpty else {
            fail("the counts of \(report.mismatched.map(\.name).joined(separator: ", ")) differ: was the source changed during the copy?")
        }
        print("""
            copied \(sourceRoot.location.path) into \(targetRoot.location.path)\(report.resumed ? " (resumed)" : ""): \(report.rows) rows, every table counted on both sides
            serve it with --database '\(to)' --data-keys \(keys)
            """)
    }
}
