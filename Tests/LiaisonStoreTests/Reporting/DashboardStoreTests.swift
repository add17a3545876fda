import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

@Suite("Dashboard store")
struct DashboardStoreTests {
    static func at(_ year: Int, _ month: Int, _ day: Int) -> Date {
        NationalReturnStoreTests.day(year, month, day)
    }

    static func episode(_ world: PersonStoreTests.World, _ point: String) throws -> ValidEpisode {
        try EpisodeDraft(
            siteID: world.site.id.rawValue, pathwayPoint: point, referralSource: "police_custody_staff",
            urgency: "routine"
        ).validated()
    }

    @Test(
        "December's figures on a hand-built set: people and episodes, by point, sex, age and ethnic group, seen before, the previous period and the population",
        arguments: TestDatabase.available)
    func december(_ database: TestDatabase) async throws {
        let clock = TestClock()
        try await database.withStores(clock: clock.clock) { stores in
            let world = try await PersonStoreTests.world(stores)
            let west = try await PersonStoreTests.world(stores, name: "West")
            // Amira, 36, Black African: seen twice in December (custody, then court).
            let (amira, _) = try await stores.people.create(
                PersonStoreTests.details("Amira", "Hassan"), firstEpisode: try Self.episode(world, "police_custody"),
                identifiedAt: Self.at(2026, 12, 5), by: world.who)
            _ = try await stores.episodes.open(
                try Self.episode(world, "magistrates_court"), for: amira.id, identifiedAt: Self.at(2026, 12, 20),
                claim: nil, by: world.who)
            // Grace, 16, White British.
            var grace = PersonStoreTests.details("Grace", "Young", dob: (2010, 6, 1))
            grace.ethnicity = .whiteBritish
            _ = try await stores.people.create(
                grace, firstEpisode: try Self.episode(world, "police_custody"), identifiedAt: Self.at(2026, 12, 10),
                by: world.who)
            // Tom, 66, Indian: first seen in November, again in December.
            var tom = PersonStoreTests.details("Tom", "Older", dob: (1960, 1, 1))
            tom.statedGender = .male
            tom.ethnicity = .asianIndian
            let (older, _) = try await stores.people.create(
                tom, firstEpisode: try Self.episode(world, "police_custody"), identifiedAt: Self.at(2026, 11, 20),
                by: world.who)
            _ = try await stores.episodes.open(
                try Self.episode(world, "police_custody"), for: older.id, identifiedAt: Self.at(2026, 12, 15),
                claim: nil, by: world.who)
            // Amira's custody episode: a complete PHQ-9 and a referral that was accepted, then attended with support.
            let amiraEpisode = try #require(try await stores.episodes.list(for: amira.id).last)
            _ = try await stores.screenings.record(
                try #require(Instruments.find("phq9")),
                answers: Dictionary(uniqueKeysWithValues: (1...9).map { (String($0), 1) }), on: amiraEpisode.id,
                by: world.who)
            let housingOptions = try await ReferralStoreTests.service(stores, world)
            let referral = try await stores.referrals.create(
                try ReferralDraft(serviceID: housingOptions.id.rawValue, reason: "No fixed address", needs: ["housing"])
                    .validated(), on: amiraEpisode.id, by: world.who)
            var version = referral.version
            for step in ["sent", "accepted"] {
                version = try await stores.referrals.record(
                    ReferralStoreTests.step(step), on: referral.id, expected: .init(version), by: world.who
                ).version
            }
            _ = try await stores.referrals.record(
                ReferralStoreTests.step("attended", supported: "yes"), on: referral.id, expected: .init(version),
                by: world.who)
            // Outside the filter: another organisation's, and January's.
            _ = try await stores.people.create(
                PersonStoreTests.details("Wes", "Elsewhere"), firstEpisode: try Self.episode(west, "police_custody"),
                identifiedAt: Self.at(2026, 12, 10), by: west.who)
            _ = try await stores.people.create(
                PersonStoreTests.details("Jan", "Uary"), firstEpisode: try Self.episode(world, "police_custody"),
                identifiedAt: Self.at(2027, 1, 2), by: world.who)

            var filter = DashboardFilter(
                from: CalendarDate(year: 2026, month: 12, day: 1)!, until: CalendarDate(year: 2027, month: 1, day: 1)!)
            filter.organisationID = world.organisation.id
            let counts = try await stores.dashboard.counts(filter, by: world.manager)
            #expect(counts.people == 3 && counts.episodes == 4)
            #expect(counts.byPathwayPoint == [.policeCustody: 3, .magistratesCourt: 1])
            #expect(counts.atPoliceStations == 3 && counts.atCrownCourts == 0)
            #expect(counts.bySex == [.female: 2, .male: 1])
            #expect(counts.byAgeBand == [.under18: 1, .adult: 1, .older: 1])
            #expect(counts.byBroadEthnicGroup.filter { $0.1 > 0 }.map(\.0) == ["White", "Asian", "Black"])
            #expect(counts.seenBefore == 1)
            #expect(counts.previousPeople == 1 && counts.previousEpisodes == 1)
            #expect(counts.population == 259_200 && counts.ratePer100k == 1.2)
            #expect(counts.screened == 1 && counts.assessed == 0)
            // The PHQ-9 was recorded on the test clock's day: that long after Amira was identified.
            let waited = Int((clock.now.timeIntervalSince(Self.at(2026, 12, 5)) / 60).rounded())
            #expect(counts.toScreening == Percentiles(count: 1, median: waited, p90: waited))
            #expect(counts.toAssessment == nil)
            #expect(
                counts.referrals == [.housingOptions: ReferralFunnel(made: 1, accepted: 1, supported: 1, attended: 1)])
            // December's cohort: Amira (seen again on the 20th), Grace (not again), Tom (first in December here,
            // not again after the 15th); January's episode is another person. Follow-up runs to 1 January 2028.
            #expect(
                counts.recontact == [
                    Recontact(month: ReturnMonth("2026-12")!, people: 3, seenAgain: 1, isComplete: false)
                ])

            filter.womenOnly = true
            let women = try await stores.dashboard.counts(filter, by: world.manager)
            #expect(women.people == 2 && women.episodes == 3 && women.bySex == [.female: 2])
            filter.womenOnly = false
            filter.organisationID = nil
            await #expect(throws: DomainError.self) { try await stores.dashboard.counts(filter, by: world.manager) }
            let service = try await stores.dashboard.counts(filter, by: Attribution(.commandLine))
            #expect(service.people == 4 && service.episodes == 5)
            // November's cohort is Tom alone, seen again in December by the same service.
            filter.from = CalendarDate(year: 2025, month: 11, day: 1)!
            let year = try await stores.dashboard.counts(filter, by: Attribution(.commandLine))
            let november = try #require(year.recontact.first { $0.month.description == "2026-11" })
            #expect(november.people == 1 && november.seenAgain == 1 && november.percent == 100)
            #expect(year.recontact.count == 14 && year.recontact.first!.isComplete)
            await #expect(throws: DomainError.self) { try await stores.dashboard.counts(filter, by: world.who) }
        }
    }
}

extension DashboardStoreTests {
    @Test(
        "Times to screening: the median and the 90th percentile are the nearest-rank values of the episodes screened, on both engines",
        arguments: TestDatabase.available)
    func screeningTimes(_ database: TestDatabase) async throws {
        let clock = TestClock()
        try await database.withStores(clock: clock.clock) { stores in
            let world = try await PersonStoreTests.world(stores)
            // Five people identified 1 to 5 days before the clock, each screened at the clock's time; a sixth never.
            var waited: [Int] = []
            for days in 1...6 {
                let identified = clock.now.addingTimeInterval(-Double(days) * 86_400 - 600)
                let (_, episode) = try await stores.people.create(
                    PersonStoreTests.details("Given", "Family\(Character(UnicodeScalar(64 + days)!))"),
                    firstEpisode: try Self.episode(world, "police_custody"), identifiedAt: identified, by: world.who)
                guard days <= 5 else { continue }
                _ = try await stores.screenings.record(
                    try #require(Instruments.find("phq9")),
                    answers: Dictionary(uniqueKeysWithValues: (1...9).map { (String($0), 0) }), on: episode.id,
                    by: world.who)
                waited.append(days * 1440 + 10)
            }
            var filter = DashboardFilter(
                from: CalendarDate(clock.now.addingTimeInterval(-30 * 86_400)), until: CalendarDate(clock.now).next)
            filter.organisationID = world.organisation.id
            let counts = try await stores.dashboard.counts(filter, by: world.manager)
            // Five values: the median is the third, the 90th percentile (rank ⌈4.5⌉) the fifth.
            #expect(counts.screened == 5 && counts.episodes == 6)
            #expect(counts.toScreening == Percentiles(count: 5, median: waited[2], p90: waited[4]))
        }
    }
}
