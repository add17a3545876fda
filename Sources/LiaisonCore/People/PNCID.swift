/// A Police National Computer identifier, format-checked: a two- or four-digit year, a slash, up to seven
/// digits and a check letter ("12/345678A" or "2012/0345678A"). Stored upper-case, as typed otherwise.
package struct PNCID: Sendable, Hashable, Codable, CustomStringConvertible {
    package let value: String

    /// nil unless the text has the PNC shape.
    package init?(_ text: String) {
        let value = text.filter { $0 != " " }.uppercased()
        let parts = value.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, [2, 4].contains(parts[0].count), parts[0].allSatisfy(\.isASCIIDigit),
            let letter = parts[1].last, letter.isLetter, letter.isASCII
        else { return nil }
        let number = parts[1].dropLast()
        guard (1...7).contains(number.count), number.allSatisfy(\.isASCIIDigit) else { return nil }
        self.value = value
    }

    package var description: String { value }
}
