import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

@Suite("Consent and disclosure store")
struct ConsentAndDisclosureStoreTests {
    struct Case {
        let world: PersonStoreTests.World
        let episode: Episode
    }

    static func open(_ stores: Stores) async throws -> Case {
        let (world, episode) = try await PersonStoreTests.onePerson(stores)
        return Case(world: world, episode: episode)
    }

    static func consent(_ decision: String, recipients: [String] = ["police"]) throws -> ValidConsent {
        try ConsentDraft(
            decision: decision, recipients: recipients, purposes: ["charging_decision"],
            capacityNote: decision == "lacks_capacity" ? "Acutely psychotic; could not weigh the information" : "",
            expiresOn: []
        ).validated(today: CalendarDate(year: 2000, month: 1, day: 1)!)
    }

    static let toPolice = ValidDisclosure(
        kind: .information,
        recipient: Recipient(
            kind: .police, organisation: "Metropolitan Police", name: "DS Patel", role: "Custody sergeant"),
        purpose: .chargingDecision, content: "Has a diagnosis of schizophrenia; currently unwell.")

    @Test(
        "Sharing rests on a covering consent; after withdrawal it needs an override, which a second team manager reviews",
        arguments: TestDatabase.available)
    func consentThenOverride(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let setup = try await Self.open(stores)
            let who = setup.world.who
            await #expect(throws: ConsentRequired(latest: nil)) {
                try await stores.disclosures.share(Self.toPolice, from: setup.episode, override: nil, by: who)
            }
            let consent = try await stores.consents.record(try Self.consent("given"), for: setup.episode, by: who)
            let shared = try await stores.disclosures.share(Self.toPolice, from: setup.episode, override: nil, by: who)
            #expect(shared.basis == .consent(consent.id) && !shared.awaitsReview)
            #expect(shared.recipient.description == "DS Patel (Custody sergeant), Metropolitan Police")

            let withdrawn = try await stores.consents.withdraw(
                consent.id, reason: "Changed his mind after speaking to his solicitor", expected: .init(1), by: who)
            #expect(withdrawn.withdrawnAt != nil)
            await #expect(throws: DomainError.self) {
                try await stores.consents.withdraw(consent.id, reason: "again", expected: .init(2), by: who)
            }
            // A withdrawal typed against the consent as it was is a conflict (both shown, the reason kept), not
            // "already withdrawn".
            await #expect(throws: DomainError.staleVersion(current: 2)) {
                try await stores.consents.withdraw(
                    consent.id, reason: "Typed before the other withdrawal", expected: .init(1), by: who)
            }
            await #expect(throws: ConsentRequired(latest: nil)) {
                try await stores.disclosures.share(Self.toPolice, from: setup.episode, override: nil, by: who)
            }
            let basis = SharingBasis.override(.seriousHarm, reason: "Threatened to kill his partner on release today.")
            let overridden = try await stores.disclosures.share(
                Self.toPolice, from: setup.episode, override: basis, by: who)
            #expect(overridden.basis == basis && overridden.awaitsReview)
            #expect(try await stores.disclosures.list(for: setup.episode.id).map(\.id) == [overridden.id, shared.id])

            let manager = try await Fixture.user(
                stores, email: "manager@elft.test", organisation: setup.world.organisation, roles: [.teamManager])
            let managerWho = Attribution(Actor(user: manager), requestID: "r")
            let pending = try await stores.disclosures.overrides(of: setup.world.organisation.id, by: managerWho)
            #expect(pending.map(\.id) == [overridden.id])
            let listed = try await stores.auditReader.recent(limit: 1).first
            #expect(listed?.action == "disclosure.overrides_view" && listed?.personID == overridden.personID.rawValue)
            await #expect(throws: ValidationFailure.self) {
                try await stores.disclosures.review(
                    overridden.id, upheld: true, note: "", expected: .init(1), by: managerWho)
            }
            let reviewed = try await stores.disclosures.review(
                overridden.id, upheld: true, note: "Risk to partner was real and imminent.", expected: .init(1),
                by: managerWho)
            #expect(reviewed.review?.upheld == true && !reviewed.awaitsReview)
            await #expect(throws: DomainError.self) {
                try await stores.disclosures.review(
                    overridden.id, upheld: false, note: "Second look", expected: .init(2), by: managerWho)
            }
            await #expect(throws: DomainError.staleVersion(current: 2)) {
                try await stores.disclosures.review(
                    overridden.id, upheld: false, note: "Typed before the other review", expected: .init(1),
                    by: managerWho)
            }
            let other = try await PersonStoreTests.world(stores, name: "CNWL")
            await #expect(throws: DomainError.notFound(what: "disclosure")) {
                try await stores.disclosures.review(
                    shared.id, upheld: true, note: "Not ours at all", expected: .init(1), by: other.who)
            }
            let actions = try await stores.auditReader.recent(limit: 50).map(\.action)
            for action in [
                "consent.record", "consent.withdraw", "disclosure.share", "disclosure.override", "disclosure.review",
            ] {
                #expect(actions.contains(action))
            }
        }
    }

    @Test(
        "A refusal or lack of capacity is named when consent is required; a later consent for other recipients does not cover",
        arguments: TestDatabase.available)
    func refusal(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let setup = try await Self.open(stores)
            let who = setup.world.who
            let declined = try await stores.consents.record(try Self.consent("declined"), for: setup.episode, by: who)
            await #expect(throws: ConsentRequired(latest: declined)) {
                try await stores.disclosures.share(Self.toPolice, from: setup.episode, override: nil, by: who)
            }
            _ = try await stores.consents.record(
                try Self.consent("given", recipients: ["gp"]), for: setup.episode, by: who)
            await #expect(throws: ConsentRequired.self) {
                try await stores.disclosures.share(Self.toPolice, from: setup.episode, override: nil, by: who)
            }
            let lacks = try await stores.consents.record(
                try Self.consent("lacks_capacity"), for: setup.episode, by: who)
            #expect(lacks.capacityNote == "Acutely psychotic; could not weigh the information")
            #expect(try await stores.consents.list(for: setup.episode.id, by: who).count == 3)
            let viewed = try await stores.disclosures.share(
                Self.toPolice, from: setup.episode,
                override: .override(.bestInterests, reason: "Lacks capacity; police need to know to arrange a doctor."),
                by: who)
            #expect(try await stores.disclosures.view(viewed.id, by: who)?.content == Self.toPolice.content)
            #expect(try await stores.auditReader.recent(limit: 5).first?.action == "disclosure.view")
            // A closed episode takes no new consent.
            let closed = try await stores.episodes.close(
                setup.episode.id, reason: .completed, expected: .init(setup.episode.version), by: who)
            await #expect(throws: DomainError.self) {
                try await stores.consents.record(try Self.consent("given"), for: closed, by: who)
            }
        }
    }

    @Test(
        "A sharing made while a withdrawal of its consent is being written waits for it, then needs an override (PostgreSQL: two transactions interleaved)",
        arguments: TestDatabase.available.filter { $0 == .postgres })
    func shareWaitsForWithdrawal(_ database: TestDatabase) async throws {
        try await database.withDatabase { database in
            let clock = TestClock()
            let stores = Stores(database: database, clock: clock.clock, ids: .sequential())
            let setup = try await Self.open(stores)
            let consent = try await stores.consents.record(
                try Self.consent("given"), for: setup.episode, by: setup.world.who)
            let (waited, shared) = try await Interleaved.run(on: database) { one in
                // The withdrawal, written by the store's own code, not yet committed.
                _ = try await SQLConsentStore.withdraw(
                    consent.id, reason: "Changed her mind after advice", expected: .init(consent.version),
                    now: clock.now, by: setup.world.who, audit: stores.audit, on: one)
            } second: { two in
                do {
                    try await SQLDisclosureStore.record(
                        Disclosure.ID("d1"), Self.toPolice, episode: setup.episode, override: nil, now: clock.now,
                        by: setup.world.who, audit: stores.audit, on: two)
                    return true
                } catch is ConsentRequired {
                    return false
                }
            }
            #expect(waited)
            #expect(shared == false, "shared under a consent withdrawn a moment before")
            #expect(try await stores.disclosures.list(for: setup.episode.id).isEmpty)
        }
    }
}
