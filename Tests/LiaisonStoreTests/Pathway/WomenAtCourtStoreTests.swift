import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

@Suite("Women at court list")
struct WomenAtCourtStoreTests {
    @Test(
        "Women identified at the organisation's courts on a London day, open or closed; the day follows British Summer Time",
        arguments: TestDatabase.available)
    func londonDay(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let world = try await PersonStoreTests.world(stores)
            let borough = try await stores.boroughs.list().first!
            let court = try await Fixture.site(
                stores, name: "Westminster Magistrates' Court", organisation: world.organisation, borough: borough,
                kind: "magistrates_court")
            let values = try EpisodeDraft(
                siteID: court.id.rawValue, pathwayPoint: "magistrates_court", referralSource: "court_staff",
                urgency: "routine"
            ).validated()
            func woman(_ given: String, at instant: String) async throws -> Episode {
                var details = PersonStoreTests.details(given, "Court")
                details.statedGender = .female
                return try await stores.people.create(
                    details, firstEpisode: values, identifiedAt: try Timestamp.date(instant), by: world.who
                ).1
            }
            // 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
            let early = try await woman("Early", at: "2026-06-30T23:30:00.000Z")
            _ = try await woman("Late", at: "2026-07-01T22:59:00.000Z")
            _ = try await woman("Before", at: "2026-06-30T22:59:00.000Z")
            _ = try await woman("After", at: "2026-07-01T23:00:00.000Z")
            _ = try await stores.episodes.close(early.id, reason: .noNeedsIdentified, expected: .init(1), by: world.who)
            let day = CalendarDate(year: 2026, month: 7, day: 1)!
            let list = try await stores.episodes.womenAtCourt(of: world.organisation.id, on: day, by: world.who)
            #expect(list.map(\.personName) == ["COURT, Early", "COURT, Late"])
            #expect(list.first?.episode.status == .closed)
        }
    }
}
