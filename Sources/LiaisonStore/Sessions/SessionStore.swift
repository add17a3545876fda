import Foundation
import LiaisonCore

/// A signed-in session as read back from the database.
package struct SessionRecord: Sendable {
    package let user: User
    package let csrfToken: String
    package let createdAt: Date
    package let lastSeenAt: Date
}

/// A newly issued session: the cookie value (never stored) and its CSRF token.
package struct IssuedSession: Sendable {
    package let token: String
    package let csrfToken: String
}

/// Server-side sessions. Only a hash of the cookie value is stored.
package protocol SessionStore: Sendable {
    /// Starts a session after a successful sign-in, clears the failure count and audits the sign-in.
    func start(for user: User.ID, by who: Attribution) async throws -> IssuedSession
    /// The live session for a cookie value (not ended, account active), if any.
    func find(token: String) async throws -> SessionRecord?
    /// Records activity, which keeps the idle timeout from running out.
    func touch(token: String) async throws
    /// Ends a session (sign-out or expiry) and audits it.
    func end(token: String, action: String, by who: Attribution) async throws
}

/// API bearer tokens for API clients. Only a hash of the token is stored.
package protocol APITokenStore: Sendable {
    /// Issues a token for `user`; the returned secret is shown once and never again.
    func issue(for user: User.ID, name: String, by who: Attribution) async throws -> String
    /// The active user a live token belongs to, if any.
    func user(for token: String) async throws -> User?
}
