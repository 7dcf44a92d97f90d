public import ChengyunCore

/// The typed columns of a catalogue row (`vital_sign`), the same in every store.
public enum VitalSignRows {
    public enum Value: Sendable, Hashable {
        case text(String), int(Int), real(Double), null

        static func text(_ s: String?) -> Value { s.map(Value.text) ?? .null }
        static func real(_ d: Double?) -> Value { d.map(Value.real) ?? .null }
    }

    public static let columns = [
        "code", "parent_code", "dimension", "name", "name_en", "unit", "window_hours", "source", "property", "aggregate", "figure",
        "case_source", "category_id", "min_level", "level_mode", "level_direction", "level_blue", "level_yellow", "level_orange",
        "level_red", "normal_low", "normal_high",
    ]

    /// The values of `columns`, in order.
    public static func values(_ s: VitalSign) -> [Value] {
        let f = s.formula
        let l = s.levels
        return [
            .text(s.code), .text(s.parent), .text(s.dimension.rawValue), .text(s.name), .text(s.nameEn), .text(s.unit), .int(s.windowHours),
            .text(f?.source.rawValue), .text(f?.property), .text(f?.aggregate?.rawValue), .text(f?.figure?.rawValue),
            .text(f?.caseSource?.rawValue), .text(f?.categoryID), .text(f?.minLevel?.rawValue),
            .text(l?.mode.rawValue), .text(l?.direction.rawValue), .real(l?.blue), .real(l?.yellow), .real(l?.orange), .real(l?.red),
            .real(s.normalLow), .real(s.normalHigh),
        ]
    }

    /// A catalogue row read back through the store's accessors of a column's text, integer and real value.
    public static func sign(text: (String) -> String?, int: (String) -> Int?, real: (String) -> Double?) -> VitalSign {
        let formula = text("source").flatMap(VitalSignFormula.Source.init(rawValue:)).map { source in
            VitalSignFormula(source: source, property: text("property"), aggregate: text("aggregate").flatMap(VitalSignFormula.Aggregate.init(rawValue:)),
                             figure: text("figure").flatMap(VitalSignFormula.Figure.init(rawValue:)),
                             caseSource: text("case_source").flatMap(CaseSource.init(rawValue:)), categoryID: text("category_id"),
                             minLevel: text("min_level").flatMap(AlarmLevel.init(rawValue:)))
        }
        let levels = text("level_mode").flatMap(VitalSignLevels.Mode.init(rawValue:)).map { mode in
            VitalSignLevels(mode: mode, direction: text("level_direction").flatMap(VitalSignLevels.Direction.init(rawValue:)) ?? .above,
                            blue: real("level_blue"), yellow: real("level_yellow"), orange: real("level_orange"), red: real("level_red"))
        }
        return VitalSign(code: text("code") ?? "", parent: text("parent_code"),
                         dimension: text("dimension").flatMap(VitalSignDimension.init(rawValue:)) ?? .dynamics, name: text("name") ?? "",
                         nameEn: text("name_en") ?? "", unit: text("unit") ?? "", windowHours: int("window_hours") ?? 24, formula: formula,
                         levels: levels, normalLow: real("normal_low"), normalHigh: real("normal_high"))
    }
}
