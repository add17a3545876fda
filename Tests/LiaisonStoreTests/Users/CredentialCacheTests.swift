import Foundation
import LiaisonCore
import LiaisonTestSupport
import SQLKit
import Synchronization
import Testing

@testable import LiaisonStore

@Suite("Sessions and tokens kept a moment in the process")
struct CredentialCacheTests {
    private static let user = User(
        id: .init("u1"), email: "p@a.uk", displayName: "P", organisationID: .init("o1"), teamID: nil,
        roles: [.practitioner], isActive: true, version: 1)

    private static func record(lastSeen: Date = Date(timeIntervalSince1970: 0)) -> SessionRecord {
        SessionRecord(
            user: user, csrfToken: "csrf", createdAt: Date(timeIntervalSince1970: 0), lastSeenAt: lastSeen,
            awaitingSecondFactor: false, singleSignOn: false, secondFactorRoles: [])
    }

    @Test("A kept session is handed back; one read before a change is not kept after it; a zero lifetime keeps nothing")
    func keepAndForget() {
        let cache = CredentialCache(lifetime: .seconds(3_600))
        #expect(cache.session(for: "a") == nil)
        cache.keep(Self.record(), for: "a", since: cache.ticket())
        #expect(cache.session(for: "a")?.csrfToken == "csrf")
        #expect(cache.session(for: "b") == nil)
        let before = cache.ticket()
        cache.forgetAll()
        #expect(cache.session(for: "a") == nil)
        // A read that began before the change and ends after it would put back what the change ended.
        cache.keep(Self.record(), for: "a", since: before)
        cache.keep(Self.user, forAPIToken: "t", endsAt: .distantFuture, since: before)
        #expect(cache.count == 0)
        let off = CredentialCache(lifetime: .zero)
        off.keep(Self.record(), for: "a", since: off.ticket())
        #expect(!off.isOn && off.session(for: "a") == nil)
    }

    @Test("An entry lapses after its lifetime, and a token's from its own end on the stores' clock")
    func lapse() {
        let time = TestInstant()
        let cache = CredentialCache(lifetime: .seconds(1), now: time.now)
        cache.keep(Self.record(), for: "a", since: cache.ticket())
        time.advance(by: .milliseconds(999))
        #expect(cache.session(for: "a") != nil)
        time.advance(by: .milliseconds(1))
        #expect(cache.session(for: "a") == nil)
        let ends = Date(timeIntervalSince1970: 1_000)
        cache.keep(Self.user, forAPIToken: "t", endsAt: ends, since: cache.ticket())
        #expect(cache.user(forAPIToken: "t", at: ends.addingTimeInterval(-1))?.id == Self.user.id)
        #expect(cache.user(forAPIToken: "t", at: ends) == nil)
    }

    @Test("Recorded activity moves the kept idle clock; when full, the lapsed go first, and if none has, everything")
    func touchAndCapacity() {
        let time = TestInstant()
        let cache = CredentialCache(lifetime: .seconds(1), capacity: 3, now: time.now)
        cache.keep(Self.record(), for: "a", since: cache.ticket())
        let seen = Date(timeIntervalSince1970: 500)
        cache.touched("a", at: seen)
        #expect(cache.session(for: "a")?.lastSeenAt == seen)
        cache.keep(Self.user, forAPIToken: "t", endsAt: .distantFuture, since: cache.ticket())
        time.advance(by: .seconds(2))
        cache.keep(Self.record(), for: "b", since: cache.ticket())
        #expect(cache.count == 3)
        // Full: "a" and the token have lapsed and go; "b" stays beside "c".
        cache.keep(Self.record(), for: "c", since: cache.ticket())
        #expect(cache.count == 2 && cache.session(for: "b") != nil && cache.session(for: "c") != nil)
        cache.keep(Self.record(), for: "d", since: cache.ticket())
        // Full of live entries: all go, then the new one is kept.
        cache.keep(Self.record(), for: "e", since: cache.ticket())
        #expect(cache.count == 1 && cache.session(for: "e") != nil && cache.session(for: "b") == nil)
    }

    @Test("LIAISON_CREDENTIAL_CACHE_MS: unset a second, 0 off, up to 10,000; anything else refused")
    func setting() throws {
        #expect(try CredentialCache.fromEnvironment([:]).lifetime == .seconds(1))
        #expect(try !CredentialCache.fromEnvironment(["LIAISON_CREDENTIAL_CACHE_MS": "0"]).isOn)
        #expect(try CredentialCache.fromEnvironment(["LIAISON_CREDENTIAL_CACHE_MS": "10000"]).lifetime == .seconds(10))
        for refused in ["10001", "-1", "off", "1s", ""] {
            #expect(throws: DatabaseError.self) {
                _ = try CredentialCache.fromEnvironment(["LIAISON_CREDENTIAL_CACHE_MS": refused])
            }
        }
    }

    @Test(
        "Over the stores: a session or token ended behind their back is honoured until its entry lapses, while sign-out, disabling, revoking and role changes through them are seen at once",
        arguments: TestDatabase.available)
    func throughTheStores(_ database: TestDatabase) async throws {
        let clock = TestClock()
        try await database.withStores(clock: clock.clock, credentials: CredentialCache(lifetime: .seconds(3_600))) {
            stores in
            let org = try await Fixture.organisation(stores)
            let user = try await Fixture.user(stores, email: "p@a.uk", organisation: org)
            let first = try await stores.sessions.start(for: user.id, by: Fixture.who)
            #expect(try await stores.sessions.find(token: first.token)?.user.roles == [.practitioner])
            // Another process (the CLI, a second server) ends it: this one answers from what it keeps.
            try await Self.endEverySessionInSQL(stores)
            #expect(try await stores.sessions.find(token: first.token) != nil)
            // A change through the stores forgets what was kept.
            let values = try UserDraft(email: "p@a.uk", displayName: "P", roles: ["analyst"]).validated()
            _ = try await stores.users.update(user.id, with: values, expected: .init(1), by: Fixture.who)
            #expect(try await stores.sessions.find(token: first.token) == nil)

            let second = try await stores.sessions.start(for: user.id, by: Fixture.who)
            #expect(try await stores.sessions.find(token: second.token)?.user.roles == [.analyst])
            try await stores.sessions.end(token: second.token, action: "user.sign_out", by: Fixture.who)
            #expect(try await stores.sessions.find(token: second.token) == nil)

            let token = try await stores.apiTokens.issue(for: user.id, name: "export", by: Fixture.who)
            #expect(try await stores.apiTokens.user(for: token.secret)?.id == user.id)
            try await stores.apiTokens.revoke(token.token.id, of: user.id, by: Attribution(Actor(user: user)))
            #expect(try await stores.apiTokens.user(for: token.secret) == nil)
            let other = try await stores.apiTokens.issue(for: user.id, name: "reporting", by: Fixture.who)
            let third = try await stores.sessions.start(for: user.id, by: Fixture.who)
            #expect(try await stores.apiTokens.user(for: other.secret) != nil)
            #expect(try await stores.sessions.find(token: third.token) != nil)
            _ = try await stores.users.setActive(user.id, false, expected: .init(2), by: Fixture.who)
            #expect(try await stores.apiTokens.user(for: other.secret) == nil)
            #expect(try await stores.sessions.find(token: third.token) == nil)
        }
    }

    @Test(
        "A kept session shows at once a changed password, a second factor enrolled or reset, and a single sign-on link",
        arguments: TestDatabase.available)
    func everyAccountWrite(_ database: TestDatabase) async throws {
        try await database.withStores(credentials: CredentialCache(lifetime: .seconds(3_600))) { stores in
            let org = try await Fixture.organisation(stores)
            let user = try await Fixture.user(stores, email: "p@a.uk", organisation: org)
            let kept = try await stores.sessions.start(for: user.id, by: Fixture.who)
            let other = try await stores.sessions.start(for: user.id, by: Fixture.who)
            #expect(try await stores.sessions.find(token: other.token) != nil)
            try await stores.users.changeOwnPassword(
                user.id, passwordHash: "new", replacing: nil, keeping: kept.token, by: Fixture.who)
            #expect(try await stores.sessions.find(token: other.token) == nil)

            #expect(try await stores.sessions.find(token: kept.token)?.user.hasSecondFactor == false)
            try await stores.secondFactors.startEnrolment(user.id, secret: "SECRET", by: Fixture.who)
            try await stores.secondFactors.confirmEnrolment(
                user.id, secret: "SECRET", step: 1, recoveryCodeHashes: [], keeping: kept.token, by: Fixture.who)
            #expect(try await stores.sessions.find(token: kept.token)?.user.hasSecondFactor == true)
            let version = try #require(try await stores.users.find(user.id)).version
            try await stores.secondFactors.reset(user.id, expected: .init(version), by: Fixture.who)
            #expect(try await stores.sessions.find(token: kept.token) == nil)

            let third = try await stores.sessions.start(for: user.id, by: Fixture.who)
            #expect(try await stores.sessions.find(token: third.token)?.user.singleSignOnSubject == nil)
            try await stores.singleSignOn.link(user.id, subject: "sub-1", expected: nil, by: Fixture.who)
            #expect(try await stores.sessions.find(token: third.token)?.user.singleSignOnSubject == "sub-1")
        }
    }

    @Test(
        "Inside a batch nothing read is kept (it may be rolled back), and what was kept meanwhile is forgotten when it commits",
        arguments: TestDatabase.available)
    func batches(_ database: TestDatabase) async throws {
        struct Stop: Error {}
        try await database.withStores(credentials: CredentialCache(lifetime: .seconds(3_600))) { stores in
            let org = try await Fixture.organisation(stores)
            let user = try await Fixture.user(stores, email: "p@a.uk", organisation: org)
            let issued = try await stores.sessions.start(for: user.id, by: Fixture.who)
            #expect(try await stores.sessions.find(token: issued.token)?.user.roles == [.practitioner])
            let analyst = try UserDraft(email: "p@a.uk", displayName: "P", roles: ["analyst"]).validated()
            await #expect(throws: Stop.self) {
                try await stores.database.batch {
                    _ = try await stores.users.update(user.id, with: analyst, expected: .init(1), by: Fixture.who)
                    #expect(try await stores.sessions.find(token: issued.token)?.user.roles == [.analyst])
                    // Another request meanwhile, outside the batch, must not be handed what the batch has not
                    // committed (and, below, will not).
                    let outside = try await Task.detached { try await stores.sessions.find(token: issued.token) }.value
                    #expect(outside?.user.roles == [.practitioner])
                    throw Stop()
                }
            }
            #expect(try await stores.sessions.find(token: issued.token)?.user.roles == [.practitioner])

            try await stores.database.batch {
                _ = try await stores.users.setActive(user.id, false, expected: .init(1), by: Fixture.who)
                // Another request, outside the batch, reads the session as committed and keeps it.
                let outside = try await Task.detached { try await stores.sessions.find(token: issued.token) }.value
                #expect(outside != nil)
            }
            #expect(try await stores.sessions.find(token: issued.token) == nil)
        }
    }

    @Test(
        "A token kept from before tokens had an end date lapses 90 days after it was made, kept or not",
        arguments: TestDatabase.available)
    func tokenWithoutEndDate(_ database: TestDatabase) async throws {
        let clock = TestClock()
        try await database.withStores(clock: clock.clock, credentials: CredentialCache(lifetime: .seconds(3_600))) {
            stores in
            let org = try await Fixture.organisation(stores)
            let user = try await Fixture.user(stores, email: "p@a.uk", organisation: org)
            let token = try await stores.apiTokens.issue(for: user.id, name: "old", by: Fixture.who)
            try await stores.database.withConnection { db in
                try await db.update("api_tokens").set("expires_at", to: String?.none).run()
            }
            #expect(try await stores.apiTokens.user(for: token.secret)?.id == user.id)
            clock.advance(by: 90 * 86_400 - 1)
            #expect(try await stores.apiTokens.user(for: token.secret)?.id == user.id)
            clock.advance(by: 1)
            #expect(try await stores.apiTokens.user(for: token.secret) == nil)
        }
    }

    @Test("With the cache off, a session ended by another process ends here at once", arguments: TestDatabase.available)
    func off(_ database: TestDatabase) async throws {
        try await database.withStores(credentials: CredentialCache(lifetime: .zero)) { stores in
            let org = try await Fixture.organisation(stores)
            let user = try await Fixture.user(stores, email: "p@a.uk", organisation: org)
            let issued = try await stores.sessions.start(for: user.id, by: Fixture.who)
            #expect(try await stores.sessions.find(token: issued.token) != nil)
            try await Self.endEverySessionInSQL(stores)
            #expect(try await stores.sessions.find(token: issued.token) == nil)
        }
    }

    private static func endEverySessionInSQL(_ stores: Stores) async throws {
        try await stores.database.withConnection { db in
            try await db.update("sessions").set("ended_at", to: Timestamp.text(Date())).run()
        }
    }
}

/// A monotonic clock a test moves by hand.
final class TestInstant: Sendable {
    private let start = ContinuousClock.now
    private let offset = Mutex(Duration.zero)

    var now: @Sendable () -> ContinuousClock.Instant { { [self] in start.advanced(by: offset.withLock { $0 }) } }

    func advance(by duration: Duration) { offset.withLock { $0 += duration } }
}
