import Foundation

/// An API bearer token as its owner sees it: never the secret (shown once at issue), only what it is for, when it
/// was last used and when it ends.
package struct APIToken: Sendable, Hashable, Identifiable {
    package typealias ID = TypedID<APIToken>

    package let id: ID
    package let userID: User.ID
    package let name: String
    package let createdAt: Date
    package let lastUsedAt: Date?
    package let expiresAt: Date
    package let revokedAt: Date?

    package init(
        id: ID, userID: User.ID, name: String, createdAt: Date, lastUsedAt: Date?, expiresAt: Date, revokedAt: Date?
    ) {
        self.id = id
        self.userID = userID
        self.name = name
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }

    /// Usable now: not revoked and not past its end.
    package func isLive(at now: Date) -> Bool { revokedAt == nil && expiresAt > now }
}

/// How long API tokens last: 90 days unless the issuer says otherwise, at most a year.
package enum APITokenLifetime {
    package static let defaultDays = 90
    package static let longestDays = 365

    /// The end of a token issued now for `days`, or a field problem.
    package static func expiry(days: Int, from now: Date) throws(ValidationFailure) -> Date {
        guard (1...longestDays).contains(days) else {
            throw ValidationFailure(field: "days", message: "A token lasts from 1 to \(longestDays) days")
        }
        return now.addingTimeInterval(Double(days) * 86_400)
    }
}
