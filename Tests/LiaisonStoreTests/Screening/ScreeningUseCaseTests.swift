import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

/// Recording a screening is one use case (issue 21): one transaction reads the episode's few facts, asks the
/// policy, keeps the response and its answers, and audits. It used to read the episode and its progress twice,
/// once outside the transaction, and insert each answer on its own.
@Suite("Screening record as one use case")
struct ScreeningUseCaseTests {
    @Test("A GAD-7 is one transaction of at most 8 statements, and another organisation is refused inside it")
    func oneTransaction() async throws {
        let statements = StatementLog()
        try await TestDatabase.sqlite.withDatabase(logger: statements.logger) { database in
            let stores = Stores(database: database, clock: TestClock().clock, ids: .sequential())
            let world = try await PersonStoreTests.world(stores)
            let (_, episode) = try await stores.people.create(
                PersonStoreTests.details(), firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(),
                by: world.who)
            let answers = Dictionary(uniqueKeysWithValues: (1...7).map { ("\($0)", 2) })
            statements.clear()
            let response = try await stores.screenings.record(
                Instruments.gad7, answers: answers, on: episode.id, by: world.who)
            #expect(statements.writeTransactions == 1)
            // The episode, the relationship, the response, its answers, the audit event's three, and the episode's
            // progress set from what it now records.
            #expect(statements.work.count <= 8, "\(statements.work.joined(separator: "\n"))")
            #expect(response.isComplete && response.score.total == 14 && response.personID == episode.personID)
            #expect(try await stores.screenings.find(response.id)?.answers == answers)

            let other = try await PersonStoreTests.world(stores, name: "Other")
            let before = try await Fixture.auditCount(stores)
            await #expect(throws: DomainError.self) {
                _ = try await stores.screenings.record(
                    Instruments.gad7, answers: answers, on: episode.id, by: other.who)
            }
            #expect(try await stores.screenings.list(for: episode.personID).count == 1)
            #expect(try await Fixture.auditCount(stores) == before)
        }
    }
}
