import NIOConcurrencyHelpers
import SQLKit

extension SQLRowDecoder.KeyDecodingStrategy {
    /// SQLKit's `convertFromSnakeCase`, with each property name's column name worked out once and remembered.
    /// SQLKit converts every key of every row it decodes, which was a tenth of a signed-in request's cost (the
    /// session's user row alone); the keys are the stores' own property names, so the cache stays small.
    static let snakeCaseColumns: Self = .custom { path in
        SnakeCaseColumns.key(for: path.last?.stringValue ?? "")
    }
}

/// Property name → column name, as SQLKit's snake-case strategy spells it ("passwordChangeRequiredAt" →
/// "password_change_required_at"), remembered per name.
enum SnakeCaseColumns {
    private static let known = NIOLockedValueBox<[String: ColumnKey]>([:])

    static func key(for property: String) -> ColumnKey {
        if let key = known.withLockedValue({ $0[property] }) { return key }
        let key = ColumnKey(stringValue: column(for: property))
        known.withLockedValue { $0[property] = key }
        return key
    }

    /// SQLKit's conversion (`StringProtocol.convertedToSnakeCase`, internal to SQLKit), step for step: words start
    /// at each capital, a run of capitals is one word up to the capital that starts the next, and each word's first
    /// letter is lower-cased.
    static func column(for property: String) -> String {
        guard !property.isEmpty else { return property }
        var words: [Range<String.Index>] = []
        var wordStart = property.startIndex
        var searchIndex = property.index(after: wordStart)
        while let upper = property[searchIndex...].firstIndex(where: \.isUppercase) {
            words.append(wordStart..<upper)
            wordStart = upper
            guard let lower = property[upper...].firstIndex(where: \.isLowercase) else { break }
            searchIndex = lower
            if lower != property.index(after: upper) {
                let beforeLower = property.index(before: lower)
                words.append(upper..<beforeLower)
                wordStart = beforeLower
            }
        }
        words.append(wordStart..<property.endIndex)
        return words.map { word in
            let text = property[word]
            return text.isEmpty ? "" : text[text.startIndex].lowercased() + text.dropFirst()
        }.joined(separator: "_")
    }

    /// A column name as a coding key.
    struct ColumnKey: CodingKey, Sendable {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
