/// A required one-line value (a name, a topic, a place), as forms take them.
extension ProblemList {
    /// `value` tidied; names `field` when it is missing, longer than `limit`, broken over lines or unsafe.
    package mutating func line(_ value: String, _ field: String, missing: String, limit: Int = 200) -> String {
        let tidy = Text.tidy(value)
        if tidy.isEmpty {
            add(field, missing)
        } else if tidy.count > limit || tidy.contains(where: \.isNewline) {
            add(field, "Keep it to one line of \(limit) characters or fewer")
        } else if let unsafe = Text.unsafeCharacterProblem(in: tidy) {
            add(field, unsafe)
        }
        return tidy
    }
}
