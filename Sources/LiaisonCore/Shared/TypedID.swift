/// A text identifier tagged with the type it names, so a `Site.ID` can never be passed where a `User.ID` is meant.
package struct TypedID<Tag>: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    package let rawValue: String

    package init(_ rawValue: String) { self.rawValue = rawValue }

    package init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    package var description: String { rawValue }

    package static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
