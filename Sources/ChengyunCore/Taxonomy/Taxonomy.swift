public import Foundation

/// 案件分类 — the two-level taxonomy (major class → minor class) of components and events.
public struct Taxonomy: Sendable, Hashable, Codable {
    /// Which edition of the table this is, e.g. "GB/T 30428.2-2013 structure, Chengyun demo edition 1".
    public var version: String
    /// Free text about the edition's provenance; kept so a decoded file encodes back unchanged.
    public var note: String?
    public var categories: [Category]

    public init(version: String, categories: [Category], note: String? = nil) {
        self.version = version
        self.categories = categories
        self.note = note
    }

    /// Decodes data/taxonomy.json's format and validates it against `knownDepartmentKinds`.
    /// - Throws: `TaxonomyError` with code `taxonomy.malformed` and the JSON path when the data
    ///   does not decode, or the first problem `validate(knownDepartmentKinds:)` finds.
    public static func decode(
        _ data: Data, knownDepartmentKinds: Set<String> = DepartmentKinds.codes
    ) throws(TaxonomyError) -> Taxonomy {
        let taxonomy: Taxonomy
        do {
            taxonomy = try JSONDecoder().decode(Taxonomy.self, from: data)
        } catch let error as DecodingError {
            let (path, detail) = error.pathAndDetail
            throw TaxonomyError(
                code: "taxonomy.malformed",
                message: "The taxonomy JSON does not decode at \(path.isEmpty ? "the top level" : path): \(detail) Compare it with data/taxonomy.json; urgencies are normal, urgent, critical and hoursKind is working or natural.",
                field: path.isEmpty ? nil : path
            )
        } catch {
            throw TaxonomyError(code: "taxonomy.malformed", message: "The taxonomy is not valid JSON.", field: nil)
        }
        try taxonomy.validate(knownDepartmentKinds: knownDepartmentKinds)
        return taxonomy
    }

    /// The minor class of the given kind and 4-digit code, or nil.
    public func category(kind: CategoryKind, code: String) -> Category? {
        categories.first { $0.kind == kind && $0.code == code }
    }

    /// The minor class with the given id (`component:0101`, `event:0509`), or nil.
    public func category(id: String) -> Category? {
        guard let colon = id.firstIndex(of: ":"),
              let kind = CategoryKind(rawValue: String(id[..<colon])) else { return nil }
        return category(kind: kind, code: String(id[id.index(after: colon)...]))
    }

    /// The major classes, components first, each once, in code order.
    public var majorClasses: [(kind: CategoryKind, code: String, name: String)] {
        var seen: Set<String> = []
        var result: [(kind: CategoryKind, code: String, name: String)] = []
        for category in categories where seen.insert("\(category.kind.rawValue):\(category.majorCode)").inserted {
            result.append((category.kind, category.majorCode, category.majorName))
        }
        let kindOrder = Dictionary(uniqueKeysWithValues: CategoryKind.allCases.enumerated().map { ($1, $0) })
        return result.sorted { (kindOrder[$0.kind]!, $0.code) < (kindOrder[$1.kind]!, $1.code) }
    }

    /// The minor classes of one major class, in code order.
    public func minorClasses(kind: CategoryKind, majorCode: String) -> [Category] {
        categories.filter { $0.kind == kind && $0.majorCode == majorCode }.sorted { $0.code < $1.code }
    }

    /// 处置时限 in the category's `hoursKind` hours for the given urgency.
    ///
    /// Uses this taxonomy's current entry for the category's id when there is one (a case keeps
    /// a copy of its category). A validated table has every urgency; should one be missing, the
    /// nearest more urgent (shorter) deadline is used, then the nearest less urgent one, then
    /// `fallbackDeadlineHours`.
    public func deadlineHours(for category: Category, urgency: Urgency) -> Double {
        let table = (self.category(id: category.id) ?? category).deadlineHours
        if let hours = table[urgency], hours.isFinite, hours > 0 { return hours }
        let stricter = Urgency.allCases.filter { $0 > urgency }
        let looser = Urgency.allCases.filter { $0 < urgency }.reversed()
        for candidate in stricter + looser {
            if let hours = table[candidate], hours.isFinite, hours > 0 { return hours }
        }
        return Taxonomy.fallbackDeadlineHours
    }

    /// The deadline used only when a category has no usable deadline at all (unvalidated data).
    public static let fallbackDeadlineHours: Double = 24
}
