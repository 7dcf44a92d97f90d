import ChengyunCore
import ChengyunPostgres
import ChengyunServer
import ChengyunStore
import ChengyunTesting
import Foundation
import Testing

/// 备份与恢复: `chengyun backup` of a demo city, `chengyun restore` of it as a new database, and every case read back
/// from both — the same cases, histories and attachment bytes. SQLite always; PostgreSQL when the test server is named.
@Suite("备份与恢复 backup and restore", .serialized, .enabled(if: TestCity.storeKind == "sqlite", "run once, in the first pass"))
struct BackupTests {
    /// Backs up `source`, restores it as `target` and compares every case of the two.
    func roundTrip(source: String, target: String, keys: String, folder: URL) async throws {
        let demo = try Binary.run(["demo", "--database", source, "--data-keys", keys, "--districts", "1", "--streets", "2", "--committees", "4",
                                   "--grids", "40", "--departments", "20", "--cases", "300", "--days", "30"])
        #expect(demo.status == 0, "\(demo.output)")
        let backup = try Binary.run(["backup", "--database", source, "--data-keys", keys, "--to", folder.path])
        #expect(backup.status == 0 && backup.output.contains("300 cases"), "\(backup.output)")
        #expect(try Binary.run(["backup", "--database", source, "--data-keys", keys, "--to", folder.path]).status == 1, "never over a backup")
        let restore = try Binary.run(["restore", "--database", target, "--data-keys", keys, "--from", folder.path])
        #expect(restore.status == 0 && restore.output.contains("300 cases"), "\(restore.output)")
        #expect(try Binary.run(["restore", "--database", target, "--data-keys", keys, "--from", folder.path]).status == 1, "never over a database")

        let original = try await openDeployment(source, keys: keys), restored = try await openDeployment(target, keys: keys)
        try await expectSameCases(original, restored, count: 300)
        #expect(try await restored.appliedMigrations() == original.appliedMigrations())
    }

    @Test("SQLite：在线备份（含附件文件），恢复为新文件，案件、历史与附件逐一相同")
    func sqlite() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chengyun-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try await roundTrip(source: dir.appendingPathComponent("city.sqlite").path, target: dir.appendingPathComponent("restored/city.sqlite").path,
                            keys: dir.appendingPathComponent("city.keys").path, folder: dir.appendingPathComponent("backup"))
    }

    @Test("PostgreSQL：pg_dump 备份，pg_restore 恢复到空数据库，案件、历史与附件逐一相同",
          .enabled(if: ProcessInfo.processInfo.environment["CHENGYUN_TEST_POSTGRES"] != nil, "set CHENGYUN_TEST_POSTGRES"))
    func postgres() async throws {
        let server = try #require(ProcessInfo.processInfo.environment["CHENGYUN_TEST_POSTGRES"].flatMap { try? PostgresURL($0) })
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chengyun-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let suffix = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await PostgresStore.createDatabase("backup_a_\(suffix)", on: server)
        try await PostgresStore.createDatabase("backup_b_\(suffix)", on: server)
        try await roundTrip(source: server.with(database: "backup_a_\(suffix)").text, target: server.with(database: "backup_b_\(suffix)").text,
                            keys: dir.appendingPathComponent("city.keys").path, folder: dir.appendingPathComponent("backup"))
    }
}
