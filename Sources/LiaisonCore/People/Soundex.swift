/// American Soundex ("Smith" ~ "Smyth"): the matching engine's sounds-alike comparison level and the phonetic
/// part of its blocking keys.
package enum Soundex {
    package static func code(_ name: String) -> String {
        let letters = name.uppercased().filter { $0.isASCII && $0.isLetter }
        guard let first = letters.first else { return "" }
        var result = String(first)
        var previous = digit(first)
        for letter in letters.dropFirst() {
            let current = digit(letter)
            if let current, current != previous { result.append(current) }
            // H and W do not separate letters with the same code; vowels do.
            if letter != "H" && letter != "W" { previous = current }
            if result.count == 4 { break }
        }
        return result.padding(toLength: 4, withPad: "0", startingAt: 0)
    }

    /// The same code from a name already normalised to the bytes of upper-case letters A–Z
    /// (`StringSimilarity.normalisedName`): the matcher codes every name it reads, a million at a time, and
    /// working on bytes skips Unicode character handling (issue 22: batch time).
    package static func code(normalised letters: [UInt8]) -> String {
        guard let first = letters.first else { return "" }
        var result: [UInt8] = [first, 48, 48, 48]
        var count = 1
        var previous = digit(byte: first)
        for letter in letters.dropFirst() {
            let current = digit(byte: letter)
            if current != 0, current != previous {
                result[count] = current
                count += 1
                if count == 4 { break }
            }
            // H and W do not separate letters with the same code; vowels do.
            if letter != UInt8(ascii: "H") && letter != UInt8(ascii: "W") { previous = current }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// The digit's ASCII byte, or 0 for a letter without one (vowels, H, W, Y).
    private static func digit(byte: UInt8) -> UInt8 {
        switch byte {
        case UInt8(ascii: "B"), UInt8(ascii: "F"), UInt8(ascii: "P"), UInt8(ascii: "V"): UInt8(ascii: "1")
        case UInt8(ascii: "C"), UInt8(ascii: "G"), UInt8(ascii: "J"), UInt8(ascii: "K"), UInt8(ascii: "Q"),
            UInt8(ascii: "S"), UInt8(ascii: "X"), UInt8(ascii: "Z"):
            UInt8(ascii: "2")
        case UInt8(ascii: "D"), UInt8(ascii: "T"): UInt8(ascii: "3")
        case UInt8(ascii: "L"): UInt8(ascii: "4")
        case UInt8(ascii: "M"), UInt8(ascii: "N"): UInt8(ascii: "5")
        case UInt8(ascii: "R"): UInt8(ascii: "6")
        default: 0
        }
    }

    private static func digit(_ letter: Character) -> Character? {
        switch letter {
        case "B", "F", "P", "V": "1"
        case "C", "G", "J", "K", "Q", "S", "X", "Z": "2"
        case "D", "T": "3"
        case "L": "4"
        case "M", "N": "5"
        case "R": "6"
        default: nil
        }
    }
}
