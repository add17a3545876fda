import Foundation
import LiaisonCore

/// A signed-in session as read back from the database.
package struct SessionRecord: Sendable {
    package let user: User
    package let csrfToken: String
    package let createdAt: Date
    package let lastSeenAt: Date
    /// The password was right; the second factor is still to come. Such a session opens nothing else.
    package let awaitingSecondFactor: Bool
    /// Signed in through the organisation's identity provider (which holds the second factor), not a password.
    package let singleSignOn: Bool
    /// The roles the user's organisation requires a second factor of, read in the same statement as the session
    /// (every signed-in page checks them; a second round trip a request cost more than the join).
    package let secondFactorRoles: Set<Role>
}

/// A newly issued session: the cookie value (never stored) and its CSRF token.
package struct IssuedSession: Sendable {
    package let token: String
    package let csrfToken: String
}

/// Server-side sessions. Only a hash of the cookie value is stored.
package protocol SessionStore: Sendable {
    /// Starts a session after a successful sign-in, clears the failure count and audits the sign-in. With
    /// `awaitingSecondFactor` it is only half a sign-in (`user.password_ok`) until `completeSecondFactor`. With
    /// `verifiedHash` (the password hash bcrypt checked), only if the account still has that password and that
    /// second-factor state and is active, in the same statement: nil when they changed while bcrypt ran (a password
    /// change or an enrolment ends every session, and must end this one too).
    func start(for user: User.ID, awaitingSecondFactor: Bool, verifiedHash: String?, by who: Attribution)
        async throws -> IssuedSession?
    /// Starts a session for someone their organisation's identity provider vouched for (`user.sign_in_sso`).
    func startSingleSignOn(for user: User.ID, by who: Attribution) async throws -> IssuedSession
    /// The second factor was right: the half session ends and a full one starts (a new id at elevation).
    func completeSecondFactor(token: String, by who: Attribution) async throws -> IssuedSession
    /// The live session for a cookie value (not ended, account active), if any.
    func find(token: String) async throws -> SessionRecord?
    /// Records activity, which keeps the idle timeout from running out.
    func touch(token: String) async throws
    /// Ends a session (sign-out or expiry) and audits it.
    func end(token: String, action: String, by who: Attribution) async throws
}

extension SessionStore {
    /// A full session (no second factor to come).
    package func start(for user: User.ID, by who: Attribution) async throws -> IssuedSession {
        try await start(for: user, awaitingSecondFactor: false, verifiedHash: nil, by: who)!
    }
}

/// A newly issued API token: the secret (shown once, never stored) and the token as listed.
package struct IssuedToken: Sendable {
    package let secret: String
    package let token: APIToken
}

/// API bearer tokens for API clients. Only a hash of the token is stored. Tokens end (90 days by default), can be
/// revoked, and all of an account's end when its password is reset or it is disabled.
package protocol APITokenStore: Sendable {
    /// Issues a token for `user` lasting `days`; the returned secret is shown once and never again.
    func issue(for user: User.ID, name: String, days: Int, by who: Attribution) async throws -> IssuedToken
    /// The active user a live (unrevoked, unexpired) token belongs to, if any; notes its use (at most once a minute).
    func user(for token: String) async throws -> User?
    /// A user's tokens, newest first.
    func tokens(of user: User.ID) async throws -> [APIToken]
    /// Revokes a token of `owner` (the owner themselves, or the operator): it stops working at once.
    func revoke(_ id: APIToken.ID, of owner: User.ID, by who: Attribution) async throws
}

extension APITokenStore {
    /// A token lasting the default 90 days.
    package func issue(for user: User.ID, name: String, by who: Attribution) async throws -> IssuedToken {
        try await issue(for: user, name: name, days: APITokenLifetime.defaultDays, by: who)
    }
}
