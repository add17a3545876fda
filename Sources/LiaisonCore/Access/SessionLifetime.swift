import Foundation

/// How long a signed-in session lasts: 30 minutes without a request, 12 hours at most.
package enum SessionLifetime {
    package static let idle: TimeInterval = 30 * 60
    package static let absolute: TimeInterval = 12 * 3600

    /// True once the session has been idle too long or is simply too old.
    package static func hasExpired(createdAt: Date, lastSeenAt: Date, now: Date) -> Bool {
        now.timeIntervalSince(lastSeenAt) > idle || now.timeIntervalSince(createdAt) > absolute
    }
}
