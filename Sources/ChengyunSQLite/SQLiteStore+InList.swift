import ChengyunCore
import GRDB

/// Ids for an `IN (…)` list, at most 500 at a time (SQLite binds at most 32,766 parameters; smaller lists keep each
/// statement's plan simple): `body` gets each chunk and its placeholders, `?,?,…`.
func inChunks<T>(_ ids: some Collection<T>, _ body: (_ chunk: [T], _ placeholders: String) throws -> Void) rethrows {
    let all = Array(ids)
    for start in stride(from: 0, to: all.count, by: 500) {
        let chunk = Array(all[start..<min(start + 500, all.count)])
        try body(chunk, chunk.map { _ in "?" }.joined(separator: ","))
    }
}

/// Ids bound as one JSON array, for `IN (SELECT value FROM json_each(?))`: one statement, prepared once and kept
/// (`cachedStatement`), whatever the number of ids — where a list is read often and its length varies.
func jsonIDs(_ ids: some Sequence<Int64>) -> String {
    var text = "["
    for (i, id) in ids.enumerated() {
        if i > 0 { text += "," }
        text += String(id)
    }
    return text + "]"
}

/// Texts bound as one JSON array, for `IN (SELECT value FROM json_each(?))`.
func jsonTexts(_ texts: some Sequence<String>) -> String {
    "[" + texts.map(JSONText.quoted).joined(separator: ",") + "]"
}

extension SQLiteStore {
    /// The condition and arguments of a box of the map within an area (the city map's layers): `lon`/`lat` in the box,
    /// `path` under any of `paths` (each a range, so the path index serves it), then the row limit.
    static func inBox(_ box: BoundingBox, under paths: [String], limit: Int, lon: String = "lon", lat: String = "lat", path: String = "node_path")
        -> (condition: String, arguments: StatementArguments) {
        let ranges = paths.map(pathRange)
        let scope = ranges.map { _ in "(\(path) >= ? AND \(path) < ?)" }.joined(separator: " OR ")
        var arguments: [any DatabaseValueConvertible] = [box.minLon, box.maxLon, box.minLat, box.maxLat]
        for (low, high) in ranges { arguments += [low, high] }
        arguments.append(limit)
        return ("\(lon) BETWEEN ? AND ? AND \(lat) BETWEEN ? AND ? AND (\(scope))", StatementArguments(arguments.map(\.databaseValue)))
    }
}
