import Foundation

/// 公民身份号码 — the 18-character citizen ID number of GB 11643-1999: a 6-digit area code, the birth date
/// (YYYYMMDD), a 3-digit sequence and a check character (ISO 7064 MOD 11-2, `X` for 10).
public enum IDNumber {
    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checks: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]

    /// Why a number is not a valid ID number, or nil when it is one.
    public enum Problem: String, Sendable {
        /// Not 17 digits and a digit or X.
        case form
        /// The birth date is not a real day, or lies in the future of `today`.
        case birthDate
        /// The check character does not match.
        case checksum
        /// A spreadsheet kept it as a number: written as `1.10101E+17`, or rounded to 15 significant digits (the last
        /// three `000`) so that its check character no longer matches — Excel's way with long numbers.
        case spreadsheetNumber
    }

    /// The number as stored: trimmed, a lower-case `x` raised.
    public static func normalised(_ raw: String) -> String {
        raw.trimmingCharacters(in: .whitespaces).uppercased()
    }

    /// The check character of the first 17 digits.
    public static func checkCharacter(_ first17: String) -> Character? {
        let digits = first17.compactMap(\.wholeNumberValue)
        guard digits.count == 17, first17.count == 17 else { return nil }
        return checks[zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 } % 11]
    }

    /// Checks a normalised number.
    public static func problem(_ number: String, today: LocalDate? = nil) -> Problem? {
        let chars = Array(number)
        guard chars.count == 18, chars[..<17].allSatisfy({ $0.isASCII && $0.isNumber }), chars[17].isASCII && (chars[17].isNumber || chars[17] == "X") else {
            return number.range(of: #"^[1-9](\.[0-9]+)?E\+?1[4-7]$"#, options: .regularExpression) != nil ? .spreadsheetNumber : .form
        }
        let birth = String(chars[6..<14])
        guard let year = Int(birth.prefix(4)), let month = Int(birth.dropFirst(4).prefix(2)), let day = Int(birth.suffix(2)),
              year >= 1880, let date = LocalDate(year: year, month: month, day: day), today.map({ date <= $0 }) ?? true else {
            return .birthDate
        }
        guard checkCharacter(String(chars[..<17])) == chars[17] else { return number.hasSuffix("000") ? .spreadsheetNumber : .checksum }
        return nil
    }

    /// A valid number for a synthetic person (the demo's): the area code, birth date and sequence given, the check
    /// character computed.
    public static func make(area: String, birth: LocalDate, sequence: Int) -> String {
        func padded(_ n: Int, _ width: Int) -> String { let s = String(n); return String(repeating: "0", count: max(width - s.count, 0)) + s }
        let first17 = String(area.prefix(6)) + padded(birth.year, 4) + padded(birth.month, 2) + padded(birth.day, 2) + padded(sequence % 1000, 3)
        return first17 + String(checkCharacter(String(first17))!)
    }
}
