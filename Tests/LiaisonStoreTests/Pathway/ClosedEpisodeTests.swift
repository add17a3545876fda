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
            let (world, episode) = try await PersonStoreTests.onePerson(stores)
            let service = try await ReferralStoreTests.service(stores, world)
            let closed = try await stores.episodes.close(
                episode.id, reason: .completed, expected: .init(1), by: world.who)
            // Closed again from a page read before: a conflict, not "already closed".
            await #expect(throws: DomainError.staleVersion(current: closed.version)) {
                _ = try await stores.episodes.close(episode.id, reason: .completed, expected: .init(1), by: world.who)
            }
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

@Suite("Referrals carry the day they were made")
struct ReferralDateTests {
    @Test(
        "A referral made yesterday and entered today keeps yesterday's date, and can be sent yesterday; not before the episode, not tomorrow",
        arguments: TestDatabase.available)
    func backDated(_ database: TestDatabase) async throws {
        let clock = TestClock()
        try await database.withStores(clock: clock.clock) { stores in
            let world = try await PersonStoreTests.world(stores)
            let (_, episode) = try await stores.people.create(
                PersonStoreTests.details(), firstEpisode: PersonStoreTests.episode(world),
                identifiedAt: clock.now.addingTimeInterval(-2 * 86_400), by: world.who)
            let service = try await ReferralStoreTests.service(stores, world)
            func draft(daysAgo: Int) throws -> ValidReferral {
                let day = CalendarDate(clock.now.addingTimeInterval(-Double(daysAgo) * 86_400))
                return try ReferralDraft(
                    serviceID: service.id.rawValue, reason: "Sofa surfing", needs: ["housing"],
                    madeOn: [String(day.day), String(day.month), String(day.year)]
                ).validated()
            }
            for daysAgo in [-1, 3] {
                await #expect(throws: ValidationFailure.self) {
                    _ = try await stores.referrals.create(try draft(daysAgo: daysAgo), from: episode, by: world.who)
                }
            }
            let referral = try await stores.referrals.create(try draft(daysAgo: 1), from: episode, by: world.who)
            let yesterday = CalendarDate(clock.now.addingTimeInterval(-86_400))
            #expect(referral.steps.first?.occurredOn == yesterday)
            let sent = try await stores.referrals.record(
                ReferralStepDraft(
                    status: "sent", day: String(yesterday.day), month: String(yesterday.month),
                    year: String(yesterday.year), supported: "", closureReason: "", note: ""),
                on: referral.id, expected: .init(1), by: world.who)
            #expect(sent.status == .sent && sent.steps.last?.occurredOn == yesterday)
        }
    }

    @Test(
        "Something new recorded while the episode's close is being written waits for it and is refused (PostgreSQL: two transactions interleaved)",
        arguments: TestDatabase.available.filter { $0 == .postgres })
    func newRecordWaitsForClose(_ database: TestDatabase) async throws {
        try await database.withDatabase { database in
            let stores = Stores(database: database, clock: TestClock().clock, ids: .sequential())
            let (world, episode) = try await PersonStoreTests.onePerson(stores)
            let (waited, recorded) = try await Interleaved.run(on: database) { one in
                // The close, as EpisodeStore.close writes it, not yet committed.
                try await one.raw(
                    "UPDATE episodes SET closed_at = '2026-01-01T00:00:00.000Z', version = version + 1 WHERE id = \(bind: episode.id.rawValue)"
                ).run()
            } second: { two in
                do {
                    _ = try await SQLEpisodeStore.requireRecordable(
                        episode.id, new: "screening", by: world.who, now: Timestamp.text(Date()), on: two)
                    return true
                } catch DomainError.ruleBroken {
                    return false
                }
            }
            #expect(waited)
            #expect(recorded == false, "recorded on an episode closed a moment before")
        }
    }
}
