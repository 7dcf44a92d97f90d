public import Foundation

/// A fresh folder in the temporary directory for one database file (and what lives beside it: the attachment files,
/// the data keys), removed afterwards.
public struct TemporaryDatabase: Sendable {
    public let directory: URL
    /// The database file, not created yet.
    public var path: String { directory.appendingPathComponent("chengyun.sqlite").path }

    /// - Throws: when the folder cannot be created.
    public init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("chengyun-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    public func remove() { try? FileManager.default.removeItem(at: directory) }
}
