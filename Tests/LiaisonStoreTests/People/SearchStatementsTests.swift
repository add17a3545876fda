import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

/// A search's reads (issue 22: p95 at a million people on PostgreSQL): the blocks and the counts of the asked
/// values together, then the best records with their names together, then who works with those shown.
@Suite("Search statements")
struct SearchStatementsTests {
    @Test(
        "A search after training: on PostgreSQL three statements and no transaction before its audit; on SQLite one snapshot",
        arguments: TestDatabase.available)
    func statements(_ engine: TestDatabase) async throws {
        let statements = StatementLog()
        try await engine.withDatabase(logger: statements.logger) { database in
            let time = TestClock()
            let stores = Stores(database: database, clock: time.clock, ids: .sequential())
            let world = try await PersonStoreTests.world(stores)
            _ = try await MatchStoreTests.register(stores, world)
            let (person, _) = try await stores.people.create(
                PersonStoreTests.details("Zebedee", "Quartermaine", dob: (1984, 2, 29)),
                firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(), by: world.who)
            _ = try await stores.matches.train(thresholds: nil, randomPairs: 20_000, by: world.who, progress: { _ in })
            _ = try await stores.matches.parameters()
            statements.clear()
            let found = try await stores.people.search(
                PersonQuery(
                    givenName: "Zebedee", familyName: "Quartermain",
                    dateOfBirth: CalendarDate(year: 1984, month: 2, day: 29)), by: world.who)
            #expect(found.first?.person.id == person.id)
            let all = statements.all
            // A name with the other's initial is read to 40 entries (at a million people its block is mostly a
            // crowd), every other key to 150.
            let blocks = try #require(all.first { $0.contains("person_match_keys") })
            #expect(blocks.contains("LIMIT 40") && blocks.contains("LIMIT 150"))
            #expect(blocks.components(separatedBy: "LIMIT 40").count - 1 == 2, "the two name-and-initial keys")
            switch engine {
            case .sqlite:
                // A snapshot of the blocks, the counts, the records, their names and the relationships.
                let reads = Array(all.prefix(all.firstIndex { $0 == "BEGIN IMMEDIATE" } ?? all.count))
                #expect(reads.first == "BEGIN" && reads.last == "COMMIT", "\(reads.map { $0.prefix(50) })")
                #expect(reads.contains { $0.contains("match_term_frequencies") })
            case .postgres:
                // No transaction: each statement is a snapshot of its own.
                let beforeWrite = Array(all.prefix(all.firstIndex { $0.hasPrefix("BEGIN") } ?? all.count))
                #expect(beforeWrite.count == 3, "\(beforeWrite.map { $0.prefix(50) })")
                #expect(
                    beforeWrite.first.map { $0.contains("person_match_keys") && $0.contains("match_term_frequencies") }
                        == true)
                #expect(beforeWrite.dropFirst().first.map { $0.contains("person_names") } == true)
            }
        }
    }
}
