public import ChengyunCore

/// 重点场所与设施 — key places and facilities on the element map (一张总图) as typed rows, counted in the committees'
/// base-data tallies (`place:<kind>`, `place:unmaintained`) in the same commit.
public protocol KeyPlaceStore: Sendable {
    /// - Throws: `KeyPlaceError.duplicateCode`.
    func createKeyPlace(_ place: KeyPlace) async throws -> KeyPlace
    func keyPlace(_ id: KeyPlaceID) async throws -> KeyPlace?
    /// Stores the places of an import in one commit, counted in the tallies; a code stored already is that place, left
    /// as it is (created false, counted once).
    func addKeyPlaces(_ places: [KeyPlace]) async throws -> [(place: KeyPlace, created: Bool)]
    /// Replaces what a key place is (its code and committee stay), the tallies moved in the same commit and the version
    /// raised; nil when there is no such place.
    /// - Throws: `KeyPlaceError.changed` when `version` is not the place's.
    func updateKeyPlace(_ place: KeyPlace, version: Int) async throws -> KeyPlace?
    /// The key places on or under `path` (of `kind`; only the facilities nobody maintains when `unmaintained`), by code
    /// after `afterCode`.
    func keyPlaces(under path: String, kind: String?, unmaintained: Bool, afterCode: String?, limit: Int) async throws -> [KeyPlace]
    /// The key places with a point in `box` on or under any of `paths`, at most `limit`.
    func keyPlaces(in box: BoundingBox, under paths: [String], limit: Int) async throws -> [KeyPlace]
}

extension KeyPlace {
    /// The base-data tallies a key place adds to.
    public var tallyKeys: [String] { ["place:\(kind)"] + (unmaintained ? ["place:unmaintained"] : []) }
}
