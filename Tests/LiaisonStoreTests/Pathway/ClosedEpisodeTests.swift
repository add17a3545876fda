import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

@Suite("Nothing new on a closed episode")
struct ClosedEpisodeTests {
    @Test(
        "A closed episode takes no screening, assessment, referral or consent, even by URL, and nothing is written",
        arguments: TestDatabase.available)
    func closedEpisode(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let world = try await PersonStoreTests.world(stores)
            let (_, episode) = try await stores.people.create(
                PersonStoreTests.details(), firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(),
                by: world.who)
            let service = try await ReferralStoreTests.service(stores, world)
            let closed = try await stores.episodes.close(
                episode.id, reason: .completed, expected: .init(1), by: world.who)
            let before = try await Fixture.auditCount(stores)
            // The value the caller holds may be stale: the store reads the episode again.
            await #expect(
                throws: DomainError.ruleBroken(
                    "This episode is closed, so no screening can be recorded on it: open a new episode")
            ) {
                _ = try await stores.screenings.record(Instruments.gad7, answers: ["1": 1], for: episode, by: world.who)
            }
            await #expect(throws: DomainError.self) {
                _ = try await stores.referrals.create(
                    try ReferralDraft(serviceID: service.id.rawValue, reason: "Housing", needs: ["housing"])
                        .validated(), from: closed, by: world.who)
            }
            await #expect(throws: DomainError.self) {
                _ = try await stores.assessments.save(
                    try AssessmentSectionDraft(section: .needs, values: ["need.housing": "yes"], isFinished: false)
                        .validated(), for: closed, expected: nil, by: world.who)
            }
            await #expect(throws: DomainError.self) {
                _ = try await stores.consents.record(
                    try ConsentDraft(
                        decision: "given", recipients: ["police"], purposes: ["charging_decision"], capacityNote: "",
                        expiresOn: []
                    ).validated(today: CalendarDate(year: 2000, month: 1, day: 1)!), for: closed, by: world.who)
            }
            #expect(try await stores.screenings.list(for: episode.personID).isEmpty)
            #expect(try await stores.referrals.list(for: episode.personID).isEmpty)
            #expect(try await Fixture.auditCount(stores) == before)
        }
    }
}
