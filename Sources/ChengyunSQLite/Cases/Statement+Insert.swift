import GRDB
import GRDBSQLite

extension Statement {
    /// Binds `values` in order and runs this insert (or update) once, straight through SQLite: the hot writes of a
    /// case (its row, child rows and history, ~25 statements) spend more in GRDB's per-execution bookkeeping (an
    /// arguments value, the authorizer and observation hooks) than in SQLite itself. Nothing observes these tables.
    /// - Throws: `DatabaseError` with SQLite's result code (a constraint stays `SQLITE_CONSTRAINT`).
    func insert(_ values: [(any DatabaseValueConvertible)?]) throws {
        let statement = sqliteStatement
        sqlite3_reset(statement)
        for (i, value) in values.enumerated() {
            let code = (value?.databaseValue ?? .null).bind(to: statement, at: CInt(i + 1))
            guard code == SQLITE_OK else { throw failure(code) }
        }
        let code = sqlite3_step(statement)
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        guard code == SQLITE_DONE else { throw failure(code) }
    }

    private func failure(_ code: CInt) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(sqliteStatement))), sql: sql)
    }
}
