/// Ids for an `IN (…)` list, at most 500 at a time (SQLite binds at most 32,766 parameters; smaller lists keep each
/// statement's plan simple): `body` gets each chunk and its placeholders, `?,?,…`.
func inChunks<T>(_ ids: some Collection<T>, _ body: (_ chunk: [T], _ placeholders: String) throws -> Void) rethrows {
    let all = Array(ids)
    for start in stride(from: 0, to: all.count, by: 500) {
        let chunk = Array(all[start..<min(start + 500, all.count)])
        try body(chunk, chunk.map { _ in "?" }.joined(separator: ","))
    }
}
