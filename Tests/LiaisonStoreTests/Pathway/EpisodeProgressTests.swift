import Foundation
import LiaisonCore
import LiaisonTestSupport
import SQLKit
import Testing

@testable import LiaisonStore

/// Each episode's progress is kept on the episode by the writes that change it (`EpisodeProgress`); what is kept
/// must always be what the records say.
@Suite("Episode progress kept on the episode")
struct EpisodeProgressTests {
    /// Each episode's kept progress beside the progress its records give, for every episode.
    static func keptAndDerived(_ database: Database) async throws -> (kept: [String: [Bool]], derived: [String: [Bool]])
    {
        try await database.withConnection { db in
            let rows = try await db.raw(
                """
                SELECT id, is_screened, is_assessed, is_referred,
                EXISTS (SELECT 1 FROM screening_responses s WHERE s.episode_id = episodes.id AND s.is_complete = \(bind: true)) AS screened,
                EXISTS (SELECT 1 FROM assessments a WHERE a.episode_id = episodes.id AND a.completed_at IS NOT NULL) AS assessed,
                EXISTS (SELECT 1 FROM referrals r WHERE r.episode_id = episodes.id) AS referred
                FROM episodes
                """
            ).all()
            var kept: [String: [Bool]] = [:]
            var derived: [String: [Bool]] = [:]
            for row in rows {
                let id = try row.decode(column: "id", as: String.self)
                kept[id] = try ["is_screened", "is_assessed", "is_referred"].map {
                    try row.decode(column: $0, as: Bool.self)
                }
                derived[id] = try ["screened", "assessed", "referred"].map { try row.decode(column: $0, as: Bool.self) }
            }
            return (kept, derived)
        }
    }

    @Test(
        "The demo's episodes carry the progress their records give, and the migration's backfill sets it again",
        arguments: TestDatabase.available)
    func demoAndBackfill(_ database: TestDatabase) async throws {
        try await database.withDatabase { database in
            let stores = Stores(database: database, clock: TestClock().clock, ids: .sequential())
            try await DemoLoader(stores: stores, hashPassword: { "hash-of-\($0.count)" }).load { _, _, _ in }
            try await DemoPeople(stores: stores, seed: 21, now: Date()).load(count: 150) { _ in }
            let (kept, derived) = try await Self.keptAndDerived(database)
            #expect(kept.count > 100 && kept == derived)
            // Every kind of progress occurs, so the comparison covers each.
            for index in 0..<3 { #expect(derived.values.contains { $0[index] }) }
            try await database.transaction { db in
                try await db.raw(
                    "UPDATE episodes SET is_screened = \(bind: false), is_assessed = \(bind: false), is_referred = \(bind: false)"
                ).run()
                try await EpisodeProgress.refreshAll(on: db)
            }
            #expect(try await Self.keptAndDerived(database).kept == derived)
        }
    }

    @Test(
        "A draft screening leaves an episode identified; completing it, referring and completing an assessment move it on",
        arguments: TestDatabase.available)
    func writesKeepIt(_ database: TestDatabase) async throws {
        try await database.withDatabase { database in
            let stores = Stores(database: database, clock: TestClock().clock, ids: .sequential())
            let (world, episode) = try await PersonStoreTests.onePerson(stores)
            let draft = try await stores.screenings.record(
                Instruments.gad7, answers: ["1": 1], on: episode.id, by: world.who)
            #expect(try await stores.episodes.find(episode.id)?.status == .identified)
            _ = try await stores.screenings.continueDraft(
                draft.id, answers: Dictionary(uniqueKeysWithValues: (1...7).map { ("\($0)", 1) }),
                expected: .init(draft.version), by: world.who)
            #expect(try await stores.episodes.find(episode.id)?.status == .screened)
            let service = try await ReferralStoreTests.service(stores, world)
            _ = try await stores.referrals.create(
                try ReferralDraft(serviceID: service.id.rawValue, reason: "Housing", needs: ["housing"]).validated(),
                on: episode.id, by: world.who)
            #expect(try await stores.episodes.find(episode.id)?.status == .referred)
            let (kept, derived) = try await Self.keptAndDerived(database)
            #expect(kept == derived)
        }
    }

    @Test(
        "Two writes to one episode's progress at once (a screening completed, an assessment completed) keep both flags on PostgreSQL: the second waits on the row and then reads what the first committed",
        arguments: TestDatabase.available.filter { $0 == .postgres })
    func concurrentWritesKeepBoth(_ database: TestDatabase) async throws {
        try await database.withDatabase { database in
            let stores = Stores(database: database, clock: TestClock().clock, ids: .sequential())
            let (world, episode) = try await PersonStoreTests.onePerson(stores)
            _ = try await stores.screenings.record(Instruments.gad7, answers: ["1": 1], on: episode.id, by: world.who)
            _ = try await stores.assessments.save(
                try AssessmentStoreTests.section(.needs), for: episode, expected: nil, by: world.who)
            let id = episode.id.rawValue
            // Each completes one record and refreshes, as two server processes would.
            let (waited, _) = try await Interleaved.run(on: database) { one in
                try await one.raw("UPDATE screening_responses SET is_complete = TRUE WHERE episode_id = \(bind: id)")
                    .run()
                try await EpisodeProgress.refresh([id], on: one)
            } second: { two in
                try await two.raw(
                    "UPDATE assessments SET completed_at = '2026-01-01T00:00:00.000Z' WHERE episode_id = \(bind: id)"
                ).run()
                try await EpisodeProgress.refresh([id], on: two)
            }
            #expect(waited)
            let kept = try await Self.keptAndDerived(database).kept[id]
            #expect(kept?[0] == true && kept?[1] == true)
        }
    }
}
