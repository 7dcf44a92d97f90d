import ChengyunCore
import ChengyunStore
import Foundation

/// The SensorThings API's query options (`$filter`, `$orderby`, `$top`, `$skip`, `$count`, `$expand`) read into a
/// `SensingQuery` for one entity set: only the properties that set maps to a column may be named, so a filter is
/// answered by the database or refused with 400 `sta.invalid_query` naming the option.
struct SensorThingsQuery {
    var query = SensingQuery()
    var expand: [Expansion] = []
    /// For Observations: the bounds `$filter` sets on phenomenonTime (ms), and whether the order is ascending.
    var from: Int64 = 0
    var to: Int64 = Int64.max / 2
    var ascending = false

    struct Expansion: Hashable {
        var name: String
        var top: Int?
    }

    static let maxTop = 1_000

    /// The properties each entity set may filter and order on.
    static func fields(_ set: SensorThingsSet) -> [String: SensingField] {
        let common: [String: SensingField] = ["id": .id, "@iot.id": .id, "name": .name, "description": .description]
        switch set {
        case .things, .locations, .featuresOfInterest:
            return common.merging(["properties/code": .code, "properties/kind": .kind, "properties/owner": .owner, "properties/operator": .operator,
                                   "properties/maintainer": .maintainer, "properties/nodeId": .nodeID]) { a, _ in a }
        case .datastreams:
            return common.merging(["Thing/id": .deviceID, "Thing/@iot.id": .deviceID, "Sensor/id": .sensorID, "Sensor/@iot.id": .sensorID,
                                   "ObservedProperty/id": .propertyID, "ObservedProperty/@iot.id": .propertyID, "unitOfMeasurement/symbol": .unitSymbol,
                                   "properties/kind": .kind, "properties/property": .property]) { a, _ in a }
        case .sensors:
            return common.merging(["encodingType": .encodingType]) { a, _ in a }
        case .observedProperties:
            return common.merging(["definition": .definition]) { a, _ in a }
        case .observations:
            return ["phenomenonTime": .time, "resultTime": .time]
        }
    }

    init() {}

    init(_ parameters: [String: String], set: SensorThingsSet) throws(DomainError) {
        if let top = parameters["$top"] {
            guard let n = Int(top), n >= 0 else { throw SensorThingsError.query("$top", "a whole number") }
            query.top = min(n, Self.maxTop)
        }
        if let skip = parameters["$skip"] {
            guard let n = Int(skip), n >= 0, n <= 1_000_000 else { throw SensorThingsError.query("$skip", "a whole number up to 1000000") }
            query.skip = n
        }
        if let count = parameters["$count"] {
            guard count == "true" || count == "false" else { throw SensorThingsError.query("$count", "true or false") }
            query.count = count == "true"
        }
        let fields = Self.fields(set)
        if let order = parameters["$orderby"], !order.isEmpty {
            for term in order.split(separator: ",") {
                let parts = term.split(separator: " ", omittingEmptySubsequences: true)
                guard let first = parts.first, let field = fields[String(first)], parts.count <= 2 else {
                    throw SensorThingsError.query("$orderby", "one of \(fields.keys.sorted().joined(separator: ", ")), then asc or desc")
                }
                let descending = parts.count == 2 && parts[1].lowercased() == "desc"
                guard parts.count == 1 || ["asc", "desc"].contains(parts[1].lowercased()) else { throw SensorThingsError.query("$orderby", "asc or desc") }
                query.orderBy.append(SensingOrder(field, descending: descending))
                if set == .observations { ascending = !descending }
            }
        }
        if let text = parameters["$filter"], !text.isEmpty {
            var parser = FilterParser(text: text, fields: fields)
            let filter = try parser.parse()
            if set == .observations {
                try bound(filter)
            } else {
                query.filter = filter
            }
        }
        if let text = parameters["$expand"], !text.isEmpty {
            expand = try Self.expansions(text)
        }
    }

    /// For Observations: a filter of phenomenonTime comparisons joined by `and` becomes the bounds of the read.
    private mutating func bound(_ filter: SensingFilter) throws(DomainError) {
        switch filter {
        case .and(let a, let b):
            try bound(a)
            try bound(b)
        case .compare(.time, let op, .number(let n)):
            let t = Int64(n)
            switch op {
            case .gt: from = max(from, t + 1)
            case .ge: from = max(from, t)
            case .lt: to = min(to, t)
            case .le: to = min(to, t + 1)
            case .eq:
                from = max(from, t)
                to = min(to, t + 1)
            case .ne: throw SensorThingsError.query("$filter", "Observations filter on phenomenonTime with gt, ge, lt, le or eq, joined by and")
            }
        default:
            throw SensorThingsError.query("$filter", "Observations filter on phenomenonTime with gt, ge, lt, le or eq, joined by and")
        }
    }

    static func expansions(_ text: String) throws(DomainError) -> [Expansion] {
        var out: [Expansion] = []
        var depth = 0
        var current = ""
        func finish() throws(DomainError) {
            let item = current.trimmingCharacters(in: .whitespaces)
            current = ""
            guard !item.isEmpty else { return }
            var name = item
            var top: Int?
            if let open = item.firstIndex(of: "(") {
                name = String(item[..<open])
                let inner = item[item.index(after: open)...].dropLast()
                for option in inner.split(separator: ";") {
                    let kv = option.split(separator: "=", maxSplits: 1)
                    if kv.count == 2, kv[0] == "$top", let n = Int(kv[1]) { top = min(max(0, n), maxTop) }
                }
            }
            guard !name.contains("/") else { throw SensorThingsError.query("$expand", "one level of navigation (e.g. Datastreams,Locations)") }
            out.append(Expansion(name: name, top: top))
        }
        for c in text {
            if c == "(" { depth += 1 }
            if c == ")" { depth -= 1 }
            if c == ",", depth == 0 { try finish() } else { current.append(c) }
        }
        try finish()
        return out
    }
}

/// A small OData `$filter` parser: comparisons (eq ne gt ge lt le) of a property with a literal (number, 'text',
/// an ISO 8601 instant, null), `substringof('x', name)` and `contains(name, 'x')`, joined by and / or / not and
/// parentheses.
struct FilterParser {
    let fields: [String: SensingField]
    private var tokens: [String]
    private var at = 0

    init(text: String, fields: [String: SensingField]) {
        self.fields = fields
        tokens = Self.tokenize(text)
    }

    mutating func parse() throws(DomainError) -> SensingFilter {
        guard tokens.count <= 200 else { throw SensorThingsError.query("$filter", "at most 200 terms") }
        let filter = try or()
        guard at == tokens.count else { throw SensorThingsError.query("$filter", "unexpected '\(tokens[at])'") }
        return filter
    }

    private mutating func or() throws(DomainError) -> SensingFilter {
        var left = try and()
        while peek()?.lowercased() == "or" {
            at += 1
            left = .or(left, try and())
        }
        return left
    }

    private mutating func and() throws(DomainError) -> SensingFilter {
        var left = try unary()
        while peek()?.lowercased() == "and" {
            at += 1
            left = .and(left, try unary())
        }
        return left
    }

    private mutating func unary() throws(DomainError) -> SensingFilter {
        if peek()?.lowercased() == "not" {
            at += 1
            return .not(try unary())
        }
        if peek() == "(" {
            at += 1
            let inner = try or()
            try expect(")")
            return inner
        }
        if let name = peek()?.lowercased(), name == "substringof" || name == "contains" {
            at += 1
            try expect("(")
            let a = try next(), b: String
            try expect(",")
            b = try next()
            try expect(")")
            let (text, property) = name == "substringof" ? (a, b) : (b, a)
            guard let literal = Self.string(text) else { throw SensorThingsError.query("$filter", "\(name) takes a 'text' literal") }
            return .contains(try field(property), literal)
        }
        let property = try next()
        let op = try next().lowercased()
        guard let comparison = SensingFilter.Comparison(rawValue: op) else { throw SensorThingsError.query("$filter", "'\(op)' is not eq, ne, gt, ge, lt or le") }
        let literal = try next()
        return .compare(try field(property), comparison, try value(literal))
    }

    private func field(_ name: String) throws(DomainError) -> SensingField {
        guard let field = fields[name] else {
            throw SensorThingsError.query("$filter", "'\(name)' cannot be filtered here; use one of \(fields.keys.sorted().joined(separator: ", "))")
        }
        return field
    }

    private func value(_ token: String) throws(DomainError) -> SensingValue {
        if token == "null" { return .null }
        if let s = Self.string(token) { return .text(s) }
        if let n = Double(token), n.isFinite { return .number(n) }
        if let t = SensorThingsTime.parse(token) { return .number(Double(t)) }
        throw SensorThingsError.query("$filter", "'\(token)' is not a number, 'text', an ISO 8601 time or null")
    }

    static func string(_ token: String) -> String? {
        guard token.count >= 2, token.hasPrefix("'"), token.hasSuffix("'") else { return nil }
        return String(token.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
    }

    private func peek() -> String? { at < tokens.count ? tokens[at] : nil }

    private mutating func next() throws(DomainError) -> String {
        guard at < tokens.count else { throw SensorThingsError.query("$filter", "it ends too early") }
        at += 1
        return tokens[at - 1]
    }

    private mutating func expect(_ token: String) throws(DomainError) {
        guard try next() == token else { throw SensorThingsError.query("$filter", "expected '\(token)'") }
    }

    static func tokenize(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        var quoted = false
        var chars = Array(text)
        chars.append(" ")
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if quoted {
                current.append(c)
                if c == "'" {
                    if i + 1 < chars.count, chars[i + 1] == "'" {
                        current.append("'")
                        i += 1
                    } else {
                        quoted = false
                        out.append(current)
                        current = ""
                    }
                }
            } else if c == "'" {
                if !current.isEmpty { out.append(current) }
                current = "'"
                quoted = true
            } else if c == "(" || c == ")" || c == "," {
                if !current.isEmpty { out.append(current) }
                current = ""
                out.append(String(c))
            } else if c == " " {
                if !current.isEmpty { out.append(current) }
                current = ""
            } else {
                current.append(c)
            }
            i += 1
        }
        if quoted { out.append(current) }
        return out
    }
}

/// ISO 8601 instants as the SensorThings API writes them (`2026-12-05T08:30:00Z`, `…00.250+08:00`), to and from
/// milliseconds since 1970, by hand (a formatter per reading would cost more than the reading).
enum SensorThingsTime {
    static func parse(_ text: String) -> Int64? {
        // An interval ("start/end") is read by its start.
        let s = Array((text.split(separator: "/").first.map(String.init) ?? text).utf8)
        func num(_ from: Int, _ count: Int) -> Int64? {
            guard from + count <= s.count else { return nil }
            var v: Int64 = 0
            for i in from..<(from + count) {
                let c = s[i]
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int64(c - 48)
            }
            return v
        }
        guard s.count >= 20, s[4] == 45, s[7] == 45, s[10] == 84 || s[10] == 116 || s[10] == 32, s[13] == 58, s[16] == 58,
              let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2), let h = num(11, 2), let mi = num(14, 2), let se = num(17, 2),
              (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, se < 61 else { return nil }
        var i = 19
        var millis: Int64 = 0
        if i < s.count, s[i] == 46 {
            i += 1
            var scale: Int64 = 100
            while i < s.count, s[i] >= 48, s[i] <= 57 {
                millis += Int64(s[i] - 48) * scale
                scale /= 10
                i += 1
            }
        }
        guard i < s.count else { return nil }
        var offset: Int64 = 0
        if s[i] == 90 || s[i] == 122 {
            i += 1
        } else if s[i] == 43 || s[i] == 45, let oh = num(i + 1, 2) {
            let sign: Int64 = s[i] == 45 ? -1 : 1
            var om: Int64 = 0
            if i + 3 < s.count, s[i + 3] == 58, let m = num(i + 4, 2) {
                om = m
                i += 6
            } else if let m = num(i + 3, 2) {
                om = m
                i += 5
            } else {
                i += 3
            }
            offset = sign * (oh * 60 + om) * 60_000
        } else {
            return nil
        }
        guard i == s.count else { return nil }
        let days = ReadingTables.days(y, mo, d)
        return ((days * 24 + h) * 60 + mi) * 60_000 + se * 1000 + millis - offset
    }

    static func format(_ millis: Int64) -> String {
        let day = millis >= 0 ? millis / 86_400_000 : (millis - 86_399_999) / 86_400_000
        let rest = millis - day * 86_400_000
        let (y, m, d) = ReadingTables.civil(day)
        let h = rest / 3_600_000, mi = rest / 60_000 % 60, s = rest / 1000 % 60, ms = rest % 1000
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let frac = ms == 0 ? "" : "." + String(String(ms + 1000).dropFirst())
        return "\(y)-\(two(m))-\(two(d))T\(two(h)):\(two(mi)):\(two(s))\(frac)Z"
    }
}
