/// A validated NHS number: ten digits whose last is the Modulus 11 check digit (see domain/codes.md).
/// Stored as digits only; shown as 3-3-4 ("943 476 5919").
package struct NHSNumber: Sendable, Hashable, Codable, CustomStringConvertible {
    package let digits: String

    /// Accepts spaces and hyphens; nil unless there are exactly ten digits with a correct check digit.
    package init?(_ text: String) {
        let digits = text.filter { $0 != " " && $0 != "-" }
        guard digits.count == 10, digits.allSatisfy(\.isASCIIDigit) else { return nil }
        let values = digits.map { Int(String($0))! }
        let sum = zip(values.prefix(9), stride(from: 10, through: 2, by: -1)).map { $0 * $1 }.reduce(0, +)
        var check = 11 - sum % 11
        if check == 11 { check = 0 }
        guard check != 10, check == values[9] else { return nil }
        self.digits = digits
    }

    /// Why `text` is not an NHS number, in the form's words: the wrong number of digits, or a failed check digit
    /// (usually a digit copied wrongly). Nil when it is one.
    package static func problem(with text: String) -> String? {
        let digits = text.filter { $0 != " " && $0 != "-" }
        guard digits.count == 10, digits.allSatisfy(\.isASCIIDigit) else {
            return "Enter the NHS number's 10 digits, like 943 476 5919"
        }
        return NHSNumber(text) == nil
            ? "This NHS number fails its check digit: check each digit against the record it was copied from" : nil
    }

    /// "943 476 5919".
    package var description: String {
        let characters = Array(digits)
        return String(characters[0..<3]) + " " + String(characters[3..<6]) + " " + String(characters[6..<10])
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
