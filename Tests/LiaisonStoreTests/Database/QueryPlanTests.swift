import Foundation
import LiaisonCore
import LiaisonTestSupport
import Logging
import SQLKit
import Testing

@testable import LiaisonStore

/// Every statement the page and list use cases run is planned through an index: none scans the people, episodes
/// or audit events tables, which grow with the register (issue 21: the pages must not scan at 100,000 people).
@Suite("Query plans")
struct QueryPlanTests {
    /// The tables that grow with the register, and the aliases the work-list query gives them (a plan names the alias).
    static let growing = [
        "people", "episodes", "audit_events", "assessments", "screening_responses", "referrals", "e", "p", "s", "a",
        "r",
    ]

    @Test("The person page, work lists, caseload, search and the audit page plan every statement through an index")
    func noScans() async throws {
        let statements = StatementLog()
        let logger = statements.logger
        try await TestDatabase.sqlite.withDatabase(logger: logger) { database in
            let stores = Stores(database: database, clock: TestClock().clock, ids: .sequential())
            let world = try await PersonStoreTests.world(stores)
            let (person, episode) = try await stores.people.create(
                PersonStoreTests.details(), firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(),
                by: world.who)
            _ = try await stores.episodes.allocate(
                episode.id, to: world.who.actor.userID, expected: ExpectedVersion(episode.version), by: world.manager)
            statements.clear()
            _ = try await stores.people.record(person.id, by: world.who)
            _ = try await stores.episodes.open(of: world.organisation.id, by: world.who)
            // The whole list, a caseload, and today's arrivals waiting for screening.
            for status in [nil, EpisodeStatus.referred, EpisodeStatus.identified] {
                var filter = WorklistFilter()
                filter.status = status
                filter.allocatedTo = status == .referred ? world.who.actor.userID : nil
                filter.arrivedToday = status == .identified
                _ = try await stores.episodes.worklist(
                    filter, page: ListPage(size: 50, number: 1), of: world.organisation.id,
                    today: PersonStoreTests.today, withLoads: true, by: world.who)
            }
            _ = try await stores.people.search(
                PersonQuery(givenName: "Amira", familyName: "Hassan", dateOfBirth: PersonStoreTests.today),
                by: world.who)
            _ = try await stores.auditReader.recent(limit: 200)
            let selects = Set(statements.all.filter { $0.uppercased().hasPrefix("SELECT") })
            #expect(selects.count > 10)
            let scans = try await database.withConnection { db in
                var scans: [String] = []
                for sql in selects.sorted() {
                    let plan = try await db.raw(SQLQueryString("EXPLAIN QUERY PLAN " + sql)).all()
                        .map { try $0.decode(column: "detail", as: String.self) }
                    // Walking a table in its key's order and stopping at a LIMIT reads only that many rows.
                    let ordered = sql.contains(" LIMIT ") && !plan.contains { $0.contains("TEMP B-TREE") }
                    if ProcessInfo.processInfo.environment["SHOW_PLANS"] != nil { print("PLAN", sql.prefix(120), plan) }
                    for detail in plan
                    where Self.growing.contains(where: { detail == "SCAN \($0)" || detail.hasPrefix("SCAN \($0) ") })
                        && !(ordered && Self.growing.contains { detail == "SCAN \($0)" })
                    {
                        scans.append("\(detail)   ← \(sql)")
                    }
                }
                // The detector sees a scan when there is one: no index covers an address.
                let control = try await db.raw("EXPLAIN QUERY PLAN SELECT id FROM people WHERE address = 'x'").all()
                    .map { try $0.decode(column: "detail", as: String.self) }
                #expect(control.contains("SCAN people"))
                return scans
            }
            #expect(scans.isEmpty, "\(scans.joined(separator: "\n"))")
        }
    }
}
