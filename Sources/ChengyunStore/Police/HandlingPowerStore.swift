public import ChengyunCore

/// 处置权 — the handling-power table, by which diverted 110 calls (非警务警情分流) are dispatched.
public protocol HandlingPowerStore: Sendable {
    /// The whole table.
    func handlingPowers() async throws -> [HandlingPower]
    /// Replaces the whole table.
    func saveHandlingPowers(_ powers: [HandlingPower]) async throws
}
