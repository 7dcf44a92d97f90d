import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the database file cannot be used, in one line that names the path and what to do; never SQLite's own text.
public struct DatabaseFileError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var problem: String
    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }
    public var description: String { "database \(path): \(problem)" }
}

/// The checks a database file passes before SQLite opens it, and the modes of the files we create: the database
/// and its -wal and -shm files 0600 (SQLite gives the -wal and -shm files the database's mode), a folder 0700.
extension SQLiteStore {
    /// The first 16 bytes of every SQLite 3 database.
    static let header = Array("SQLite format 3\0".utf8)

    /// Checks the file at `path` for a command that needs an existing database (`serve`): the folder and the file exist;
    /// then everything `prepareFile` checks.
    /// - Throws: `DatabaseFileError` saying what is wrong.
    public static func checkExisting(at path: String) throws(DatabaseFileError) {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: folder) else {
            throw DatabaseFileError(path: path, problem: "the folder \(folder) does not exist; check the path, or create the database with `chengyun demo` or `chengyun migrate`")
        }
        guard FileManager.default.fileExists(atPath: path) else {
            throw DatabaseFileError(path: path, problem: "does not exist; create it first: `chengyun demo` (a demo city), or `chengyun migrate` then `chengyun import grids FILE` (a real city)")
        }
        try prepareFile(at: path)
    }

    /// Checks an existing file (a regular file, readable and writable, in a writable folder, not empty, an SQLite
    /// database); creates a missing one (0600) and its missing folders (0700).
    /// - Returns: whether the file existed (false: it was created just now, empty).
    @discardableResult
    static func prepareFile(at path: String) throws(DatabaseFileError) -> Bool {
        func fail(_ problem: String) -> DatabaseFileError { DatabaseFileError(path: path, problem: problem) }
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw fail("cannot create its folder \(folder): check that the folders above it are writable and that no file has its name")
            }
            let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw fail("cannot be created: \(reason(errno: Int(errno)))") }
            close(fd)
            return false
        }
        guard !isFolder.boolValue else { throw fail("is a folder, not a database file") }
        var info = stat()
        guard stat(path, &info) == 0 else { throw fail("cannot be examined: \(reason(errno: Int(errno)))") }
        guard allows(path, R_OK, mode: info.st_mode, bits: 0o444) else {
            throw fail("cannot be read (permission denied): make it readable and writable by the user that runs chengyun (chmod 600)")
        }
        guard allows(path, W_OK, mode: info.st_mode, bits: 0o222) else {
            throw fail("is read-only: chengyun writes to its database; make it writable by the user that runs chengyun (chmod 600)")
        }
        guard access(folder, W_OK | X_OK) == 0 else {
            throw fail("its folder \(folder) is read-only: SQLite creates \(url.lastPathComponent)-wal and \(url.lastPathComponent)-shm beside the database")
        }
        guard info.st_size > 0 else {
            throw fail("is empty (0 bytes), so it holds no city: restore it from a backup, or delete it and run `chengyun demo` or `chengyun migrate`")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw fail("cannot be read: \(reason(errno: Int(errno)))") }
        let first = (try? handle.read(upToCount: header.count)) ?? Data()
        try? handle.close()
        guard Array(first) == header else {
            throw fail("is not an SQLite database (it does not start with 'SQLite format 3'): check the path")
        }
        return true
    }

    /// Whether the process may read or write the file: access(2), and for root, who may always, the mode's bits
    /// (a file made read-only on purpose stays so).
    static func allows(_ path: String, _ how: Int32, mode: mode_t, bits: mode_t) -> Bool {
        access(path, how) == 0 && (geteuid() != 0 || mode & bits != 0)
    }

    static func reason(errno code: Int) -> String {
        String(cString: strerror(Int32(code))).lowercased()
    }

    /// A GRDB error while opening or migrating, as a one-line problem.
    static func fileError(_ error: DatabaseError, path: String) -> DatabaseFileError {
        let problem: String
        switch error.resultCode {
        case .SQLITE_NOTADB: problem = "is not an SQLite database, or is encrypted: check the path"
        case .SQLITE_CORRUPT: problem = "is damaged (SQLite finds it malformed): restore it from a backup"
        case .SQLITE_READONLY: problem = "is read-only: chengyun writes to its database; make the file and its folder writable by the user that runs chengyun"
        case .SQLITE_PERM, .SQLITE_AUTH: problem = "cannot be opened (permission denied): check the owner and mode of the file and its folder"
        case .SQLITE_CANTOPEN: problem = "cannot be opened: check that the path and its folder exist and are readable and writable"
        case .SQLITE_BUSY, .SQLITE_LOCKED: problem = "is locked by another process: wait for it, or stop it"
        case .SQLITE_FULL: problem = "cannot be written: the disk is full"
        case .SQLITE_IOERR: problem = "cannot be read or written (an input/output error): check the disk"
        default: problem = "cannot be opened (SQLite result code \(error.resultCode.rawValue): \(error.message ?? "no message"))"
        }
        return DatabaseFileError(path: path, problem: problem)
    }

    /// Checks that an existing SQLite file is Chengyun's before anything changes it (opening the pool would switch it
    /// to WAL, migrations would add tables): it is empty, or it has our migrations, none of them from a newer build.
    static func checkOwnership(path: String) throws {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.read { db in
            let tables = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'") ?? 0
            guard try tables == 0 || db.tableExists("grdb_migrations") else {
                throw DatabaseFileError(path: path, problem: "is an SQLite database of another application (it has tables but no Chengyun migrations): check the path")
            }
            if try migrator.hasBeenSuperseded(db) {
                throw DatabaseFileError(path: path, problem: "was written by a newer version of chengyun (it has migrations this build does not know): run that version")
            }
        }
    }

    /// Throws unless the database holds a city: `serve` does not start an empty one.
    /// - Throws: `DatabaseFileError` saying how to make one.
    public func requireCity() throws {
        let cities = try pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM org_node WHERE kind = 'city'") ?? 0 }
        guard cities > 0 else {
            throw DatabaseFileError(path: pool.path, problem: "holds no city yet: build a demo city with `chengyun demo`, or import the city's boundary with `chengyun import grids FILE`")
        }
    }
}
