import Foundation

/// Lockout after repeated failed sign-ins: from the fifth failure in a row the account is locked, for
/// 1 minute, then doubling with each further failure up to an hour. A success resets the count.
package enum SignInThrottle {
    package static let freeAttempts = 4
    package static let longestLock: TimeInterval = 3600

    /// When the account unlocks after `failures` consecutive failures, or nil if it stays open.
    package static func lockedUntil(afterFailures failures: Int, now: Date) -> Date? {
        guard failures > freeAttempts else { return nil }
        let doublings = min(failures - freeAttempts - 1, 12)
        let seconds = min(60 * pow(2, Double(doublings)), longestLock)
        return now.addingTimeInterval(seconds)
    }
}
