import ChengyunCore
import ChengyunPostgres
import ChengyunServer
import ChengyunStore
import ChengyunTesting
import Foundation
import Testing

/// 迁移: `chengyun migrate --from sqlite:… --to postgres://…` of a demo city, killed with SIGKILL part-way and run
/// again, then every case, history and attachment read back from both stores; the copy goes on from where it stopped
/// (no row twice, none missing), new rows get new ids, and a database holding another city is refused.
@Suite("迁移到 PostgreSQL migrate --from --to", .serialized,
       .enabled(if: TestCity.storeKind == "sqlite" && ProcessInfo.processInfo.environment["CHENGYUN_TEST_POSTGRES"] != nil,
                "set CHENGYUN_TEST_POSTGRES; run once, in the first pass"))
struct MigrateCopyTests {
    /// One value of a query, through psql (Debian's postgresql-client).
    func psql(_ url: String, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = [url, "-Atc", sql]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The indexes of the schema (not of the reading tables made day by day: a fresh database has none yet).
    static let indexes = "SELECT string_agg(indexdef, E'\\n' ORDER BY indexname) FROM pg_indexes WHERE schemaname = current_schema() AND tablename !~ '^sensing_(raw|minute)_d|^sensing_hour_m'"

    @Test("中断后续传：逐批提交，kill -9 后再运行从断点继续；两边逐表计数、案件、历史与附件逐一相同")
    func copyKilledAndResumed() async throws {
        let server = try #require(ProcessInfo.processInfo.environment["CHENGYUN_TEST_POSTGRES"].flatMap { try? PostgresURL($0) })
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chengyun-migrate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let sqlite = dir.appendingPathComponent("city.sqlite").path, keys = sqlite + ".keys"
        let demo = try Binary.run(["demo", "--database", sqlite, "--districts", "1", "--streets", "2", "--committees", "4",
                                   "--grids", "40", "--departments", "20", "--cases", "300", "--days", "30"])
        try #require(demo.status == 0, "\(demo.output)")
        let suffix = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let original = try await openDeployment(sqlite, keys: keys)
        // Readings of two days, still in the SQLite inbox when the copy starts: the copy moves them and makes the day tables.
        let stream = try #require(try await original.datastreams(SensingQuery(orderBy: [SensingOrder(.id)], top: 1, scope: SensingScope(paths: ["/"]))).items.first)
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let readings = [now - ReadingTables.dayMillis, now - 60_000, now - 30_000].enumerated().map { Observation(datastreamID: stream.id, time: $0.element, result: Double($0.offset) + 0.5) }
        #expect(try await original.appendObservations(readings).count == 3)
        let events = try #require(try await (original as? any CopySource)?.copyTable("case_event"))
        let eventsInSource = try await (original as! any CopySource).copyCount(events)

        // Killed once it has committed part of the case history. Small batches, so that the history takes long enough to
        // be caught part-way; a machine so busy with the rest of the suite that the whole history went by between two
        // looks (seen at 25 and at 10 a batch) tries again on a fresh database with smaller batches.
        var caught: (target: String, watched: PostgresStore, stopped: CopyPosition, partial: Int)?
        for (attempt, batch) in [10, 3, 1].enumerated() where caught == nil {
            let name = "migrate_\(suffix)_\(attempt)"
            try await PostgresStore.createDatabase(name, on: server)
            let target = server.with(database: name).text
            // Migrated first, so that the copy's progress can be watched from here.
            let watched = try #require(try await openDeployment(target, keys: keys, .create) as? PostgresStore)
            let copying = Process()
            copying.executableURL = URL(fileURLWithPath: Binary.path)
            copying.arguments = ["migrate", "--from", "sqlite:\(sqlite)", "--to", target, "--batch", String(batch)]
            copying.standardOutput = FileHandle.nullDevice
            copying.standardError = FileHandle.nullDevice
            try copying.run()
            var killedAt: CopyPosition?
            for _ in 0..<3000 {
                if let position = try await watched.copyStarted()?.positions["case_event"] {
                    kill(copying.processIdentifier, SIGKILL)
                    killedAt = position
                    break
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            copying.waitUntilExit()
            let partial = try await watched.copyCount("case_event")
            if let stopped = killedAt, copying.terminationReason == .uncaughtSignal, partial < eventsInSource {
                caught = (target, watched, stopped, partial)
            } else {
                await watched.shutdown()
            }
        }
        let (target, watched, stopped, partial) = try #require(caught, "the copy was caught part-way through the case history in one of three tries")
        #expect(partial >= stopped.rows, "every batch recorded as done is there")
        #expect(try await watched.copyStarted()?.positions["case_event"]?.rows == partial, "the position is committed with its batch")
        #expect(Int(try psql(target, "SELECT count(*) FROM copy_index")) ?? 0 > 5, "the secondary indexes are set aside while it copies")

        let resumed = try Binary.run(["migrate", "--from", "sqlite:\(sqlite)", "--to", target, "--batch", "500"])
        #expect(resumed.status == 0 && resumed.output.contains("(resumed)") && !resumed.output.contains("MISMATCH"), "\(resumed.output)")
        #expect(resumed.output.contains("case_event") && resumed.output.contains("\(eventsInSource) → \(eventsInSource)"), "\(resumed.output)")

        // Every index is back, as a database migrated afresh has them.
        try await PostgresStore.createDatabase("fresh_\(suffix)", on: server)
        let fresh = server.with(database: "fresh_\(suffix)").text
        if let store = try await openDeployment(fresh, keys: keys, .create) as? PostgresStore { await store.shutdown() }
        #expect(try psql(target, Self.indexes) == psql(fresh, Self.indexes), "the same indexes as a fresh database")
        #expect(try psql(target, "SELECT count(*) FROM copy_index") == "0")

        let copied = try await openDeployment(target, keys: keys)
        try await expectSameCases(original, copied, count: 300)
        // The demo's own history of this datastream comes along with the three readings posted here.
        let kept = try await copied.observations(of: stream.id, from: 0, to: now + 1, ascending: true, limit: 10_000, offset: 0)
        #expect(kept == (try await original.observations(of: stream.id, from: 0, to: now + 1, ascending: true, limit: 10_000, offset: 0)), "the readings, from their day tables")
        #expect(readings.allSatisfy(kept.contains))
        #expect(try await copied.rollups(of: stream.id, period: .hour, from: 0, to: now + 1) == original.rollups(of: stream.id, period: .hour, from: 0, to: now + 1), "and their rollups")
        #expect(resumed.output.contains(ReadingTables.raw(now)), "\(resumed.output)")
        #expect(try await copied.signInRecord(username: "leader") == original.signInRecord(username: "leader"), "accounts, password hashes and all")

        // New rows after the copy take the next ids (the sequences follow the copied ids).
        let users = try await watched.copyCount("app_user")
        let added = try Binary.run(["user", "add", "--database", target, "--data-keys", keys, "--username", "after.copy",
                                    "--display-name", "迁移后", "--role", "leader", "--node", "310000", "--password", "chengyun-after"])
        #expect(added.status == 0, "\(added.output)")
        #expect(try await watched.copyCount("app_user") == users + 1)

        // A copy of another city into it is refused; the same copy again only counts.
        let other = dir.appendingPathComponent("other.sqlite").path
        #expect(try Binary.run(["demo", "--database", other, "--data-keys", keys, "--districts", "1", "--streets", "1", "--committees", "2", "--grids", "4",
                                "--departments", "20", "--cases", "5", "--seed", "7"]).status == 0)
        let refused = try Binary.run(["migrate", "--from", other, "--data-keys", keys, "--to", target])
        #expect(refused.status == 1 && refused.output.contains("another deployment"), "\(refused.output)")
        let again = try Binary.run(["migrate", "--from", "sqlite:\(sqlite)", "--to", target])
        #expect(again.status == 1 && again.output.contains("app_user") && again.output.contains("MISMATCH"),
                "the user added since shows as a difference: \(again.output)")
        await watched.shutdown()
        if let store = copied as? PostgresStore { await store.shutdown() }
    }
}
