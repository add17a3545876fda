/// The rule for a reason given to reach a record outside the usual relationship (break-glass, a relationship
/// claim): a real sentence that another person can review, not ten keystrokes.
package enum AccessReason {
    package static let shortest = 20
    package static let longest = 500

    /// The tidied reason, or a field problem saying what a reviewable reason needs.
    package static func check(_ reason: String, field: String = "reason") throws(ValidationFailure) -> String {
        let tidied = Text.tidy(reason)
        let words = tidied.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).filter { word in
            word.contains(where: \.isLetter)
        }
        let distinctWords = Set(words.map { $0.lowercased() })
        let distinctLetters = Set(tidied.lowercased().filter(\.isLetter))
        if tidied.count < shortest || words.count < 4 || distinctWords.count < 3 || distinctLetters.count < 6 {
            throw ValidationFailure(
                field: field,
                message:
                    "Say why you need to see this record now, in a sentence a manager can review (at least 4 words and \(shortest) characters)"
            )
        }
        if tidied.count > longest {
            throw ValidationFailure(field: field, message: "The reason must be \(longest) characters or fewer")
        }
        return tidied
    }
}
