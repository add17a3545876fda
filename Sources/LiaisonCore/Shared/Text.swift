import Foundation

/// Small text rules shared by every form: trimming and length limits.
package enum Text {
    /// The value with surrounding white space removed.
    package static func tidy(_ value: String) -> String {
        value.trimmingCharacters(in: .whitespacesAndNewlines)
    }

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
        } else if value.count > limit {
            problems.add(field, "The \(label) must be \(limit) characters or fewer")
        }
    }
}
