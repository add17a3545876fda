import Foundation

/// Small text rules shared by every form: trimming, length limits, and the one rule for what a typed value may
/// hold at all (no control characters: a NUL would be stored whole but read back cut short).
package enum Text {
    /// Why a typed value cannot be kept, or nil: NUL and the other C0 and C1 control characters, DEL and the two
    /// Unicode noncharacters are refused everywhere; tab, line feed and carriage return are kept (long text has
    /// lines; one-line fields refuse line breaks where they check their length).
    package static func unsafeCharacterProblem(in value: String) -> String? {
        let unsafe = value.unicodeScalars.contains { scalar in
            switch scalar.value {
            case 0x09, 0x0A, 0x0D: false
            case 0x00...0x1F, 0x7F...0x9F, 0xFFFE, 0xFFFF: true
            default: false
            }
        }
        return unsafe
            ? "Remove the control character: only letters, numbers, punctuation, spaces and line breaks are kept"
            : nil
    }

    /// The most Unicode scalars any one typed value may hold (court report sections are 10,000 characters):
    /// beyond it a value is refused whatever its field, so combining marks cannot hide its length.
    package static let longestValue = 50_000

    /// The value with surrounding white space removed, and the invisible characters that are not white space
    /// (zero-width space and joiners, word joiner, byte-order mark): a name of nothing but U+200B is no name.
    package static func tidy(_ value: String) -> String {
        value.trimmingCharacters(in: Self.blank)
    }

    /// White space, line breaks and the invisible formatting characters trimmed from the ends of every value.
    private static let blank = CharacterSet.whitespacesAndNewlines.union(
        CharacterSet(charactersIn: "\u{200B}\u{200C}\u{200D}\u{2060}\u{FEFF}"))

    /// The tidied value, or nil if it is empty.
    package static func tidyOptional(_ value: String?) -> String? {
        guard let value else { return nil }
        let tidied = tidy(value)
        return tidied.isEmpty ? nil : tidied
    }

    /// Checks a required name: present and at most `limit` characters.
    package static func checkRequired(
        _ value: String, field: String, label: String, limit: Int = 120, into problems: inout ProblemList
    ) {
        if value.isEmpty {
            problems.add(field, "Enter the \(label)")
        } else if value.count > limit || value.unicodeScalars.count > limit * 4 {
            // Counted as people see letters, and in code points so that one letter with thousands of combining
            // marks is not "one character".
            problems.add(field, "The \(label) must be \(limit) characters or fewer")
        } else if value.contains(where: \.isNewline) {
            problems.add(field, "The \(label) must be on one line")
        }
    }
}
