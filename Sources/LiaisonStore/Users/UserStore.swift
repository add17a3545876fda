import Foundation
import LiaisonCore

/// What sign-in needs to know about an account: the user, their bcrypt hash and the lockout state.
package struct Credentials: Sendable {
    package let user: User
    package let passwordHash: String
    package let failedSignIns: Int
    package let lockedUntil: Date?
}

/// Reads and writes user accounts. Password hashing happens before the store; it keeps only the hash.
package protocol UserStore: Sendable {
    func list(of organisation: Organisation.ID?) async throws -> [User]
    func find(_ id: User.ID) async throws -> User?
    func credentials(email: String) async throws -> Credentials?
    func count() async throws -> Int
    func create(
        _ values: ValidUser, for organisation: Organisation.ID, passwordHash: String, by who: Attribution
    ) async throws -> User
    func update(_ id: User.ID, with values: ValidUser, expected: ExpectedVersion, by who: Attribution)
        async throws -> User
    /// Disabling also ends every session of the account.
    func setActive(_ id: User.ID, _ isActive: Bool, expected: ExpectedVersion, by who: Attribution)
        async throws -> User
    /// An administrator (or the command line) sets a new password hash: clears any lockout, ends every session
    /// of the account and marks the password to be changed at next sign-in.
    func resetPassword(_ id: User.ID, passwordHash: String, by who: Attribution) async throws
    /// The signed-in user chooses a new password (checked against the current one before the store): clears any
    /// "must change" mark and ends every other session of the account, keeping `session` (the one in use).
    /// With `verified` (the hash the current password was checked against), only over it: a field error on
    /// "current" if it changed meanwhile.
    func changeOwnPassword(
        _ id: User.ID, passwordHash: String, replacing verified: String?, keeping session: String?,
        by who: Attribution
    ) async throws
    /// Reserves one sign-in attempt **before** the password is checked, in one statement: it counts as a failure
    /// until the sign-in succeeds (which resets the count), and the attempt that reaches `SignInThrottle`'s limit
    /// locks the account at once. So N guesses in parallel are counted exactly as N in a row. Returns the failures
    /// in a row including this one, or nil when the account is locked (nothing counted; do not check the password).
    func reserveSignInAttempt(_ id: User.ID) async throws -> Int?
    /// Audits a wrong password on a reserved attempt (already counted); `locked` when it locked the account.
    func recordFailedSignIn(_ id: User.ID, locked: Bool, by who: Attribution) async throws
}
