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
