/// 加密存储 — seals personal fields (phones, names, ID numbers) before they are written and opens them when read,
/// so a copied database file does not give them away. Adapters call it; the keys come from configuration.
public protocol PersonalDataCipher: Sendable {
    /// The sealed form of `plain`, under the current key.
    func seal(_ plain: String) throws -> String
    /// The plain text of a sealed value; a value that was never sealed (written before encryption) comes back as is.
    func open(_ stored: String) throws -> String
    /// Whether `stored` is sealed under the current key (false for plain text and older keys: re-seal it).
    func isCurrent(_ stored: String) -> Bool
    /// 查找键 — a keyed one-way digest of `plain` (an ID number), the same for the same text whichever key seals: what
    /// a store indexes to find and de-duplicate a sealed value without opening every row.
    func lookupKey(_ plain: String) -> String
}

extension PersonalDataCipher {
    public func seal(_ plain: String?) throws -> String? { try plain.map { try seal($0) } }
    public func open(_ stored: String?) throws -> String? { try stored.map { try open($0) } }
}
