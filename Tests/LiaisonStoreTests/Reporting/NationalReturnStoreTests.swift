import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

@Suite("National return store")
struct NationalReturnStoreTests {
    static func day(_ year: Int, _ month: Int, _ day: Int, hour: Double = 10) -> Date {
        CalendarDate(year: year, month: month, day: day)!.londonStart.addingTimeInterval(hour * 3600)
    }

    @Test(
        "A month's episodes of one provider, with their items as recorded; the next month's and other providers' left out",
        arguments: TestDatabase.available)
    func december(_ database: TestDatabase) async throws {
        let clock = TestClock()
        try await database.withStores(clock: clock.clock) { stores in
            let world = try await PersonStoreTests.world(stores)
            let west = try await PersonStoreTests.world(stores, name: "West")
            var housed = PersonStoreTests.details("Amira", "Hassan", nhs: "9434765919")
            housed.postcode = "E8 1AA"
            let (_, seen) = try await stores.people.create(
                housed, firstEpisode: PersonStoreTests.episode(world), identifiedAt: Self.day(2026, 12, 5),
                by: world.who)
            var draft = EpisodeDataItemsDraft(for: seen)
            draft.reason = "presentation"
            draft.seen = "yes"
            draft.firstContactDate = LondonTime.boxes(Self.day(2026, 12, 5))
            draft.firstContactTime = "10:40"
            draft.offence = "public_order"
            draft.learningDisability = "5"
            draft.autism = "2"
            _ = try await stores.episodeData.save(draft, on: seen.id, expected: nil, by: world.who)
            var homeless = PersonStoreTests.details("Grace", "Mensah", dob: (1985, 7, 1))
            homeless.noFixedAbode = true
            let (_, unrecorded) = try await stores.people.create(
                homeless, firstEpisode: PersonStoreTests.episode(world), identifiedAt: Self.day(2026, 12, 31, hour: 23),
                by: world.who)
            _ = try await stores.people.create(
                PersonStoreTests.details("Ola", "Next"), firstEpisode: PersonStoreTests.episode(world),
                identifiedAt: Self.day(2027, 1, 1, hour: 0.5), by: world.who)
            _ = try await stores.people.create(
                PersonStoreTests.details("Wes", "Elsewhere"), firstEpisode: PersonStoreTests.episode(west),
                identifiedAt: Self.day(2026, 12, 10), by: west.who)

            let december = try #require(ReturnMonth("2026-12"))
            let rows = try await stores.nationalReturn.nationalReturn(
                december, provider: world.organisation.id, by: world.manager)
            #expect(rows.map(\.episodeID) == [seen.id.rawValue, unrecorded.id.rawValue])
            let first = rows[0]
            #expect(first.organisationCode == "RWK" && first.nhsNumber == "9434765919" && first.postcode == "E8 1AA")
            #expect(first.hasItems && first.reason == "presentation" && first.learningDisability == "5")
            #expect(first.firstContactAt == Self.day(2026, 12, 5, hour: 10 + 40.0 / 60))
            #expect(first.referrals == 0 && first.screenedAt == nil && first.closedAt == nil)
            #expect(NationalReturn.problems(first).isEmpty)
            #expect(rows[1].noFixedAbode && !rows[1].hasItems)
            #expect(NationalReturn.problems(rows[1]).map(\.item) == ["REFERRAL_REASON"])

            // Every provider's from the command line; only a team manager of the organisation otherwise.
            let all = try await stores.nationalReturn.nationalReturn(
                december, provider: nil, by: Attribution(.commandLine))
            #expect(all.count == 3)
            await #expect(throws: DomainError.self) {
                try await stores.nationalReturn.nationalReturn(december, provider: world.organisation.id, by: world.who)
            }
            await #expect(throws: DomainError.self) {
                try await stores.nationalReturn.nationalReturn(
                    december, provider: world.organisation.id, by: west.manager)
            }
            await #expect(throws: DomainError.self) {
                try await stores.nationalReturn.nationalReturn(december, provider: nil, by: world.manager)
            }
            let events = try await stores.auditReader.recent(limit: 200).filter {
                $0.action == "national_return.export"
            }
            #expect(
                Set(events.filter { $0.personID == nil }.map(\.subjectID)) == [
                    "\(world.organisation.id.rawValue)/2026-12", "all/2026-12",
                ])
            // Each person whose data went out has the export on their trail.
            #expect(Set(all.map(\.personID)).isSubset(of: Set(events.compactMap(\.personID))))
            #expect(!all.isEmpty)
        }
    }

    @Test(
        "An episode on a claim that was then ended is counted, but who the person is is withheld, as Find a person masks them",
        arguments: TestDatabase.available)
    func endedClaimWithheld(_ database: TestDatabase) async throws {
        try await database.withStores(clock: TestClock().clock) { stores in
            let (east, west, person, eastManager, westManager) = try await RelationshipClaimStoreTests.heldByEast(
                stores)
            let episode = try await stores.episodes.open(
                PersonStoreTests.episode(west), for: person.id, identifiedAt: Self.day(2026, 12, 1, hour: 11),
                claim: RelationshipClaimStoreTests.claim, by: west.who)
            let december = try #require(ReturnMonth("2026-12"))
            let before = try #require(
                try await stores.nationalReturn.nationalReturn(
                    december, provider: west.organisation.id, by: westManager
                ).first)
            #expect(!before.isWithheld && before.personID == person.id.rawValue && !before.dateOfBirth.isEmpty)

            try await RelationshipClaimStoreTests.endClaim(on: episode.id, heldBy: east, manager: eastManager, stores)
            let mark = try await Fixture.auditCount(stores)
            let rows = try await stores.nationalReturn.nationalReturn(
                december, provider: west.organisation.id, by: westManager)
            let row = try #require(rows.first)
            #expect(rows.count == 1 && row.episodeID == episode.id.rawValue && row.isWithheld)
            #expect(row.personID.isEmpty && row.dateOfBirth.isEmpty && row.statedGender.isEmpty)
            #expect(row.nhsNumber == nil && row.postcode == nil && row.ethnicity.isEmpty)
            #expect(!NationalReturn.csv(rows).contains(person.id.rawValue))
            #expect(NationalReturn.problems(row).map(\.item) == ["LOCAL_PERSON_ID"])
            // Only the return's own event: nothing of the person's went out.
            #expect(try await Fixture.auditCount(stores) == mark + 1)
        }
    }
}
