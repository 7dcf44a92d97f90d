public import Foundation

/// 指标目录 — the whole catalogue of vital signs, as data: loaded from a file (the demo's `vital-signs.json`) or
/// replaced through the API, and checked as a whole before it is kept.
public struct VitalSignCatalogue: Sendable, Hashable, Codable {
    public var version: Int
    public var note: String
    public var signs: [VitalSign]

    public init(version: Int = 1, note: String = "", signs: [VitalSign]) {
        self.version = version
        self.note = note
        self.signs = signs
    }

    /// A catalogue in the wire form (`categoryId`), as the API takes it and the demo's file holds it.
    public static func decode(_ data: Data) throws -> VitalSignCatalogue {
        try WireKeys.decoder().decode(VitalSignCatalogue.self, from: data)
    }

    public var firstLevel: [VitalSign] { signs.filter(\.isFirstLevel) }

    /// The longest window any indicator may take: 30 days.
    public static let maxWindowHours = 720
    public static let maxSigns = 5_000

    /// Checks the whole catalogue: unique codes in the form `DY01` / `DY01.02` with the dimension's prefix, parents
    /// that are first-level indicators of the same dimension, formulas naming a known property, channel and
    /// category, thresholds in order. `properties` are the observed properties devices report, `categories` the
    /// taxonomy's category ids.
    public func validate(properties: Set<String>, categories: Set<String>) throws(DomainError) {
        guard !signs.isEmpty, signs.count <= Self.maxSigns else { throw VitalSignError.catalogue("signs", "give 1 to \(Self.maxSigns) indicators") }
        var seen: [String: VitalSign] = [:]
        for (i, s) in signs.enumerated() {
            let at = "signs[\(i)]"
            guard Self.codeIsWellFormed(s.code, prefix: s.dimension.codePrefix, child: s.parent != nil) else {
                throw VitalSignError.catalogue("\(at).code", "'\(s.code)' is not a code of the form \(s.dimension.codePrefix)01 or \(s.dimension.codePrefix)01.02 for \(s.dimension.rawValue)")
            }
            guard seen[s.code] == nil else { throw VitalSignError.catalogue("\(at).code", "code \(s.code) is used twice") }
            if let parent = s.parent {
                guard let p = seen[parent], p.isFirstLevel, s.code.hasPrefix(parent + ".") else {
                    throw VitalSignError.catalogue("\(at).parent", "\(parent) is not a first-level indicator listed before \(s.code) with its code as prefix")
                }
                guard p.dimension == s.dimension else { throw VitalSignError.catalogue("\(at).dimension", "\(s.code) is not in its parent's dimension") }
            }
            let name = s.name.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, name.count <= 60 else { throw VitalSignError.catalogue("\(at).name", "give a name of 1 to 60 characters") }
            guard s.nameEn.count <= 120, s.unit.count <= 16 else { throw VitalSignError.catalogue("\(at).nameEn", "the English name or the unit is too long") }
            guard (1...Self.maxWindowHours).contains(s.windowHours) else {
                throw VitalSignError.catalogue("\(at).windowHours", "give 1 to \(Self.maxWindowHours) hours")
            }
            if let f = s.formula { try Self.check(f, at: "\(at).formula", properties: properties, categories: categories) }
            if let levels = s.levels {
                guard s.formula != nil else { throw VitalSignError.catalogue("\(at).levels", "a slot without a formula has no levels") }
                let given = AlarmLevel.allCases.compactMap(levels.threshold)
                guard given.allSatisfy(\.isFinite), given == (levels.direction == .above ? given.sorted() : given.sorted(by: >)) else {
                    throw VitalSignError.catalogue("\(at).levels", "thresholds must be finite and \(levels.direction == .above ? "rise" : "fall") from blue to red")
                }
            }
            if let low = s.normalLow, let high = s.normalHigh, !(low <= high) {
                throw VitalSignError.catalogue("\(at).normalLow", "the normal range's low end lies above its high end")
            }
            seen[s.code] = s
        }
    }

    static func codeIsWellFormed(_ code: String, prefix: String, child: Bool) -> Bool {
        guard code.hasPrefix(prefix) else { return false }
        let parts = code.dropFirst(prefix.count).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == (child ? 2 : 1) else { return false }
        return parts.allSatisfy { $0.count >= 2 && $0.count <= 3 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }

    static func check(_ f: VitalSignFormula, at: String, properties: Set<String>, categories: Set<String>) throws(DomainError) {
        switch f.source {
        case .readings:
            guard let p = f.property, properties.contains(p) else {
                throw VitalSignError.catalogue("\(at).property", "name one of the observed properties: \(properties.sorted().joined(separator: ", "))")
            }
            guard f.aggregate != nil else { throw VitalSignError.catalogue("\(at).aggregate", "give mean, max, min, sum or count") }
        case .cases:
            guard f.figure != nil else { throw VitalSignError.catalogue("\(at).figure", "give the figure: \(VitalSignFormula.Figure.allCases.map(\.rawValue).joined(separator: ", "))") }
            if let c = f.categoryID, !categories.contains(c) { throw VitalSignError.catalogue("\(at).categoryId", "\(c) is not a category of the taxonomy") }
        case .alarms:
            break
        }
    }
}
