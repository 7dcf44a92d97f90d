import ArgumentParser

extension Serve {
    /// Before anything listens: `serve` needs an existing database that holds a city. A missing file or folder, an
    /// empty or foreign file, an unreadable or read-only one, or a database with no city stops it with one line naming
    /// the path and what to do (exit status 1), instead of starting an empty city that reports healthy.
    func validate() throws {
        _ = try db.open(.city)
    }
}
