import ChengyunStore
import Foundation
import GRDB

/// 全文检索 — a search's matches from the trigram index (FTS5, `case_search`), read once for both a list's page and
/// its total, as a JSON array of ids for `id IN (SELECT value FROM json_each(?))`.
///
/// A phrase reads the doclist of every trigram it holds, and common trigrams are long: a committee's name, 太平8花园居委,
/// reads those of 花园居 and 园居委 (554,450 cases each at 10M, ~17 ms). So a longer text is first looked up by a pair
/// of neighbouring trigrams (four characters) that few cases hold — 太平8花: 425 cases, ~1 ms — and the whole text is
/// then checked in those cases' search text, folded as the index folds it.
extension SQLiteStore {
    /// The most cases a four-character window may hold to be checked one by one.
    static let searchWindowLimit = 2_000
    /// The windows tried before the whole phrase is asked of the index.
    static let searchWindowTries = 4

    /// The matches of `text`; nil when it is too short for the index, or it matches more than a total counts (the
    /// index is then asked inside each query).
    static func searchHits(_ db: Database, _ text: String?) throws -> String? {
        guard let text, text.count >= 3 else { return nil }
        if let ids = try searchByWindow(db, text) { return jsonIDs(ids) }
        let ids = try Int64.fetchAll(db.cachedStatement(sql: "SELECT rowid FROM case_search WHERE case_search MATCH ? LIMIT ?"),
                                     arguments: [searchPhrase(text), CasePage.countLimit + 1])
        return ids.count > CasePage.countLimit ? nil : jsonIDs(ids)
    }

    /// The cases holding `text`, found through the first of its four-character windows few cases hold; nil when the
    /// text is shorter than five characters (the window would be the phrase) or no window tried is rare enough.
    static func searchByWindow(_ db: Database, _ text: String) throws -> [Int64]? {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 5 else { return nil }
        let needle = folded(text)
        for start in 0...min(scalars.count - 4, searchWindowTries - 1) {
            let window = String(String.UnicodeScalarView(scalars[start..<start + 4]))
            let candidates = try Int64.fetchAll(db.cachedStatement(sql: "SELECT rowid FROM case_search WHERE case_search MATCH ? LIMIT ?"),
                                                arguments: [searchPhrase(window), searchWindowLimit + 1])
            guard candidates.count <= searchWindowLimit else { continue }
            var hits: [Int64] = []
            let rows = try Row.fetchCursor(db.cachedStatement(sql: "SELECT id, search FROM case_record WHERE id IN (SELECT value FROM json_each(?))"),
                                           arguments: [jsonIDs(candidates)])
            while let row = try rows.next() {
                if let search = row[1] as String?, contains(folded(search), needle) { hits.append(row[0]) }
            }
            return hits
        }
        return nil
    }

    /// The text as one FTS5 phrase.
    static func searchPhrase(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The text's code points folded to lower case one by one, as the trigram tokenizer folds them (its default,
    /// `case_sensitive 0`); a code point whose lower case is not one code point stays as it is.
    static func folded(_ text: String) -> [Unicode.Scalar] {
        text.unicodeScalars.map { c in
            // ASCII by arithmetic; the CJK blocks and Hangul have no case (looking up a code point's properties
            // costs more than the rest of the check).
            if c.value < 0x80 { return (0x41...0x5A).contains(c.value) ? Unicode.Scalar(c.value + 32)! : c }
            if (0x2E80..<0xA640).contains(c.value) || (0xAC00..<0xD800).contains(c.value) { return c }
            guard c.properties.changesWhenLowercased else { return c }
            let lower = c.properties.lowercaseMapping.unicodeScalars
            return lower.count == 1 ? lower.first! : c
        }
    }

    /// Whether `needle` occurs in `haystack`, code point by code point (the index's trigrams are code points, not
    /// the grapheme clusters `String.contains` compares).
    static func contains(_ haystack: [Unicode.Scalar], _ needle: [Unicode.Scalar]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<start + needle.count].elementsEqual(needle) { return true }
        }
        return false
    }
}
