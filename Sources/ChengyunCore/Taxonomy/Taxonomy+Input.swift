extension Taxonomy {
    /// Checks the table's free text against `InputLimits` (the rules of `validate` come after): the version, the note
    /// and each category's names and criteria.
    /// - Throws: `DomainError` 400 `input.too_long` or `input.control_character`, naming the field
    ///   (`categories[12].name`).
    public func checkText() throws(DomainError) {
        try InputLimits.check(version, field: "version", max: InputLimits.label)
        try InputLimits.check(note, field: "note", max: InputLimits.description, multiline: true)
        for (i, c) in categories.enumerated() {
            let at = "categories[\(i)]"
            try InputLimits.check(c.code, field: "\(at).code", max: InputLimits.code)
            try InputLimits.check(c.majorName, field: "\(at).majorName", max: InputLimits.name)
            try InputLimits.check(c.name, field: "\(at).name", max: InputLimits.name)
            try InputLimits.check(c.nameEn, field: "\(at).nameEn", max: InputLimits.label)
            try InputLimits.check(c.leadDepartmentKind, field: "\(at).leadDepartmentKind", max: InputLimits.code)
            try InputLimits.check(c.acceptanceCriteria, field: "\(at).acceptanceCriteria", max: InputLimits.note, multiline: true)
            try InputLimits.check(c.closingCriteria, field: "\(at).closingCriteria", max: InputLimits.note, multiline: true)
        }
    }
}
