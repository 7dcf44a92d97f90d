import Foundation

/// 部件 / 事件 — whether a category is a piece of public infrastructure or a situation or behaviour.
public enum CategoryKind: String, Sendable, Codable, CaseIterable {
    /// 部件 — a piece of public infrastructure (manhole cover, street light …).
    case component
    /// 事件 — a situation or behaviour (illegal parking, exposed garbage …).
    case event
}
