import ChengyunStore

extension PostgresStore {
    /// A personal field as stored: sealed with the current data key when the store has a cipher.
    func sealPersonal(_ plain: String?) throws -> String? {
        guard let plain, let cipher else { return plain }
        return try cipher.seal(plain)
    }

    /// A stored personal field opened.
    func openPersonal(_ stored: String?) throws -> String? {
        guard let stored, let cipher else { return stored }
        return try cipher.open(stored)
    }
}
