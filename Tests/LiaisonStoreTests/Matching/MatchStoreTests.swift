import Foundation
import LiaisonCore
import LiaisonTestSupport
import SQLKit
import Testing

@testable import LiaisonStore

@Suite("Matching: blocking keys, training and the duplicate finder")
struct MatchStoreTests {
    /// The stored keys of a person, and the record each resolves to.
    static func keys(_ stores: Stores, _ id: Person.ID) async throws -> [String: String] {
        try await stores.database.withConnection { db in
            var keys: [String: String] = [:]
            for row in try await db.select().columns("match_key", "resolves_to").from("person_match_keys")
                .where("person_id", .equal, id.rawValue).all()
            {
                keys[try row.decode(column: "match_key", as: String.self)] = try row.decode(
                    column: "resolves_to", as: String.self)
            }
            return keys
        }
    }

    @Test(
        "Blocking keys are written on create, rewritten on update, re-pointed on merge and back on reversal",
        arguments: TestDatabase.available)
    func keysKeptUpToDate(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let world = try await PersonStoreTests.world(stores)
            let manager = try await Fixture.user(
                stores, email: "manager@keys.test", organisation: world.organisation, roles: [.teamManager])
            let managerWho = Attribution(Actor(user: manager), reason: "Not the same person after all")
            let (kept, _) = try await stores.people.create(
                PersonStoreTests.details("Amira", "Hassan", nhs: "9434765919"),
                firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(), by: world.who)
            let (other, _) = try await stores.people.create(
                PersonStoreTests.details("Amy", "Hasan", dob: (1990, 3, 28), custody: ["01YE/1/26"]),
                firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(), by: world.who)
            var keys = try await Self.keys(stores, kept.id)
            #expect(Set(keys.keys) == MatchBlocking.keys(for: MatchRecord(kept)))
            #expect(keys["n:9434765919"] == kept.id.rawValue && keys["d:1990-03-27"] == kept.id.rawValue)

            let updated = try await stores.people.update(
                kept.id, with: PersonStoreTests.details("Amira", "Okafor", nhs: "9434765919"), expected: .init(1),
                by: world.who)
            keys = try await Self.keys(stores, kept.id)
            #expect(Set(keys.keys) == MatchBlocking.keys(for: MatchRecord(updated)))
            #expect(keys["s:O216:1990"] != nil && keys["s:H250:1990"] == nil)

            let merge = try await stores.merges.propose(
                survivor: kept.id, duplicate: other.id, reason: "Same custody photograph", by: world.who)
            _ = try await stores.merges.confirm(merge.id, expected: .init(1), by: managerWho)
            #expect(Set(try await Self.keys(stores, other.id).values) == [kept.id.rawValue])
            // The merged record's own custody number now finds the survivor.
            let found = try await stores.people.search(PersonQuery(otherIdentifier: "01ye/1/26"), by: world.who)
            #expect(found.map(\.person.id) == [kept.id])

            _ = try await stores.merges.reverse(merge.id, expected: .init(2), by: managerWho)
            #expect(Set(try await Self.keys(stores, other.id).values) == [other.id.rawValue])
            #expect(
                try await stores.people.search(PersonQuery(otherIdentifier: "01ye/1/26"), by: world.who)
                    .map(\.person.id) == [other.id])
            // Rebuilding from scratch gives the same keys.
            let before = (try await Self.keys(stores, kept.id), try await Self.keys(stores, other.id))
            #expect(try await stores.matches.reindex { _ in } == 2)
            #expect(try await Self.keys(stores, kept.id) == before.0)
            #expect(try await Self.keys(stores, other.id) == before.1)
            // and leaves the planner statistics of the rewritten table fresh.
            #expect(try await Self.analysed("person_match_keys", stores))
        }
    }

    /// Whether `table` has planner statistics (SQLite: rows in sqlite_stat1; PostgreSQL: a row estimate, which
    /// is -1 until the table is first analysed).
    static func analysed(_ table: String, _ stores: Stores) async throws -> Bool {
        try await stores.database.withConnection { db in
            switch stores.database.engine {
            case .sqlite:
                return try await db.raw("SELECT COUNT(*) AS n FROM sqlite_stat1 WHERE tbl = \(bind: table)").first()?
                    .decode(column: "n", as: Int.self) ?? 0 > 0
            case .postgres:
                return try await db.raw(
                    "SELECT reltuples::float8 AS n FROM pg_class WHERE oid = \(bind: table)::regclass"
                )
                .first()?.decode(column: "n", as: Double.self) ?? -1 >= 0
            }
        }
    }

    /// A register of distinct people with three known duplicates planted in it.
    static func register(_ stores: Stores, _ world: PersonStoreTests.World) async throws -> [(Person.ID, Person.ID)] {
        let syllables = ["ab", "ok", "ma", "ren", "tu", "vil", "sor", "ne", "gad", "lo", "pim", "es", "ur", "bak"]
        let given = ["Ann", "Ben", "Cara", "Dev", "Eli", "Fola", "Gus", "Hana", "Ivan", "Jade"]
        var people: [Person] = []
        for index in 0..<60 {
            let family = (syllables[index % 14] + syllables[(index / 14) % 14] + "well").capitalized
            let (person, _) = try await stores.people.create(
                PersonStoreTests.details(
                    given[index % 10], family, dob: (1960 + index % 40, 1 + index % 12, 1 + index % 28)),
                firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(), by: world.who)
            people.append(person)
        }
        var planted: [(Person.ID, Person.ID)] = []
        for (index, change) in [(3, "typo"), (7, "swap"), (11, "dob")] {
            var details = people[index].details
            switch change {
            case "typo": details.familyName = String(details.familyName.dropLast()) + "ll e".filter { $0 != " " }
            case "swap": (details.givenName, details.familyName) = (details.familyName, details.givenName)
            default:
                let dob = details.dateOfBirth
                details.dateOfBirth = CalendarDate(year: dob.year, month: dob.day, day: dob.month) ?? dob
            }
            let (copy, _) = try await stores.people.create(
                details, firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(), by: world.who)
            planted.append((people[index].id, copy.id))
        }
        return planted
    }

    @Test(
        "Training stores the next version; the duplicate finder finds the planted duplicates and nothing else",
        arguments: TestDatabase.available)
    func duplicateFinder(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let world = try await PersonStoreTests.world(stores)
            let elsewhere = try await PersonStoreTests.world(stores, name: "West")
            let planted = try await Self.register(stores, world)
            #expect(try await stores.matches.parameters().version == 0)
            let report = try await stores.matches.train(
                thresholds: MatchThresholds(link: 0.99, review: 0.5), randomPairs: 20_000, by: world.who,
                progress: { _ in })
            #expect(report.parameters.version == 1)
            let stored = try await stores.matches.parameters()
            #expect(stored == report.parameters && stored.thresholds.review == 0.5)
            let manager = Attribution(
                Actor(
                    user: try await Fixture.user(
                        stores, email: "manager@finder.test", organisation: world.organisation, roles: [.teamManager])))
            let found = try await stores.matches.duplicates(
                atLeast: stored.thresholds.review, within: world.organisation.id, limit: 50, by: manager)
            #expect(
                Set(found.map { Set([$0.left.id, $0.right.id]) }) == Set(planted.map { Set([$0.0, $0.1]) }))
            #expect(found.allSatisfy { $0.explanation.lines.count == MatchField.allCases.count })
            let events = try await stores.auditReader.recent(limit: 6)
            #expect(events.allSatisfy { $0.action == "person.duplicate_candidate" })
            // Another organisation, which works with none of them, sees no pairs.
            #expect(
                try await stores.matches.duplicates(
                    atLeast: 0, within: elsewhere.organisation.id, limit: 50, by: elsewhere.who
                ).isEmpty)
            // West claims a relationship with both records of a pair (in custody now): its manager is shown the
            // pair while the claims stand; once West's episodes close, unreviewed, the claims lapse and the pair
            // goes with them, though the closed episodes stay at West.
            let westManager = Attribution(
                Actor(
                    user: try await Fixture.user(
                        stores, email: "manager@west.test", organisation: elsewhere.organisation,
                        roles: [.teamManager])))
            var claimed: [Episode] = []
            for id in [planted[1].0, planted[1].1] {
                claimed.append(
                    try await stores.episodes.open(
                        PersonStoreTests.episode(elsewhere), for: id, identifiedAt: Date(),
                        claim: RelationshipClaimStoreTests.claim, by: elsewhere.who))
            }
            func westSees() async throws -> [Set<Person.ID>] {
                try await stores.matches.duplicates(
                    atLeast: stored.thresholds.review, within: elsewhere.organisation.id, limit: 50, by: westManager
                ).map { Set([$0.left.id, $0.right.id]) }
            }
            #expect(try await westSees() == [Set([planted[1].0, planted[1].1])])
            for episode in claimed {
                _ = try await stores.episodes.close(
                    episode.id, reason: .completed, expected: .init(1), by: elsewhere.who)
            }
            #expect(try await westSees().isEmpty)
            // A pair proposed for merging leaves the list.
            _ = try await stores.merges.propose(
                survivor: planted[0].0, duplicate: planted[0].1, reason: "Found by the duplicate finder",
                by: manager)
            let after = try await stores.matches.duplicates(
                atLeast: stored.thresholds.review, within: world.organisation.id, limit: 50, by: manager)
            #expect(after.count == 2)
        }
    }

    @Test(
        "The duplicate finder reads and scores outside the write group: only who may open the pairs and the audit are written",
        arguments: TestDatabase.available)
    func duplicateFinderOutsideTheWriteGroup(_ engine: TestDatabase) async throws {
        let statements = StatementLog()
        try await engine.withDatabase(logger: statements.logger) { database in
            let stores = Stores(database: database, clock: TestClock().clock, ids: .sequential())
            let world = try await PersonStoreTests.world(stores)
            let planted = try await Self.register(stores, world)
            let manager = Attribution(
                Actor(
                    user: try await Fixture.user(
                        stores, email: "manager@finder.test", organisation: world.organisation, roles: [.teamManager])))
            statements.clear()
            let found = try await stores.matches.duplicates(
                atLeast: 0.2, within: world.organisation.id, limit: 50, by: manager)
            #expect(
                Set(found.map { Set([$0.left.id, $0.right.id]) }).isSuperset(of: planted.map { Set([$0.0, $0.1]) }))
            let all = statements.all
            let write = try #require(all.firstIndex { $0 == (engine == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN") })
            let reads = all[..<write]
            let written = all[write...]
            #expect(reads.contains { $0.contains("person_merges") } && reads.contains { $0.contains("person_names") })
            #expect(
                !written.contains { $0.contains("person_merges") || $0.contains("person_names") },
                "\(written.map { $0.prefix(60) })")
            #expect(written.contains { $0.contains("audit_events") })
        }
    }

    @Test(
        "A model trained by another process takes effect within a minute; one trained here at once",
        arguments: TestDatabase.available)
    func parametersCache(_ database: TestDatabase) async throws {
        let time = TestClock()
        try await database.withStores(clock: time.clock) { stores in
            let world = try await PersonStoreTests.world(stores)
            #expect(try await stores.matches.parameters().version == 0)
            // Another process writes version 7 straight into the table.
            var other = MatchParameters.starting
            other.version = 7
            let json = String(decoding: try JSONEncoder().encode(other), as: UTF8.self)
            try await stores.database.transaction { db in
                try await db.insert(into: "match_parameters")
                    .columns("version", "parameters", "records", "summary", "trained_at")
                    .values(SQLBind(7), SQLBind(json), SQLBind(0), SQLBind(""), SQLBind("2027-01-15T08:00:00.000Z"))
                    .run()
            }
            #expect(try await stores.matches.parameters().version == 0)
            time.advance(by: 61)
            #expect(try await stores.matches.parameters().version == 7)
            let report = try await stores.matches.train(
                thresholds: nil, randomPairs: 1_000, by: world.who, progress: { _ in })
            #expect(report.parameters.version == 8)
            #expect(try await stores.matches.parameters().version == 8)
        }
    }

    @Test(
        "Training counts names and postcodes; a name-only search weighs a rare name above a common one and lists every same-named record",
        arguments: TestDatabase.available)
    func termFrequencies(_ database: TestDatabase) async throws {
        let time = TestClock()
        try await database.withStores(clock: time.clock) { stores in
            let world = try await PersonStoreTests.world(stores)
            _ = try await Self.register(stores, world)
            for index in 0..<12 {
                _ = try await stores.people.create(
                    PersonStoreTests.details("Mohammed", "Khan", dob: (1960 + 3 * index, 1 + index, 10 + index)),
                    firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(), by: world.who)
            }
            let (rare, _) = try await stores.people.create(
                PersonStoreTests.details("Zebedee", "Quartermaine", dob: (1984, 2, 29)),
                firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(), by: world.who)
            // Before training there are no counts: a common and a rare name agree alike.
            let before = try await stores.people.search(
                PersonQuery(givenName: "Mohammed", familyName: "Khan"), by: world.who)
            let rareBefore = try await stores.people.search(
                PersonQuery(givenName: "Zebedee", familyName: "Quartermaine"), by: world.who)
            #expect(abs(before[0].explanation.weight - rareBefore[0].explanation.weight) < 1e-9)
            _ = try await stores.matches.train(thresholds: nil, randomPairs: 20_000, by: world.who, progress: { _ in })
            let khans = try await stores.database.withConnection { db in
                try await db.select().column("records").from("match_term_frequencies")
                    .where("term", .equal, "surname").where("value", .equal, "KHAN").first()?
                    .decode(column: "records", as: Int.self)
            }
            #expect(khans == 12)
            let common = try await stores.people.search(
                PersonQuery(givenName: "Mohammed", familyName: "Khan"), by: world.who)
            let found = try await stores.people.search(
                PersonQuery(givenName: "Zebedee", familyName: "Quartermaine"), by: world.who)
            // Every Mohammed Khan is worth a look (ten shown), none is likely to be the one; Zebedee is.
            #expect(common.count == 10 && common.allSatisfy { $0.explanation.sameNameUncontested })
            #expect(common.allSatisfy { $0.explanation.probability < 0.5 })
            #expect(found.first?.person.id == rare.id)
            #expect(found[0].explanation.weight > common[0].explanation.weight + 5)
            // The duplicate finder's compare page scores with the same counts.
            let pair = try await stores.matches.explain(common[0].person, common[1].person)
            let plain = Matcher(try await stores.matches.parameters()).explain(
                MatchRecord(common[0].person), MatchRecord(common[1].person))
            #expect(pair.weight < plain.weight)
            // Parameters trained before the counts existed (an older release) are used without them: otherwise
            // every name would look unseen, and rare.
            var uncountedParameters = try await stores.matches.parameters()
            uncountedParameters.version += 1
            uncountedParameters.termsCounted = nil
            let older = uncountedParameters
            let json = String(decoding: try JSONEncoder().encode(older), as: UTF8.self)
            try await stores.database.transaction { db in
                try await db.insert(into: "match_parameters")
                    .columns("version", "parameters", "records", "summary", "trained_at")
                    .values(
                        SQLBind(older.version), SQLBind(json), SQLBind(older.registerSize), SQLBind(""),
                        SQLBind("2027-01-15T08:00:00.000Z")
                    ).run()
            }
            time.advance(by: 61)
            let uncounted = try await stores.people.search(
                PersonQuery(givenName: "Mohammed", familyName: "Khan"), by: world.who)
            let expected = Matcher(older, for: .search).explain(
                MatchRecord(PersonQuery(givenName: "Mohammed", familyName: "Khan")), MatchRecord(uncounted[0].person))
            #expect(abs(uncounted[0].explanation.weight - expected.weight) < 1e-9)
        }
    }
}
