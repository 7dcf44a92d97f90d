import Crypto
import Foundation
import HummingbirdBcrypt

/// Secrets: password hashes, random tokens and API keys, and the hashes by which the store knows them.
public enum Secrets {
    /// The bcrypt cost of every password the platform sets (2¹⁰ rounds: about 100 ms of a core here to check).
    public static let passwordCost = 10
    /// The costs bcrypt takes.
    public static let passwordCosts = 4...31

    /// Hashes a password with bcrypt, at the platform's cost unless another is given (a demo city for tests).
    public static func hashPassword(_ password: String, cost: Int = passwordCost) -> String {
        Bcrypt.hash(password, cost: UInt8(cost))
    }

    /// A random 256-bit secret as hex, for tokens and API keys.
    public static func newSecret(prefix: String) -> String {
        var rng = SystemRandomNumberGenerator()
        return prefix + hex((0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) })
    }

    /// Lower-case hex of bytes (String(format:) is slow on Linux and this runs on every request).
    static func hex<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The SHA-256 of a secret: only this is stored.
    public static func secretHash(_ secret: String) -> String {
        hex(SHA256.hash(data: Data(secret.utf8)))
    }
}
