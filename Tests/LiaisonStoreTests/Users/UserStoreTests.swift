import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

@Suite("User, session and token stores")
struct UserStoreTests {
    @Test("Email addresses are unique regardless of case", arguments: TestDatabase.available)
    func uniqueEmail(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let org = try await Fixture.organisation(stores)
            _ = try await Fixture.user(stores, email: "priya@example.nhs.uk", organisation: org)
            let failure = await #expect(throws: ValidationFailure.self) {
                _ = try await Fixture.user(stores, email: "PRIYA@example.nhs.uk", organisation: org)
            }
            #expect(failure?.message(for: "email") == "An account with this email address already exists")
        }
    }

    @Test("Roles round-trip and users list by organisation", arguments: TestDatabase.available)
    func rolesAndScope(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let a = try await Fixture.organisation(stores, name: "A")
            let b = try await Fixture.organisation(stores, name: "B")
            let manager = try await Fixture.user(
                stores, email: "m@a.uk", organisation: a, roles: [.teamManager, .practitioner])
            _ = try await Fixture.user(stores, email: "x@b.uk", organisation: b)
            #expect(try await stores.users.find(manager.id)?.roles == [.teamManager, .practitioner])
            #expect(try await stores.users.list(of: a.id).map(\.email) == ["m@a.uk"])
            #expect(try await stores.users.list(of: nil).count == 2)
        }
    }

    @Test("A user may not join another organisation's team", arguments: TestDatabase.available)
    func teamOfOtherOrganisation(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let a = try await Fixture.organisation(stores, name: "A")
            let b = try await Fixture.organisation(stores, name: "B")
            let teamB = try await stores.teams.create(
                try TeamDraft(name: "B team", siteIDs: []).validated(), for: b.id, by: Fixture.who)
            let values = try UserDraft(
                email: "p@a.uk", displayName: "P", teamID: teamB.id.rawValue, roles: ["practitioner"]
            ).validated()
            await #expect(throws: ValidationFailure.self) {
                _ = try await stores.users.create(values, for: a.id, passwordHash: "h", by: Fixture.who)
            }
        }
    }

    @Test("A session is found by its token, which is stored only as a hash", arguments: TestDatabase.available)
    func sessions(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let org = try await Fixture.organisation(stores)
            let user = try await Fixture.user(stores, email: "p@a.uk", organisation: org)
            let issued = try await stores.sessions.start(for: user.id, by: Fixture.who)
            #expect(try await stores.sessions.find(token: issued.token)?.user.id == user.id)
            #expect(try await stores.sessions.find(token: issued.token)?.csrfToken == issued.csrfToken)
            // The organisation's second-factor roles come with the session, as they stand at each request.
            #expect(try await stores.sessions.find(token: issued.token)?.secondFactorRoles == [])
            try await stores.secondFactors.setRequiredRoles(
                [.teamManager, .practitioner], of: org.id, expected: nil, by: Fixture.who)
            #expect(
                try await stores.sessions.find(token: issued.token)?.secondFactorRoles == [.teamManager, .practitioner])
            let stored = try await stores.database.withConnection { db in
                try await db.select().column("token_hash").from("sessions").all().map {
                    try $0.decode(column: "token_hash", as: String.self)
                }
            }
            #expect(stored == [Secrets.hash(issued.token)])
            try await stores.sessions.end(token: issued.token, action: "user.sign_out", by: Fixture.who)
            #expect(try await stores.sessions.find(token: issued.token) == nil)
        }
    }

    @Test(
        "A sign-in checked against a password or second factor that changed while bcrypt ran starts no session; a change over a password reset meanwhile is refused",
        arguments: TestDatabase.available)
    func signInRaces(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let org = try await Fixture.organisation(stores)
            let user = try await Fixture.user(stores, email: "p@a.uk", organisation: org)
            let me = Attribution(Actor(user: user))
            let checked = try #require(try await stores.users.credentials(email: "p@a.uk")).passwordHash
            // The holder changes the password while an attacker's old one is being checked.
            try await stores.users.changeOwnPassword(
                user.id, passwordHash: "new-hash", replacing: checked, keeping: nil, by: me)
            #expect(
                try await stores.sessions.start(
                    for: user.id, awaitingSecondFactor: false, verifiedHash: checked, by: Fixture.who) == nil)
            #expect(
                try await stores.sessions.start(
                    for: user.id, awaitingSecondFactor: false, verifiedHash: "new-hash", by: Fixture.who) != nil)
            // An administrator's reset lands between the check of the current password and the change.
            try await stores.users.resetPassword(user.id, passwordHash: "reset-hash", by: Fixture.who)
            await #expect(throws: ValidationFailure.self) {
                try await stores.users.changeOwnPassword(
                    user.id, passwordHash: "mine", replacing: "new-hash", keeping: nil, by: me)
            }
            #expect(try await stores.users.credentials(email: "p@a.uk")?.passwordHash == "reset-hash")
            // The holder enrols a second factor while a password-only sign-in is being checked.
            try await stores.secondFactors.startEnrolment(user.id, secret: "FIRSTSECRET", by: me)
            try await stores.secondFactors.startEnrolment(user.id, secret: "SECONDSECRET", by: me)
            // A code checked against the first secret, confirmed after the page showed the second: refused.
            await #expect(throws: DomainError.self) {
                try await stores.secondFactors.confirmEnrolment(
                    user.id, secret: "FIRSTSECRET", step: 1, recoveryCodeHashes: [], keeping: nil, by: me)
            }
            #expect(try await stores.secondFactors.state(of: user.id).isConfirmed == false)
            try await stores.secondFactors.confirmEnrolment(
                user.id, secret: "SECONDSECRET", step: 1, recoveryCodeHashes: [], keeping: nil, by: me)
            #expect(
                try await stores.sessions.start(
                    for: user.id, awaitingSecondFactor: false, verifiedHash: "reset-hash", by: Fixture.who) == nil)
            #expect(
                try await stores.sessions.start(
                    for: user.id, awaitingSecondFactor: true, verifiedHash: "reset-hash", by: Fixture.who) != nil)
        }
    }

    @Test("Disabling an account ends its sessions and its API tokens stop working", arguments: TestDatabase.available)
    func disable(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let org = try await Fixture.organisation(stores)
            let user = try await Fixture.user(stores, email: "p@a.uk", organisation: org)
            let session = try await stores.sessions.start(for: user.id, by: Fixture.who)
            let token = try await stores.apiTokens.issue(for: user.id, name: "test", by: Fixture.who).secret
            #expect(try await stores.apiTokens.user(for: token)?.id == user.id)
            _ = try await stores.users.setActive(user.id, false, expected: .init(user.version), by: Fixture.who)
            #expect(try await stores.sessions.find(token: session.token) == nil)
            #expect(try await stores.apiTokens.user(for: token) == nil)
            // Enabling the account again does not bring its tokens back.
            _ = try await stores.users.setActive(user.id, true, expected: .init(user.version + 1), by: Fixture.who)
            #expect(try await stores.apiTokens.user(for: token) == nil)
            #expect(try await stores.apiTokens.tokens(of: user.id).allSatisfy { $0.revokedAt != nil })
        }
    }

    @Test(
        "API tokens end on their day, can be revoked (by their owner only), note their last use, and end on a password reset",
        arguments: TestDatabase.available)
    func tokenLifecycle(_ database: TestDatabase) async throws {
        let clock = TestClock()
        try await database.withStores(clock: clock.clock) { stores in
            let org = try await Fixture.organisation(stores)
            let user = try await Fixture.user(stores, email: "p@a.uk", organisation: org)
            let other = try await Fixture.user(stores, email: "q@a.uk", organisation: org)
            await #expect(throws: ValidationFailure.self) {
                _ = try await stores.apiTokens.issue(for: user.id, name: "export", days: 366, by: Fixture.who)
            }
            let short = try await stores.apiTokens.issue(for: user.id, name: "export", days: 1, by: Fixture.who)
            let long = try await stores.apiTokens.issue(for: user.id, name: "reporting", by: Fixture.who)
            #expect(long.token.expiresAt == clock.now.addingTimeInterval(90 * 86_400))
            #expect(try await stores.apiTokens.user(for: short.secret)?.id == user.id)
            #expect(
                try await stores.apiTokens.tokens(of: user.id).first { $0.id == short.token.id }?.lastUsedAt
                    == clock.now)
            clock.advance(by: 86_401)
            #expect(try await stores.apiTokens.user(for: short.secret) == nil)
            #expect(try await stores.apiTokens.user(for: long.secret)?.id == user.id)
            let owner = Attribution(Actor(user: user))
            await #expect(throws: DomainError.self) {
                try await stores.apiTokens.revoke(long.token.id, of: user.id, by: Attribution(Actor(user: other)))
            }
            try await stores.apiTokens.revoke(long.token.id, of: user.id, by: owner)
            #expect(try await stores.apiTokens.user(for: long.secret) == nil)
            let third = try await stores.apiTokens.issue(for: user.id, name: "third", by: Fixture.who)
            #expect(try await stores.apiTokens.user(for: third.secret)?.id == user.id)
            try await stores.users.resetPassword(user.id, passwordHash: "new", by: Fixture.who)
            #expect(try await stores.apiTokens.user(for: third.secret) == nil)
        }
    }

    @Test(
        "Attempts are reserved before the password is checked: the fifth locks; a locked account counts nothing; a reset clears it",
        arguments: TestDatabase.available)
    func lockout(_ database: TestDatabase) async throws {
        let clock = TestClock()
        try await database.withStores(clock: clock.clock) { stores in
            let org = try await Fixture.organisation(stores)
            let user = try await Fixture.user(stores, email: "p@a.uk", organisation: org)
            for expected in 1...5 { #expect(try await stores.users.reserveSignInAttempt(user.id) == expected) }
            let locked = try #require(try await stores.users.credentials(email: "p@a.uk"))
            #expect(locked.failedSignIns == 5 && locked.lockedUntil == clock.now.addingTimeInterval(60))
            #expect(try await stores.users.reserveSignInAttempt(user.id) == nil)
            #expect(try await stores.users.credentials(email: "p@a.uk")?.failedSignIns == 5)
            // After the minute, the next wrong attempt locks for two.
            clock.advance(by: 61)
            #expect(try await stores.users.reserveSignInAttempt(user.id) == 6)
            #expect(
                try await stores.users.credentials(email: "p@a.uk")?.lockedUntil == clock.now.addingTimeInterval(120))
            try await stores.users.resetPassword(user.id, passwordHash: "new", by: Fixture.who)
            let reset = try #require(try await stores.users.credentials(email: "p@a.uk"))
            #expect(reset.failedSignIns == 0 && reset.lockedUntil == nil && reset.passwordHash == "new")
        }
    }

    @Test(
        "Forty attempts at once are counted exactly as forty in a row: five reserved, the account locked for a minute",
        arguments: TestDatabase.available)
    func concurrentLockout(_ database: TestDatabase) async throws {
        let clock = TestClock()
        try await database.withStores(clock: clock.clock) { stores in
            let org = try await Fixture.organisation(stores)
            let user = try await Fixture.user(stores, email: "p@a.uk", organisation: org)
            let reserved = try await withThrowingTaskGroup(of: Int?.self) { group in
                for _ in 0..<40 { group.addTask { try await stores.users.reserveSignInAttempt(user.id) } }
                var all: [Int?] = []
                for try await one in group { all.append(one) }
                return all
            }
            #expect(reserved.compactMap { $0 }.sorted() == [1, 2, 3, 4, 5])
            let locked = try #require(try await stores.users.credentials(email: "p@a.uk"))
            #expect(locked.failedSignIns == 5 && locked.lockedUntil == clock.now.addingTimeInterval(60))
        }
    }

    @Test("A stale account edit is rejected", arguments: TestDatabase.available)
    func staleEdit(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let org = try await Fixture.organisation(stores)
            let user = try await Fixture.user(stores, email: "p@a.uk", organisation: org)
            let values = try UserDraft(email: "p@a.uk", displayName: "New", roles: ["analyst"]).validated()
            _ = try await stores.users.update(user.id, with: values, expected: .init(1), by: Fixture.who)
            await #expect(throws: DomainError.staleVersion(current: 2)) {
                _ = try await stores.users.update(user.id, with: values, expected: .init(1), by: Fixture.who)
            }
        }
    }

    @Test(
        "An account change is judged on the administrator as they are now: one demoted or disabled a moment ago changes nothing, so two cannot remove each other",
        arguments: TestDatabase.available)
    func administratorsAsTheyAreNow(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let org = try await Fixture.organisation(stores)
            let first = try await Fixture.user(stores, email: "one@a.uk", organisation: org, roles: [.administrator])
            let second = try await Fixture.user(stores, email: "two@a.uk", organisation: org, roles: [.administrator])
            // Each signed in as an administrator; the first demotes the second.
            let (asFirst, asSecond) = (Attribution(Actor(user: first)), Attribution(Actor(user: second)))
            let demoted = try UserDraft(email: "two@a.uk", displayName: "Two", roles: ["analyst"]).validated()
            _ = try await stores.users.update(second.id, with: demoted, expected: .init(1), by: asFirst)
            // The second's request, authorised a moment before on the role they had, is refused in the store.
            let keepsAdmin = try UserDraft(email: "one@a.uk", displayName: "One", roles: ["analyst"]).validated()
            await #expect(throws: DomainError.self) {
                _ = try await stores.users.update(first.id, with: keepsAdmin, expected: .init(1), by: asSecond)
            }
            await #expect(throws: DomainError.self) {
                _ = try await stores.users.setActive(first.id, false, expected: .init(1), by: asSecond)
            }
            let kept = try #require(try await stores.users.find(first.id))
            #expect(kept.isActive && kept.roles == [.administrator] && kept.version == 1)
            // A disabled administrator changes nothing either.
            let third = try await Fixture.user(stores, email: "three@a.uk", organisation: org, roles: [.administrator])
            _ = try await stores.users.setActive(third.id, false, expected: .init(1), by: asFirst)
            await #expect(throws: DomainError.self) {
                _ = try await stores.users.setActive(
                    second.id, false, expected: .init(2), by: Attribution(Actor(user: third)))
            }
        }
    }
}
