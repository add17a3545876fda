import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

@Suite("Relationship claims and restricted records")
struct RelationshipClaimStoreTests {
    static let claim = ClaimDraft(
        context: "in_custody_now", reason: "Arrested overnight, in our cells at the suite this morning")

    /// A person held by `east` only, and `west` (which cannot see them), each with a team manager.
    static func heldByEast(_ stores: Stores) async throws -> (
        east: PersonStoreTests.World, west: PersonStoreTests.World, person: Person, eastManager: Attribution,
        westManager: Attribution
    ) {
        let east = try await PersonStoreTests.world(stores, name: "East")
        let west = try await PersonStoreTests.world(stores, name: "West")
        let (person, _) = try await stores.people.create(
            PersonStoreTests.details(), firstEpisode: PersonStoreTests.episode(east), identifiedAt: Date(),
            by: east.who)
        func manager(_ world: PersonStoreTests.World, _ email: String) async throws -> Attribution {
            Attribution(
                Actor(
                    user: try await Fixture.user(
                        stores, email: email, organisation: world.organisation, roles: [.teamManager])))
        }
        return (
            east, west, person, try await manager(east, "manager@east.test"),
            try await manager(west, "manager@west.test")
        )
    }

    /// West's own record of the same person is merged with East's: refused (West cannot open East's) and nothing
    /// written; once West claims a relationship (in custody now) both are visible and the proposal stands.
    static func proposeAfterClaiming(_ stores: Stores, _ west: PersonStoreTests.World, _ theirs: Person.ID)
        async throws -> PersonMerge
    {
        let (mine, _) = try await stores.people.create(
            PersonStoreTests.details("Amira", "Hasan"), firstEpisode: PersonStoreTests.episode(west),
            identifiedAt: Date(), by: west.who)
        let before = try await Fixture.auditCount(stores)
        await #expect(throws: DomainError.self) {
            _ = try await stores.merges.propose(
                survivor: mine.id, duplicate: theirs, reason: "Same PNC on the custody record", by: west.who)
        }
        #expect(try await Fixture.auditCount(stores) == before)
        _ = try await stores.episodes.open(
            PersonStoreTests.episode(west), for: theirs, identifiedAt: Date(), claim: Self.claim, by: west.who)
        return try await stores.merges.propose(
            survivor: mine.id, duplicate: theirs, reason: "Same PNC on the custody record", by: west.who)
    }

    /// `holder`'s manager ends the claim behind `episode` by review: the claimant's access goes at once.
    static func endClaim(
        on episode: Episode.ID, heldBy holder: PersonStoreTests.World, manager: Attribution, _ stores: Stores
    ) async throws {
        let claim = try #require(
            try await stores.claims.claims(for: holder.organisation.id, by: manager).first {
                $0.claim.episodeID == episode
            })
        _ = try await stores.claims.review(
            claim.claim.id, uphold: false, note: "Not at their suite: the custody record says Brixton",
            expected: .init(1), by: manager)
    }

    static func sees(_ stores: Stores, _ who: Attribution, _ person: Person.ID) async throws -> Bool {
        AccessPolicy.decide(who.actor, .viewPerson(try await stores.people.relationship(of: person))) == .allowed
    }

    @Test(
        "Opening an episode without saying where and why is refused and nothing is written; with them, a pending claim",
        arguments: TestDatabase.available)
    func claimNeeded(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let (east, west, person, eastManager, _) = try await Self.heldByEast(stores)
            let before = try await Fixture.auditCount(stores)
            let refused = await #expect(throws: ValidationFailure.self) {
                _ = try await stores.episodes.open(
                    PersonStoreTests.episode(west), for: person.id, identifiedAt: Date(), by: west.who)
            }
            #expect(refused?.problems.map(\.field) == ["claimContext", "claimReason"])
            await #expect(throws: ValidationFailure.self) {
                _ = try await stores.episodes.open(
                    PersonStoreTests.episode(west), for: person.id, identifiedAt: Date(),
                    claim: ClaimDraft(context: "in_custody_now", reason: "need it now"), by: west.who)
            }
            #expect(try await stores.episodes.list(for: person.id).count == 1)
            #expect(try await Fixture.auditCount(stores) == before)
            #expect(try await !Self.sees(stores, west.who, person.id))

            let episode = try await stores.episodes.open(
                PersonStoreTests.episode(west), for: person.id, identifiedAt: Date(), claim: Self.claim, by: west.who)
            #expect(try await Self.sees(stores, west.who, person.id))
            let listed = try await stores.claims.claims(for: east.organisation.id, by: eastManager)
            let item = try #require(listed.first)
            #expect(listed.count == 1 && item.isOnOurRecord && item.claim.status == .pending)
            #expect(item.claim.episodeID == episode.id && item.claim.context == .inCustodyNow)
            #expect(item.claim.reason == Self.claim.reason && item.personName == "HASSAN, Amira")
            let viewed = try await stores.auditReader.recent(limit: 1).first
            #expect(viewed?.action == "relationship_claims.view" && viewed?.personID == person.id.rawValue)
            let events = try await stores.auditReader.recent(limit: 10)
            #expect(events.contains { $0.action == "relationship.claim" && $0.personID == person.id.rawValue })
        }
    }

    @Test(
        "An unreviewed claim lasts only while its episode is open; an upheld one stays; an ended one ends at once",
        arguments: TestDatabase.available)
    func claimLifetime(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let (east, west, person, eastManager, westManager) = try await Self.heldByEast(stores)
            let first = try await stores.episodes.open(
                PersonStoreTests.episode(west), for: person.id, identifiedAt: Date(), claim: Self.claim, by: west.who)
            _ = try await stores.episodes.close(first.id, reason: .completed, expected: .init(1), by: west.who)
            #expect(try await !Self.sees(stores, west.who, person.id))

            // A second claim, reviewed: not by the claimant's own manager, and ending one needs a note.
            let second = try await stores.episodes.open(
                PersonStoreTests.episode(west), for: person.id, identifiedAt: Date(), claim: Self.claim, by: west.who)
            let pending = try #require(
                try await stores.claims.claims(for: east.organisation.id, by: eastManager).first {
                    $0.claim.episodeID == second.id
                })
            await #expect(throws: DomainError.self) {
                _ = try await stores.claims.review(
                    pending.claim.id, uphold: true, note: "", expected: .init(1), by: westManager)
            }
            await #expect(throws: ValidationFailure.self) {
                _ = try await stores.claims.review(
                    pending.claim.id, uphold: false, note: " ", expected: .init(1), by: eastManager)
            }
            let upheld = try await stores.claims.review(
                pending.claim.id, uphold: true, note: "", expected: .init(1), by: eastManager)
            #expect(upheld.status == .upheld && upheld.reviewedBy == eastManager.actor.userID)
            _ = try await stores.episodes.close(second.id, reason: .completed, expected: .init(1), by: west.who)
            #expect(try await Self.sees(stores, west.who, person.id))
            await #expect(throws: DomainError.self) {
                _ = try await stores.claims.review(
                    pending.claim.id, uphold: false, note: "Changed my mind", expected: .init(2), by: eastManager)
            }

            // A third organisation's claim, ended by review: access goes at once, the episode still open.
            let north = try await PersonStoreTests.world(stores, name: "North")
            let third = try await stores.episodes.open(
                PersonStoreTests.episode(north), for: person.id, identifiedAt: Date(), claim: Self.claim,
                by: north.who)
            #expect(try await Self.sees(stores, north.who, person.id))
            let northClaim = try #require(
                try await stores.claims.claims(for: east.organisation.id, by: eastManager).first {
                    $0.claim.episodeID == third.id
                })
            _ = try await stores.claims.review(
                northClaim.claim.id, uphold: false, note: "Not at their suite: the custody record says Brixton",
                expected: .init(1), by: eastManager)
            #expect(try await !Self.sees(stores, north.who, person.id))
        }
    }

    @Test(
        "A claim ended by review leaves its episode on the claimant's work list without the person's name, as Find a person shows them",
        arguments: TestDatabase.available)
    func endedClaimMasked(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let (east, west, person, eastManager, _) = try await Self.heldByEast(stores)
            let episode = try await stores.episodes.open(
                PersonStoreTests.episode(west), for: person.id, identifiedAt: Date(), claim: Self.claim, by: west.who)
            func shown() async throws -> [[String]] {
                var women = WorklistFilter()
                women.womenOnly = true
                return [
                    try await stores.episodes.open(of: west.organisation.id, by: west.who).map(\.personName),
                    try await stores.episodes.worklist(
                        WorklistFilter(), page: ListPage(size: 50, number: 1), of: west.organisation.id,
                        today: CalendarDate(Date()), withLoads: false, by: west.who
                    ).items.map(\.personName),
                    // Filtered on the person: the rows are read without the deferred join.
                    try await stores.episodes.worklist(
                        women, page: ListPage(size: 50, number: 1), of: west.organisation.id,
                        today: CalendarDate(Date()), withLoads: false, by: west.who
                    ).items.map(\.personName),
                ]
            }
            #expect(try await shown() == Array(repeating: ["HASSAN, Amira"], count: 3))
            try await Self.endClaim(on: episode.id, heldBy: east, manager: eastManager, stores)
            #expect(try await !Self.sees(stores, west.who, person.id))
            // Masked in the whole list; not matched at all by the filter on the person (its sex is not shown).
            #expect(try await shown() == [[WorklistItem.restrictedName], [WorklistItem.restrictedName], []])
            // East, whose own episode it is, still sees whose it is.
            #expect(
                try await stores.episodes.open(of: east.organisation.id, by: east.who).map(\.personName) == [
                    "HASSAN, Amira"
                ])
        }
    }

    @Test(
        "Sharing without consent on a claim: once the claim ends, the managers' review list keeps the sharing but not the person or what was shared",
        arguments: TestDatabase.available)
    func overridesMasked(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let (_, west, person, _, westManager) = try await Self.heldByEast(stores)
            let episode = try await stores.episodes.open(
                PersonStoreTests.episode(west), for: person.id, identifiedAt: Date(), claim: Self.claim, by: west.who)
            let shared = try await stores.disclosures.share(
                ConsentAndDisclosureStoreTests.toPolice, from: episode,
                override: .override(.seriousHarm, reason: "Threatened to kill his partner on release today."),
                by: west.who)
            let before = try await stores.disclosures.overrides(of: west.organisation.id, by: westManager)
            #expect(before.map(\.isMasked) == [false] && before.first?.personID == person.id)
            _ = try await stores.episodes.close(episode.id, reason: .completed, expected: .init(1), by: west.who)
            let mark = try await Fixture.auditCount(stores)
            let after = try #require(
                try await stores.disclosures.overrides(of: west.organisation.id, by: westManager).first)
            #expect(after.id == shared.id && after.isMasked && after.awaitsReview)
            #expect(after.personID.rawValue.isEmpty && after.content.isEmpty)
            // The list's own event only: nothing on the person's trail, as nothing of theirs was shown.
            let events = try await stores.auditReader.recent(limit: 1)
            #expect(try await Fixture.auditCount(stores) == mark + 1 && events.first?.personID == nil)
            // Reviewed, it comes back as the list showed it.
            let reviewed = try await stores.disclosures.review(
                shared.id, upheld: true, note: "Risk to the partner was real and imminent.", expected: .init(1),
                by: westManager)
            #expect(reviewed.isMasked && reviewed.content.isEmpty && reviewed.review?.upheld == true)
        }
    }

    @Test(
        "Consent and sharing check the policy in their own transaction: once the claim ends, an episode read before is refused and nothing is written",
        arguments: TestDatabase.available)
    func sharingAfterClaimEnded(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let (east, west, person, eastManager, _) = try await Self.heldByEast(stores)
            let episode = try await stores.episodes.open(
                PersonStoreTests.episode(west), for: person.id, identifiedAt: Date(), claim: Self.claim, by: west.who)
            let consent = try await stores.consents.record(
                try ConsentAndDisclosureStoreTests.consent("given"), for: episode, by: west.who)
            try await Self.endClaim(on: episode.id, heldBy: east, manager: eastManager, stores)
            let before = try await Fixture.auditCount(stores)
            // `episode` was read (and the page authorised) before the claim ended.
            await #expect(throws: DomainError.self) {
                try await stores.disclosures.share(
                    ConsentAndDisclosureStoreTests.toPolice, from: episode, override: nil, by: west.who)
            }
            await #expect(throws: DomainError.self) {
                try await stores.consents.record(
                    try ConsentAndDisclosureStoreTests.consent("given"), for: episode, by: west.who)
            }
            await #expect(throws: DomainError.self) {
                try await stores.consents.withdraw(
                    consent.id, reason: "Changed her mind at the desk", expected: .init(1), by: west.who)
            }
            #expect(try await stores.disclosures.list(for: episode.id).isEmpty)
            #expect(try await Fixture.auditCount(stores) == before)
        }
    }

    @Test(
        "The claims list names the person only to a reader who may open the record: a claim whose episode closed unreviewed is masked for the claimant",
        arguments: TestDatabase.available)
    func claimsListMasked(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let (east, west, person, eastManager, westManager) = try await Self.heldByEast(stores)
            let episode = try await stores.episodes.open(
                PersonStoreTests.episode(west), for: person.id, identifiedAt: Date(), claim: Self.claim, by: west.who)
            func names(_ who: Attribution, _ organisation: Organisation) async throws -> [String] {
                try await stores.claims.claims(for: organisation.id, by: who).map {
                    $0.isMasked ? "masked" : $0.personName
                }
            }
            #expect(try await names(westManager, west.organisation) == ["HASSAN, Amira"])
            // The episode closes before anyone reviews the claim: still pending, but no longer a relationship.
            _ = try await stores.episodes.close(episode.id, reason: .completed, expected: .init(1), by: west.who)
            #expect(try await !Self.sees(stores, westManager, person.id))
            let listed = try await stores.claims.claims(for: west.organisation.id, by: westManager)
            #expect(listed.map(\.claim.status) == [.pending] && listed.map(\.isMasked) == [true])
            #expect(listed.map(\.personName) == [""])
            // East holds the record: its managers still see whose it is.
            #expect(try await names(eastManager, east.organisation) == ["HASSAN, Amira"])
        }
    }

    @Test(
        "An unreviewed claim ends after 28 days even with its episode open", arguments: TestDatabase.available)
    func claimExpires(_ database: TestDatabase) async throws {
        let clock = TestClock()
        try await database.withStores(clock: clock.clock) { stores in
            let (_, west, person, _, _) = try await Self.heldByEast(stores)
            _ = try await stores.episodes.open(
                PersonStoreTests.episode(west), for: person.id, identifiedAt: Date(), claim: Self.claim, by: west.who)
            clock.advance(by: RelationshipClaim.unreviewedLimit - 60)
            #expect(try await Self.sees(stores, west.who, person.id))
            clock.advance(by: 120)
            #expect(try await !Self.sees(stores, west.who, person.id))
        }
    }

    @Test(
        "A restricted record is never claimed into; taking or being allocated its episode does not open it; the work list hides its name",
        arguments: TestDatabase.available)
    func restricted(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let (east, west, person, eastManager, westManager) = try await Self.heldByEast(stores)
            var details = person.details
            details.isRestricted = true
            _ = try await stores.people.update(person.id, with: details, expected: .init(1), by: east.who)
            await #expect(throws: DomainError.self) {
                _ = try await stores.episodes.open(
                    PersonStoreTests.episode(west), for: person.id, identifiedAt: Date(), claim: Self.claim,
                    by: west.who)
            }
            #expect(try await stores.episodes.list(for: person.id).count == 1)

            // A colleague at East takes the episode: still not theirs to open.
            let colleague = Attribution(
                Actor(
                    user: try await Fixture.user(stores, email: "colleague@east.test", organisation: east.organisation))
            )
            let episode = try #require(try await stores.episodes.list(for: person.id).first)
            _ = try await stores.episodes.allocate(
                episode.id, to: colleague.actor.userID, expected: .init(episode.version), by: colleague)
            #expect(try await !Self.sees(stores, colleague, person.id))
            #expect(try await Self.sees(stores, east.who, person.id))
            #expect(try await Self.sees(stores, eastManager, person.id))
            let shown = try await stores.episodes.open(of: east.organisation.id, by: colleague)
            #expect(shown.map(\.personName) == [WorklistItem.restrictedName] && shown.allSatisfy(\.isMasked))
            #expect(
                try await stores.episodes.open(of: east.organisation.id, by: east.who).map(\.personName) == [
                    "HASSAN, Amira"
                ])

            // Break-glass lets West read; working on it is still a claim, reviewed by the holder.
            try await stores.people.breakGlass(
                person.id, reason: "Collapsed in our cells, need known risks and medication now", by: west.who)
            // West's manager reviews their practitioner's break-glass without being told whose record it was.
            let reviewed = try await stores.people.breakGlassGrants(of: west.organisation.id, by: westManager)
            #expect(reviewed.count == 1 && reviewed[0].personName == nil && reviewed[0].reason.hasPrefix("Collapsed"))
            #expect(try await stores.auditReader.recent(limit: 1).first?.action == "person.break_glass")
            await #expect(throws: ValidationFailure.self) {
                _ = try await stores.episodes.open(
                    PersonStoreTests.episode(west), for: person.id, identifiedAt: Date(), by: west.who)
            }
            _ = try await stores.episodes.open(
                PersonStoreTests.episode(west), for: person.id, identifiedAt: Date(), claim: Self.claim, by: west.who)
            #expect(try await stores.claims.claims(for: east.organisation.id, by: eastManager).count == 1)
            // The holder's managers see the other organisation's break-glass on their record.
            let grants = try await stores.people.breakGlassGrants(of: east.organisation.id, by: eastManager)
            #expect(grants.map(\.organisationID) == [west.organisation.id] && grants.first?.personID == person.id)
            #expect(grants.first?.personName == "HASSAN, Amira")
            let review = try #require(try await stores.auditReader.recent(limit: 1).first)
            #expect(review.action == "person.break_glass_review" && review.personID == person.id.rawValue)
        }
    }

    @Test(
        "Merges: both records visible to the proposer and the deciding manager; the holders see the confirmed merge",
        arguments: TestDatabase.available)
    func merges(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let (east, west, theirs, eastManager, westManager) = try await Self.heldByEast(stores)
            let merge = try await Self.proposeAfterClaiming(stores, west, theirs.id)
            let confirmed = try await stores.merges.confirm(merge.id, expected: .init(1), by: westManager)
            #expect(confirmed.status == .confirmed)
            // East held the duplicate: told of the merge, and able to reverse it.
            #expect(try await stores.merges.list(by: eastManager).map(\.id) == [merge.id])
            let reversed = try await stores.merges.reverse(
                merge.id, expected: .init(2),
                by: Attribution(eastManager.actor, reason: "Different people: the GP record has two NHS numbers"))
            #expect(reversed.status == .reversed)
        }
    }

    @Test(
        "A manager cannot decide a merge of a record they cannot open, and nothing moves",
        arguments: TestDatabase.available)
    func mergeDecisionNeedsBoth(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let (_, west, theirs, _, westManager) = try await Self.heldByEast(stores)
            let merge = try await Self.proposeAfterClaiming(stores, west, theirs.id)
            // The claim's episode closes before the decision: the manager no longer sees the duplicate.
            let claimEpisode = try #require(
                try await stores.episodes.list(for: theirs.id).first { $0.organisationID == west.organisation.id })
            _ = try await stores.episodes.close(claimEpisode.id, reason: .completed, expected: .init(1), by: west.who)
            await #expect(throws: DomainError.self) {
                _ = try await stores.merges.confirm(merge.id, expected: .init(1), by: westManager)
            }
            #expect(try await stores.merges.find(merge.id)?.status == .proposed)
            #expect(try await stores.episodes.list(for: theirs.id).count == 2)
        }
    }
}
