public import ChengyunCore
public import ChengyunStore

/// 处置权 — the handling-power table, kept as a setting.
extension PostgresStore {
    public func handlingPowers() async throws -> [HandlingPower] {
        try await setting("handlingPowers", as: [HandlingPower].self) ?? []
    }

    public func saveHandlingPowers(_ powers: [HandlingPower]) async throws {
        try await saveSetting("handlingPowers", powers)
    }
}

extension PostgresStore: HandlingPowerStore {}
