import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

@Suite("Sites shared between organisations")
struct SharedSiteStoreTests {
    @Test(
        "A partner works at a site beside its owner: its episodes are its own, each sees only its own work there; others may not record there",
        arguments: TestDatabase.available)
    func partners(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let trust = try await PersonStoreTests.world(stores, name: "Trust")
            let charity = try await PersonStoreTests.world(stores, name: "Charity")
            let stranger = try await PersonStoreTests.world(stores, name: "Stranger")
            let borough = try await stores.boroughs.list().first!
            let setup = Attribution(.commandLine)
            let court = try await stores.sites.create(
                try SiteDraft(
                    name: "Thames Magistrates' Court", kind: "magistrates_court", boroughID: borough.id.rawValue,
                    partnerIDs: [charity.organisation.id.rawValue]
                ).validated(), for: trust.organisation.id, by: setup)
            #expect(court.partners == [charity.organisation.id] && court.isServed(by: charity.organisation.id))
            #expect(!court.isServed(by: stranger.organisation.id))
            #expect(try await stores.sites.list().first { $0.id == court.id }?.partners == [charity.organisation.id])
            await #expect(throws: ValidationFailure.self) {
                try await stores.sites.update(
                    court.id,
                    with: try SiteDraft(
                        name: court.name, kind: "magistrates_court", boroughID: borough.id.rawValue,
                        partnerIDs: [trust.organisation.id.rawValue]
                    ).validated(), expected: .init(court.version), by: setup)
            }

            let atCourt = try EpisodeDraft(
                siteID: court.id.rawValue, pathwayPoint: "magistrates_court", referralSource: "court_staff",
                urgency: "routine"
            ).validated()
            let (_, theirs) = try await stores.people.create(
                PersonStoreTests.details("Ann", "Trust"), firstEpisode: atCourt, identifiedAt: Date(), by: trust.who)
            let (_, ours) = try await stores.people.create(
                PersonStoreTests.details("Bea", "Charity"), firstEpisode: atCourt, identifiedAt: Date(),
                by: charity.who)
            #expect(theirs.organisationID == trust.organisation.id && ours.organisationID == charity.organisation.id)
            await #expect(throws: ValidationFailure.self) {
                try await stores.people.create(
                    PersonStoreTests.details("Cy", "Stranger"), firstEpisode: atCourt, identifiedAt: Date(),
                    by: stranger.who)
            }
            let day = CalendarDate(Date())
            for (world, expected) in [(trust, theirs.id), (charity, ours.id)] {
                let list = try await stores.episodes.worklist(
                    WorklistFilter(), page: ListPage(size: 50, number: 1), of: world.organisation.id, today: day,
                    withLoads: false, by: world.who)
                #expect(list.items.map(\.episode.id).contains(expected))
                #expect(list.items.filter { $0.episode.siteID == court.id }.count == 1, "each sees its own work there")
            }
            // The page's sites and staff come in the same use case: the partner's list offers the shared court.
            for world in [trust, charity, stranger] {
                let list = try await stores.episodes.worklist(
                    WorklistFilter(), page: ListPage(size: 50, number: 1), of: world.organisation.id, today: day,
                    withLoads: false, withDirectory: true, by: world.who)
                let served = try await stores.sites.list().filter { $0.isServed(by: world.organisation.id) }
                #expect(list.sites.map(\.id) == served.map(\.id))
                #expect(
                    list.sites.contains { $0.id == court.id } == (world.organisation.id != stranger.organisation.id))
                let practitioners = try await stores.users.list(of: world.organisation.id).filter {
                    $0.isActive && !$0.roles.isDisjoint(with: [.practitioner, .womensPractitioner])
                }
                #expect(!list.staff.isEmpty && list.staff.map(\.id) == practitioners.map(\.id))
            }
            // The partner records a hearing at the shared court and covers it with a team.
            _ = try await stores.hearings.record(
                try HearingDraft(
                    courtID: court.id.rawValue, date: [String(day.day), String(day.month), String(day.year)],
                    session: "", courtroom: "", caseReference: "01TH1"
                ).validated(), for: ours, by: charity.who)
            _ = try await stores.teams.create(
                try TeamDraft(name: "Thames court team", siteIDs: [court.id.rawValue]).validated(),
                for: charity.organisation.id, by: setup)
            await #expect(throws: ValidationFailure.self) {
                try await stores.teams.create(
                    try TeamDraft(name: "Not ours", siteIDs: [court.id.rawValue]).validated(),
                    for: stranger.organisation.id, by: setup)
            }
        }
    }
}
