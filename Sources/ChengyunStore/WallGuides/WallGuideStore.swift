public import ChengyunCore

/// 指引图 — the wall guides set for the city and for districts, each the current version with its steps and their signs
/// in other languages as rows; a guide is replaced whole.
public protocol WallGuideStore: Sendable {
    /// The guides of `kind` set at any of these nodes (a place's ancestors), whole.
    func wallGuides(kind: WallGuideKind, at nodes: [NodeID]) async throws -> [WallGuide]
    /// Stores `guide` as the next version of the guide of its kind at its node (version 1 for the first), in one commit.
    /// - Throws: `WallGuideError.changed` when `version` is given and is not the current one (0: none set yet).
    func setWallGuide(_ guide: WallGuide, version: Int?) async throws -> WallGuide
    /// Withdraws the guide of `kind` set at `node` (the one above it is in force there again), on the version read; false
    /// when none is set there.
    /// - Throws: `WallGuideError.changed` when `version` is not the current one.
    func withdrawWallGuide(_ kind: WallGuideKind, at node: NodeID, version: Int) async throws -> Bool
}
