import Foundation

/// A Police National Computer identifier, kept in one canonical form: the long form, a four-digit year, a slash,
/// seven digits and a check letter ("2012/0345678U"). The short form ("12/345678U") and forms without the slash or
/// the leading zeros are the same identifier. The check letter is validated as the PNC computes it: the two-digit
/// year followed by the seven-digit serial number, modulo 23, indexes "ZABCDEFGHJKLMNPQRTUVWXY" (as in the Ministry
/// of Justice's person record service).
package struct PNCID: Sendable, Hashable, Codable, CustomStringConvertible {
    package let value: String

    /// Why typed text is not a PNC ID.
    package enum Problem: Error, Equatable, Sendable {
        /// Not the shape of one (year, serial number, letter).
        case format
        /// The shape is right but the check letter is not the one the PNC would give: a digit is mistyped.
        case checkCharacter
    }

    package static let checkLetters = Array("ZABCDEFGHJKLMNPQRTUVWXY")

    /// nil unless the text is a PNC ID with the right check letter.
    package init?(_ text: String, now: Date = Date()) {
        guard case .success(let id) = Self.parse(text, now: now) else { return nil }
        self = id
    }

    /// A value as stored: canonical already, or kept as typed before check letters were validated.
    package init(stored: String) { value = stored }

    /// Reads either form. A short form's two-digit year is this century up to this year, otherwise the last.
    package static func parse(_ text: String, now: Date = Date()) -> Result<PNCID, Problem> {
        let compact = text.filter { !$0.isWhitespace }.uppercased()
        let parts = compact.split(separator: "/", omittingEmptySubsequences: false)
        let year: Substring
        let rest: Substring
        switch parts.count {
        case 2:
            year = parts[0]
            rest = parts[1]
        case 1 where compact.count >= 4:
            // Without a slash: 2 or 4 year digits then 1–7 serial digits; the long form is 12 characters.
            let cut = compact.count == 12 ? 4 : 2
            year = compact.prefix(cut)
            rest = compact.dropFirst(cut)
        default: return .failure(.format)
        }
        guard [2, 4].contains(year.count), year.allSatisfy(\.isASCIIDigit), let letter = rest.last,
            letter.isASCII, letter.isLetter
        else { return .failure(.format) }
        let serial = rest.dropLast()
        guard (1...7).contains(serial.count), serial.allSatisfy(\.isASCIIDigit) else { return .failure(.format) }
        let fullYear: String
        if year.count == 4 {
            fullYear = String(year)
        } else {
            let thisYear = Calendar(identifier: .gregorian).component(.year, from: now) % 100
            fullYear = (Int(year)! <= thisYear ? "20" : "19") + year
        }
        let padded = String(repeating: "0", count: 7 - serial.count) + serial
        guard checkCharacter(year: String(fullYear.suffix(2)), serial: padded) == letter else {
            return .failure(.checkCharacter)
        }
        return .success(PNCID(stored: "\(fullYear)/\(padded)\(letter)"))
    }

    /// The check letter for a two-digit year and a seven-digit serial number.
    package static func checkCharacter(year: String, serial: String) -> Character {
        checkLetters[(Int(year + serial) ?? 0) % checkLetters.count]
    }

    /// The message for a field that does not hold a PNC ID.
    package static func message(_ problem: Problem) -> String {
        switch problem {
        case .format: "Enter the PNC ID in the format 12/345678A or 2012/0345678A"
        case .checkCharacter: "This PNC ID fails its check: check each digit and the final letter"
        }
    }

    package var description: String { value }
}
