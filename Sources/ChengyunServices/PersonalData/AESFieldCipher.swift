import ChengyunCore
public import ChengyunStore
import Crypto
public import Foundation

/// AES-256-GCM for personal fields, with a key ring: the first key seals, every key opens, so keys rotate without
/// downtime (`chengyun keys rotate` re-seals old values; docs/OPERATIONS.md). A sealed value reads
/// `enc1:<key id>:<base64 of nonce, ciphertext and tag>`.
public struct AESFieldCipher: PersonalDataCipher {
    public let currentKeyID: String
    let keys: [String: SymmetricKey]
    let lookupSecret: SymmetricKey
    static let prefix = "enc1:"

    /// - Parameter keys: key id and 32 key bytes, the current key first.
    public init(keys: [(id: String, bytes: Data)]) throws {
        guard let first = keys.first else { throw KeyError("no data key is configured") }
        for k in keys {
            guard k.bytes.count == 32 else { throw KeyError("data key \(k.id) has \(k.bytes.count) bytes; it needs 32 (AES-256)") }
            guard !k.id.isEmpty, k.id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                throw KeyError("a data key id is letters, digits, '-' or '_'")
            }
        }
        currentKeyID = first.id
        self.keys = Dictionary(keys.map { ($0.id, SymmetricKey(data: $0.bytes)) }, uniquingKeysWith: { a, _ in a })
        lookupSecret = HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: keys[keys.count - 1].bytes), info: Data("chengyun lookup v1".utf8), outputByteCount: 32)
    }

    /// Reads a key file: one `id=base64` per line, the current key first; `#` starts a comment.
    public init(keyFile text: String) throws {
        var keys: [(id: String, bytes: Data)] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
            let parts = trimmed.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let bytes = Data(base64Encoded: parts[1]) else { throw KeyError("a key line reads id=base64") }
            keys.append((parts[0], bytes))
        }
        try self.init(keys: keys)
    }

    /// A new key file's text with one fresh random key.
    public static func newKeyFile(id: String = "k1") -> String {
        let key = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        return "# Chengyun data keys (AES-256-GCM): the first seals, all open. Keep this file 0600 and away from backups of the database.\n\(id)=\(key.base64EncodedString())\n"
    }

    /// HMAC-SHA256 under a key derived (HKDF) from the oldest key of the ring, which stays while newer keys come first;
    /// retiring it means re-computing the stored lookup keys (`chengyun keys rotate` does it with the re-sealing).
    public func lookupKey(_ plain: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(plain.utf8), using: lookupSecret)
        return "lk1:" + Data(mac).base64EncodedString()
    }

    public func seal(_ plain: String) throws -> String {
        let box = try AES.GCM.seal(Data(plain.utf8), using: keys[currentKeyID]!)
        guard let combined = box.combined else { throw KeyError("sealing failed") }
        return "\(Self.prefix)\(currentKeyID):\(combined.base64EncodedString())"
    }

    public func open(_ stored: String) throws -> String {
        guard stored.hasPrefix(Self.prefix) else { return stored }
        let rest = stored.dropFirst(Self.prefix.count)
        guard let colon = rest.firstIndex(of: ":") else { throw KeyError("a sealed value is damaged") }
        let id = String(rest[..<colon])
        guard let key = keys[id] else { throw KeyError("a value is sealed with data key \(id), which is not configured") }
        guard let data = Data(base64Encoded: String(rest[rest.index(after: colon)...])) else { throw KeyError("a sealed value is damaged") }
        let plain = try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: key)
        return String(decoding: plain, as: UTF8.self)
    }

    public func isCurrent(_ stored: String) -> Bool {
        stored.hasPrefix("\(Self.prefix)\(currentKeyID):")
    }

    /// A problem with the data keys; the message names no key material.
    public struct KeyError: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }
}
