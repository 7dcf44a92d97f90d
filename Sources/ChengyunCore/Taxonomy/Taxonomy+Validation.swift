import Foundation

extension Taxonomy {
    /// Checks the whole table and throws its first problem.
    ///
    /// Rules: unique (kind, code); code `^[0-9]{4}$` with major and minor class 01–99; one
    /// majorName per (kind, majorCode); names and criteria non-empty; deadlines given for every
    /// urgency, finite, > 0 and critical ≤ urgent ≤ normal; leadDepartmentKind known.
    /// - Throws: `TaxonomyError` naming the field, e.g. `categories[12].deadlineHours.urgent`.
    public func validate(knownDepartmentKinds: Set<String>) throws(TaxonomyError) {
        if let first = problems(knownDepartmentKinds: knownDepartmentKinds).first { throw first }
    }

    /// Every problem with the table, in field order; empty when it is valid.
    public func problems(knownDepartmentKinds: Set<String>) -> [TaxonomyError] {
        var found: [TaxonomyError] = []
        func report(_ code: String, _ field: String?, _ message: String) {
            found.append(TaxonomyError(code: code, message: message, field: field))
        }

        if version.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            report("taxonomy.empty_version", "version", "version is empty; name the edition, e.g. \"GB/T 30428.2-2013 structure, demo edition 1\".")
        }
        if categories.isEmpty {
            report("taxonomy.empty", "categories", "categories is empty; a taxonomy needs at least one minor class.")
        }

        var firstIndexOfID: [String: Int] = [:]
        var majorNames: [String: (name: String, index: Int)] = [:]
        for (i, category) in categories.enumerated() {
            let at = "categories[\(i)]"
            let validCode = Taxonomy.isValidCode(category.code)
            if !validCode {
                report("taxonomy.invalid_code", "\(at).code",
                       "\(at).code is \"\(category.code)\"; write 4 digits, a 2-digit major class and a 2-digit minor class, each 01–99, e.g. \"0101\".")
            } else if let other = firstIndexOfID[category.id] {
                report("taxonomy.duplicate_code", "\(at).code",
                       "\(at) repeats \(category.kind.rawValue) code \(category.code) of categories[\(other)]; give each minor class of a kind its own code.")
            } else {
                firstIndexOfID[category.id] = i
            }

            for (field, value) in [("majorName", category.majorName), ("name", category.name), ("nameEn", category.nameEn),
                                   ("acceptanceCriteria", category.acceptanceCriteria), ("closingCriteria", category.closingCriteria)]
            where value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                report("taxonomy.empty_text", "\(at).\(field)", "\(at).\(field) is empty; fill it in.")
            }

            if validCode, !category.majorName.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                let key = "\(category.kind.rawValue):\(category.majorCode)"
                if let first = majorNames[key], first.name != category.majorName {
                    report("taxonomy.inconsistent_major_name", "\(at).majorName",
                           "\(at).majorName is \"\(category.majorName)\" but categories[\(first.index)] names \(category.kind.rawValue) major class \(category.majorCode) \"\(first.name)\"; use one name per major class.")
                } else if majorNames[key] == nil {
                    majorNames[key] = (category.majorName, i)
                }
            }

            checkDeadlines(category.deadlineHours, at: "\(at).deadlineHours", report: report)

            if !knownDepartmentKinds.contains(category.leadDepartmentKind) {
                report("taxonomy.unknown_department_kind", "\(at).leadDepartmentKind",
                       "\(at).leadDepartmentKind is \"\(category.leadDepartmentKind)\", which is not a known department kind; use one of \(knownDepartmentKinds.sorted().joined(separator: ", ")).")
            }
        }
        return found
    }

    private func checkDeadlines(
        _ table: [Urgency: Double], at path: String, report: (String, String?, String) -> Void
    ) {
        var allValid = true
        for urgency in Urgency.allCases {
            guard let hours = table[urgency] else {
                report("taxonomy.missing_deadline", "\(path).\(urgency.rawValue)",
                       "\(path).\(urgency.rawValue) is missing; give hours for normal, urgent and critical.")
                allValid = false
                continue
            }
            if !hours.isFinite || hours <= 0 {
                report("taxonomy.invalid_deadline", "\(path).\(urgency.rawValue)",
                       "\(path).\(urgency.rawValue) is \(hours); a deadline is a positive number of hours.")
                allValid = false
            }
        }
        guard allValid, let normal = table[.normal], let urgent = table[.urgent], let critical = table[.critical] else { return }
        if urgent > normal {
            report("taxonomy.deadline_order", "\(path).urgent",
                   "\(path).urgent is \(urgent) hours, longer than normal (\(normal)); a more urgent case gets a shorter or equal deadline.")
        }
        if critical > urgent {
            report("taxonomy.deadline_order", "\(path).critical",
                   "\(path).critical is \(critical) hours, longer than urgent (\(urgent)); a more urgent case gets a shorter or equal deadline.")
        }
    }

    /// `^[0-9]{4}$` with major and minor class 01–99.
    static func isValidCode(_ code: String) -> Bool {
        let u = Array(code.utf8)
        guard u.count == 4, u.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return false }
        return code.prefix(2) != "00" && code.suffix(2) != "00"
    }
}
