import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

@Suite("Single sign-on: providers, linked subjects, sign-ins in progress")
struct SingleSignOnStoreTests {
    static let provider = IdentityProviderDraft(
        issuer: "https://login.example.nhs.uk/tenant/", clientID: "liaison", clientSecret: nil)

    static func pending(_ organisation: Organisation.ID) -> PendingSignIn {
        PendingSignIn(
            organisationID: organisation, browserHash: "browser", nonce: "nonce", codeVerifier: "verifier", next: "/")
    }

    @Test(
        "A sign-in in progress is taken once, and not at all after 10 minutes (a replayed callback gets nothing)",
        arguments: TestDatabase.available)
    func stateIsUsedOnce(_ database: TestDatabase) async throws {
        let clock = TestClock()
        try await database.withStores(clock: clock.clock) { stores in
            let org = try await Fixture.organisation(stores).id
            try await stores.singleSignOn.begin(stateHash: "first", Self.pending(org))
            #expect(try await stores.singleSignOn.consume(stateHash: "first") == Self.pending(org))
            #expect(try await stores.singleSignOn.consume(stateHash: "first") == nil)
            #expect(try await stores.singleSignOn.consume(stateHash: "never-issued") == nil)
            try await stores.singleSignOn.begin(stateHash: "slow", Self.pending(org))
            clock.advance(by: SingleSignOnRefusal.stateLifetime + 1)
            #expect(try await stores.singleSignOn.consume(stateHash: "slow") == nil)
        }
    }

    @Test(
        "An administrator sets the provider (validated, versioned, audited); others cannot; the sign-in page lists it",
        arguments: TestDatabase.available)
    func provider(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let org = try await Fixture.organisation(stores)
            let admin = Attribution(
                Actor(
                    user: try await Fixture.user(stores, email: "a@x.test", organisation: org, roles: [.administrator]))
            )
            let manager = Attribution(
                Actor(user: try await Fixture.user(stores, email: "m@x.test", organisation: org, roles: [.teamManager]))
            )
            #expect(try await stores.singleSignOn.choices().isEmpty)
            await #expect(throws: DomainError.self) {
                _ = try await stores.singleSignOn.setProvider(Self.provider, for: org.id, expected: nil, by: manager)
            }
            let bad = IdentityProviderDraft(issuer: "http://login.example.nhs.uk", clientID: "", clientSecret: nil)
            let failure = await #expect(throws: ValidationFailure.self) {
                _ = try await stores.singleSignOn.setProvider(bad, for: org.id, expected: nil, by: admin)
            }
            #expect(Set(failure?.problems.map(\.field) ?? []) == ["issuer", "clientID"])
            let saved = try await stores.singleSignOn.setProvider(Self.provider, for: org.id, expected: nil, by: admin)
            #expect(saved.issuer == "https://login.example.nhs.uk/tenant" && saved.version == 1)
            #expect(try await stores.singleSignOn.choices() == [.init(organisationID: org.id, name: org.name)])
            // Replacing it needs the version read, and a blank secret keeps the one held.
            let secret = IdentityProviderDraft(issuer: saved.issuer, clientID: "liaison", clientSecret: "s3cret")
            await #expect(throws: DomainError.staleVersion(current: 1)) {
                _ = try await stores.singleSignOn.setProvider(secret, for: org.id, expected: nil, by: admin)
            }
            _ = try await stores.singleSignOn.setProvider(secret, for: org.id, expected: .init(1), by: admin)
            let kept = try await stores.singleSignOn.setProvider(
                Self.provider, for: org.id, expected: .init(2), by: admin)
            #expect(kept.clientSecret == "s3cret" && kept.version == 3)
            let events = try await stores.auditReader.recent(limit: 10).filter {
                $0.action == "organisation.identity_provider"
            }
            #expect(events.count == 3 && events.allSatisfy { $0.actorID == admin.actor.userID.rawValue })
        }
    }

    @Test(
        "A subject links one account of its organisation, by another administrator, never by oneself; unlink works",
        arguments: TestDatabase.available)
    func link(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let org = try await Fixture.organisation(stores)
            let other = try await Fixture.organisation(stores, name: "Other trust")
            let adminUser = try await Fixture.user(
                stores, email: "a@x.test", organisation: org, roles: [.administrator])
            let admin = Attribution(Actor(user: adminUser))
            let first = try await Fixture.user(stores, email: "one@x.test", organisation: org)
            let second = try await Fixture.user(stores, email: "two@x.test", organisation: org)
            let elsewhere = try await Fixture.user(stores, email: "three@y.test", organisation: other)
            try await stores.singleSignOn.link(first.id, subject: " 248289761001 ", expected: nil, by: admin)
            #expect(try await stores.singleSignOn.user(subject: "248289761001", in: org.id)?.id == first.id)
            #expect(try await stores.users.find(first.id)?.singleSignOnSubject == "248289761001")
            // The same subject at another organisation's provider is another person.
            #expect(try await stores.singleSignOn.user(subject: "248289761001", in: other.id) == nil)
            await #expect(throws: ValidationFailure.self) {
                try await stores.singleSignOn.link(second.id, subject: "248289761001", expected: nil, by: admin)
            }
            await #expect(throws: DomainError.self) {
                try await stores.singleSignOn.link(adminUser.id, subject: "mine", expected: nil, by: admin)
            }
            await #expect(throws: DomainError.self) {
                try await stores.singleSignOn.link(elsewhere.id, subject: "theirs", expected: nil, by: admin)
            }
            try await stores.singleSignOn.link(first.id, subject: "", expected: nil, by: admin)
            #expect(try await stores.singleSignOn.user(subject: "248289761001", in: org.id) == nil)
            let actions = try await stores.auditReader.recent(limit: 10).map(\.action)
            #expect(actions.contains("user.sso_link") && actions.contains("user.sso_unlink"))
        }
    }

    @Test(
        "A single sign-on session is marked as such and audited as user.sign_in_sso", arguments: TestDatabase.available)
    func session(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let org = try await Fixture.organisation(stores)
            let user = try await Fixture.user(stores, email: "one@x.test", organisation: org)
            let issued = try await stores.sessions.startSingleSignOn(for: user.id, by: Attribution(Actor(user: user)))
            let record = try #require(try await stores.sessions.find(token: issued.token))
            #expect(record.singleSignOn && !record.awaitingSecondFactor && record.user.id == user.id)
            let password = try await stores.sessions.start(for: user.id, by: Attribution(Actor(user: user)))
            #expect(try await stores.sessions.find(token: password.token)?.singleSignOn == false)
            #expect(try await stores.auditReader.recent(limit: 5).map(\.action).contains("user.sign_in_sso"))
        }
    }
}
