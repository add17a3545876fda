import Foundation
import Testing

@testable import LiaisonCore

@Suite("Sign-in lockout and session lifetime")
struct SignInThrottleTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("Four failures leave the account open; the fifth locks it for a minute, doubling to an hour")
    func schedule() {
        #expect(SignInThrottle.lockedUntil(afterFailures: 4, now: now) == nil)
        #expect(SignInThrottle.lockedUntil(afterFailures: 5, now: now) == now.addingTimeInterval(60))
        #expect(SignInThrottle.lockedUntil(afterFailures: 6, now: now) == now.addingTimeInterval(120))
        #expect(SignInThrottle.lockedUntil(afterFailures: 50, now: now) == now.addingTimeInterval(3600))
    }

    @Test("A session expires after 30 idle minutes or 12 hours in all")
    func sessionLifetime() {
        let created = now
        #expect(!SessionLifetime.hasExpired(createdAt: created, lastSeenAt: now, now: now.addingTimeInterval(29 * 60)))
        #expect(SessionLifetime.hasExpired(createdAt: created, lastSeenAt: now, now: now.addingTimeInterval(31 * 60)))
        let late = now.addingTimeInterval(12 * 3600 + 1)
        #expect(SessionLifetime.hasExpired(createdAt: created, lastSeenAt: late.addingTimeInterval(-60), now: late))
    }
}
