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

    /// The same tables by name, as a PostgreSQL plan names them.
    static let growingTables = [
        "people", "episodes", "audit_events", "assessments", "screening_responses", "referrals",
    ]

    @Test(
        "The person page, work lists, caseload, search and the audit page plan every statement through an index",
        arguments: TestDatabase.available)
    func noScans(_ engine: TestDatabase) async throws {
        let statements = StatementLog()
        let logger = statements.logger
        try await engine.withDatabase(logger: logger) { database in
            let stores = Stores(database: database, clock: TestClock().clock, ids: .sequential())
            let world = try await PersonStoreTests.world(stores)
            let (person, episode) = try await stores.people.create(
                PersonStoreTests.details(), firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(),
                by: world.who)
            _ = try await stores.episodes.allocate(
                episode.id, to: world.who.actor.userID, expected: ExpectedVersion(episode.version), by: world.manager)
            // A restricted record a colleague may not open: their filtered work list reads again without it.
            var restricted = PersonStoreTests.details("Nadia", "Okafor")
            restricted.isRestricted = true
            _ = try await stores.people.create(
                restricted, firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(), by: world.who)
            let colleague = Attribution(
                Actor(
                    user: try await Fixture.user(stores, email: "colleague@elft.test", organisation: world.organisation)
                ))
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
            var women = WorklistFilter()
            women.womenOnly = true
            _ = try await stores.episodes.worklist(
                women, page: ListPage(size: 50, number: 1), of: world.organisation.id, today: PersonStoreTests.today,
                withLoads: false, by: colleague)
            let remasked = statements.all.filter { $0.contains("NOT IN") }.count
            _ = try await stores.people.search(
                PersonQuery(givenName: "Amira", familyName: "Hassan", dateOfBirth: PersonStoreTests.today),
                by: world.who)
            _ = try await stores.auditReader.recent(limit: 200)
            _ = try await stores.auditReader.recent(actorsOf: world.organisation.id, limit: 200)
            let selects = Set(statements.all.filter { $0.uppercased().hasPrefix("SELECT") }).sorted()
            #expect(remasked == 2, "the counts and the filtered rows, read again without the masked record")
            // Every page's statements were seen (PostgreSQL reads each page's parts together, in fewer statements).
            #expect(selects.count > (engine == .sqlite ? 10 : 6))
            let scans = try await database.withConnection { db in
                switch engine {
                case .sqlite: try await Self.sqliteScans(selects, on: db)
                case .postgres: try await Self.postgresScans(selects, on: db)
                }
            }
            #expect(scans.isEmpty, "\(scans.joined(separator: "\n"))")
        }
    }

    @Test(
        "Recording a support contact reads the case, its goals and its person's relationships through indexes",
        arguments: TestDatabase.available)
    func contactReads(_ engine: TestDatabase) async throws {
        let statements = StatementLog()
        try await engine.withDatabase(logger: statements.logger) { database in
            let stores = Stores(database: database, clock: .system, ids: .sequential())
            let setting = try await SupportCaseStoreTests.setting(stores)
            let opened = try await stores.support.open(
                SupportCaseStoreTests.draft(worker: setting.worker.actor.userID), from: setting.episode.id,
                by: setting.world.who)
            statements.clear()
            var draft = SupportContactUseCaseTests.held()
            draft.goals = ["housing"]
            _ = try await stores.support.recordContact(draft, on: opened.id, by: setting.worker)
            let selects = Set(statements.all.filter { $0.uppercased().hasPrefix("SELECT") }).sorted()
            #expect(selects.contains { $0.contains("support_goals") })
            let scans = try await database.withConnection { db in
                switch engine {
                case .sqlite: try await Self.sqliteScans(selects, on: db)
                case .postgres: try await Self.postgresScans(selects, on: db)
                }
            }
            #expect(scans.isEmpty, "\(scans.joined(separator: "\n"))")
        }
    }

    /// SQLite's plan for each statement, and the scans of growing tables in them.
    static func sqliteScans(_ selects: [String], on db: any SQLDatabase) async throws -> [String] {
        var scans: [String] = []
        for sql in selects {
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

    /// PostgreSQL's generic plan for each statement (the plan a prepared statement settles on, whatever its binds),
    /// with sequential scans priced out: a table of a test's few rows is cheaper to scan, so a scan left in the
    /// plan is one that no index can replace.
    static func postgresScans(_ selects: [String], on db: any SQLDatabase) async throws -> [String] {
        try await db.raw("SET enable_seqscan = off").run()
        try await db.raw("SET plan_cache_mode = force_generic_plan").run()
        func plan(_ sql: String) async throws -> [String] { try await Self.postgresPlan(sql, on: db) }
        var scans: [String] = []
        for sql in selects {
            let lines = try await plan(sql)
            if ProcessInfo.processInfo.environment["SHOW_PLANS"] != nil { print("PLAN", sql.prefix(120), lines) }
            for line in lines where Self.growingTables.contains(where: { line.contains("Seq Scan on \($0) ") }) {
                scans.append("\(line.trimmingCharacters(in: .whitespaces))   ← \(sql)")
            }
        }
        let control = try await plan("SELECT id FROM people WHERE address = $1")
        #expect(control.contains { $0.contains("Seq Scan on people ") })
        try await db.raw("RESET enable_seqscan").run()
        try await db.raw("RESET plan_cache_mode").run()
        return scans
    }

    /// PostgreSQL's plan for a statement with `$n` placeholders, each bound to NULL, under the session's settings.
    static func postgresPlan(_ sql: String, on db: any SQLDatabase) async throws -> [String] {
        let parameters = Self.parameterCount(sql)
        let arguments =
            parameters == 0 ? "" : "(" + Array(repeating: "NULL", count: parameters).joined(separator: ", ") + ")"
        try await db.raw(SQLQueryString("PREPARE liaison_plan_probe AS " + sql)).run()
        let plan = try await db.raw(SQLQueryString("EXPLAIN EXECUTE liaison_plan_probe" + arguments)).all()
            .map { try $0.decode(column: "QUERY PLAN", as: String.self) }
        try await db.raw("DEALLOCATE liaison_plan_probe").run()
        return plan
    }

    @Test(
        "A search's key blocks are read from the key index alone, never from the table row by row",
        arguments: TestDatabase.available)
    func keyBlocksCovered(_ engine: TestDatabase) async throws {
        let statements = StatementLog()
        try await engine.withDatabase(logger: statements.logger) { database in
            let stores = Stores(database: database, clock: .system, ids: .sequential())
            let world = try await PersonStoreTests.world(stores)
            _ = try await stores.people.create(
                PersonStoreTests.details(), firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(),
                by: world.who)
            statements.clear()
            _ = try await stores.people.search(
                PersonQuery(givenName: "Amira", familyName: "Hassan", dateOfBirth: PersonStoreTests.today),
                by: world.who)
            let blocks = try #require(statements.all.first { $0.contains("FROM person_match_keys WHERE match_key") })
            let plan = try await database.withConnection { db in
                switch engine {
                case .sqlite:
                    return try await db.raw(SQLQueryString("EXPLAIN QUERY PLAN " + blocks)).all()
                        .map { try $0.decode(column: "detail", as: String.self) }
                case .postgres:
                    // The plan for a register too big to scan or to read through a bitmap of its pages.
                    try await db.raw("SET enable_seqscan = off").run()
                    try await db.raw("SET enable_bitmapscan = off").run()
                    // The plan a prepared statement settles on, whatever its binds (NULL binds would plan nothing).
                    try await db.raw("SET plan_cache_mode = force_generic_plan").run()
                    let plan = try await Self.postgresPlan(blocks, on: db)
                    try await db.raw("RESET ALL").run()
                    return plan
                }
            }
            let reads = plan.filter { $0.contains("person_match_keys") }
            #expect(!reads.isEmpty, "\(plan)")
            for read in reads {
                switch engine {
                case .sqlite:
                    #expect(read.contains("SEARCH person_match_keys USING PRIMARY KEY (match_key=?)"), "\(read)")
                case .postgres: #expect(read.contains("Index Only Scan using person_match_keys_pkey"), "\(read)")
                }
            }
        }
    }

    /// The highest `$n` placeholder in a PostgreSQL statement.
    static func parameterCount(_ sql: String) -> Int {
        var highest = 0
        var digits = ""
        var inPlaceholder = false
        for character in sql + " " {
            if inPlaceholder, character.isASCII, character.isNumber {
                digits.append(character)
                continue
            }
            if inPlaceholder { highest = max(highest, Int(digits) ?? 0) }
            inPlaceholder = character == "$"
            digits = ""
        }
        return highest
    }
}
