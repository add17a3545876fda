import Foundation
import LiaisonCore
import SQLKit

/// `PersonStore` over SQLKit. Aliases, custody numbers and court references live in `person_names`, one row
/// each; search goes through the matching engine's blocking keys (`person_match_keys`), kept in the same transaction.
package struct SQLPersonStore: PersonStore {
    let database: Database
    let audit: AuditLog
    let clock: Clock
    let ids: IDGenerator
    let models: MatchModelCache
    /// The group commit for reads' audit events, shared by every store.
    let views: AuditBatcher

    package func create(
        _ details: PersonDetails, firstEpisode: ValidEpisode, identifiedAt: Date, differentPerson: String?,
        by who: Attribution
    ) async throws -> (Person, Episode) {
        let personID: Person.ID = ids.next()
        let episodeID: Episode.ID = ids.next()
        let now = Timestamp.text(clock.now())
        let reason = try differentPerson.map { try AccessReason.check($0, field: "differentPersonReason") }
        do {
            return try await database.transaction { db in
                for (field, column, value) in [
                    ("nhsNumber", "nhs_number", details.nhsNumber?.digits), ("pncID", "pnc_id", details.pncID?.value),
                ] {
                    guard let value else { continue }
                    // The same identifier added twice at once (a double submit): the second waits and then sees it.
                    try await RowLocks.value("\(column):\(value)", on: db)
                    let held = try await db.select().column("id").from("people").where(column, .equal, value)
                        .where("merged_into", .is, SQLLiteral.null).limit(5).all()
                        .map { Person.ID(try $0.decode(column: "id", as: String.self)) }
                    if !held.isEmpty && reason == nil { throw IdentifierAlreadyHeld(field: field, people: held) }
                }
                try await db.insert(into: "people").model(
                    PersonRow(id: personID.rawValue, details: details, now: now, version: 1),
                    keyEncodingStrategy: .convertToSnakeCase
                ).run()
                try await Self.replaceNames(of: personID, details, on: db)
                try await MatchKeys.replace(for: Person(id: personID, details: details, version: 1), on: db)
                let audited = Attribution(who.actor, requestID: who.requestID, reason: reason)
                try await audit.append(
                    audited.entry(
                        reason == nil ? "person.create" : "person.create_different_person", "person", personID.rawValue,
                        personID: personID.rawValue), on: db)
                let episode = try await SQLEpisodeStore.insert(
                    episodeID, for: personID, firstEpisode, identifiedAt: identifiedAt, now: now, by: who, audit: audit,
                    on: db)
                return (try await Self.find(personID, on: db)!, episode)
            }
        } catch let held as IdentifierAlreadyHeld {
            // Saying that an identifier is held tells the caller each record holding it exists: on their trails
            // (after the rollback, so the events are not rolled back with the refused write).
            try await views.record(
                all: held.people.map {
                    who.entry("person.identifier_held", "person", $0.rawValue, personID: $0.rawValue)
                })
            throw held
        }
    }

    package func view(_ id: Person.ID, by who: Attribution) async throws -> Person? {
        guard let person = try await database.snapshot({ db in try await Self.find(id, on: db) }) else { return nil }
        try await views.record(who.entry("person.view", "person", id.rawValue, personID: id.rawValue))
        return person
    }

    package func update(
        _ id: Person.ID, with details: PersonDetails, expected: ExpectedVersion, by who: Attribution
    ) async throws -> Person {
        try await database.transaction { db in
            let row = PersonRow(id: id.rawValue, details: details, now: "", version: 0)
            _ = try await Records.update(
                db, table: "people", id: id.rawValue, expected: expected.value, now: clock.now(),
                set: [
                    "given_name": row.givenName, "family_name": row.familyName, "date_of_birth": row.dateOfBirth,
                    "date_of_birth_is_approximate": row.dateOfBirthIsApproximate, "stated_gender": row.statedGender,
                    "gender_identity": row.genderIdentity, "ethnicity": row.ethnicity, "nhs_number": row.nhsNumber,
                    "pnc_id": row.pncId, "address": row.address, "postcode": row.postcode,
                    "no_fixed_abode": row.noFixedAbode, "preferred_language": row.preferredLanguage,
                    "interpreter_needed": row.interpreterNeeded, "reasonable_adjustments": row.reasonableAdjustments,
                    "is_restricted": row.isRestricted,
                ])
            // After the version check (a stale edit is a conflict first); the transaction undoes the update.
            if let person = try await Self.find(id, on: db) { try Self.requireUnmerged(person) }
            try await Self.replaceNames(of: id, details, on: db)
            let person = try await Self.find(id, on: db)!
            try await MatchKeys.replace(for: person, on: db)
            try await audit.append(who.entry("person.update", "person", id.rawValue, personID: id.rawValue), on: db)
            return person
        }
    }

    package func count() async throws -> Int {
        try await database.withConnection { db in
            try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("people").first()?
                .decode(column: "n", as: Int.self) ?? 0
        }
    }

    package func relationship(of id: Person.ID) async throws -> PersonRelationship {
        guard let relationship = try await relationships(of: [id])[id], relationship.isRecorded else {
            throw DomainError.notFound(what: "person")
        }
        return relationship
    }

    package func breakGlass(_ id: Person.ID, reason: String, by who: Attribution) async throws {
        let now = clock.now()
        let grant = ids.nextRaw()
        try await database.transaction { db in
            guard try await Self.find(id, on: db) != nil else { throw DomainError.notFound(what: "person") }
            try await db.insert(into: "break_glass_grants")
                .columns("id", "person_id", "user_id", "organisation_id", "reason", "granted_at", "expires_at")
                .values(
                    SQLBind(grant), SQLBind(id.rawValue), SQLBind(who.actor.userID.rawValue),
                    SQLBind(who.actor.organisationID.rawValue), SQLBind(reason), SQLBind(Timestamp.text(now)),
                    SQLBind(Timestamp.text(now.addingTimeInterval(BreakGlass.lasts)))
                ).run()
            let audited = Attribution(who.actor, requestID: who.requestID, reason: reason)
            try await audit.append(
                audited.entry("person.break_glass", "person", id.rawValue, personID: id.rawValue), on: db)
        }
    }

    package func breakGlassGrants(of organisation: Organisation.ID, by who: Attribution) async throws
        -> [BreakGlassGrant]
    {
        let now = Timestamp.text(clock.now())
        let grants = try await database.snapshot { db in
            let rows = try await db.select().columns(
                ["person_id", "user_id", "organisation_id", "reason", "granted_at"].map {
                    SQLColumn($0, table: "break_glass_grants")
                }
            )
            .column(SQLColumn("given_name", table: "people")).column(SQLColumn("family_name", table: "people"))
            .from("break_glass_grants")
            .join(
                "people", on: SQLColumn("person_id", table: "break_glass_grants"), .equal,
                SQLColumn("id", table: "people")
            )
            .where(SQLColumn("organisation_id", table: "break_glass_grants"), .equal, SQLBind(organisation.rawValue))
            .orWhere(
                SQLColumn("person_id", table: "break_glass_grants"), .in,
                SQLGroupExpression(
                    "SELECT person_id FROM episodes WHERE organisation_id = \(bind: organisation.rawValue)"
                        as SQLQueryString)
            )
            .orderBy(SQLColumn("granted_at", table: "break_glass_grants"), SQLDirection.descending).limit(200).all()
            let openable = try await Self.openable(
                try rows.map { try $0.decode(column: "person_id", as: String.self) }, by: who, now: now, on: db)
            return try rows.map { row in
                let person = Person.ID(try row.decode(column: "person_id", as: String.self))
                return BreakGlassGrant(
                    personID: person,
                    personName: openable.contains(person)
                        ? "\(try row.decode(column: "family_name", as: String.self).uppercased()), "
                            + (try row.decode(column: "given_name", as: String.self)) : nil,
                    userID: .init(try row.decode(column: "user_id", as: String.self)),
                    organisationID: .init(try row.decode(column: "organisation_id", as: String.self)),
                    reason: try row.decode(column: "reason", as: String.self),
                    grantedAt: try Timestamp.date(try row.decode(column: "granted_at", as: String.self)))
            }
        }
        let named = Set(grants.filter { $0.personName != nil }.map(\.personID.rawValue)).sorted()
        try await views.record(
            all: named.map { who.entry("person.break_glass_review", "person", $0, personID: $0) })
        return grants
    }

    package func search(_ query: PersonQuery, by who: Attribution) async throws -> [PersonCandidate] {
        guard query.isSearchable else { return [] }
        let now = Timestamp.text(clock.now())
        // No snapshot is needed across the search's statements: what is shown of each candidate (the record and its
        // names) is read in one, and who works with them is read after (as current as it can be).
        let shown = try await database.readTogether { db in
            let found = try await Self.candidates(
                MatchRecord(query), parameters: try await models.parameters(on: db), on: db)
            // Who works with each candidate, on the same connection: a search is a handful of round trips.
            let relationships =
                found.isEmpty
                ? [:] : try await Self.relationships(found.map(\.person.id.rawValue), now: now, on: db)
            return found.map {
                PersonCandidate(
                    person: $0.person, explanation: $0.explanation, relationship: relationships[$0.person.id])
            }
        }
        try await views.record(
            all: shown.map {
                who.entry("person.search_match", "person", $0.person.id.rawValue, personID: $0.person.id.rawValue)
            })
        return shown
    }

    /// Whether search lists a record with this explanation at all.
    static func listed(_ explanation: MatchExplanation) -> Bool {
        explanation.probability >= shownFrom || explanation.sharedIdentifier != nil
            || explanation.sameNameUncontested
    }

    /// The likeliest records for `asked`, best first (at most 10): the search without its audit, for callers that
    /// audit what they do with the results (search-before-create, list import). A record holding an identifier
    /// that was asked for exactly is always listed, first, however much else disagrees (a swapped name with a
    /// typo, a missing date of birth): its explanation shows what disagrees. A record with the same first and last
    /// names and nothing against it is listed too, however common the name (each is worth checking).
    static func candidates(
        _ asked: MatchRecord, parameters: MatchParameters, on db: any SQLDatabase
    ) async throws -> [PersonCandidate] {
        let keys = MatchBlocking.queryKeys(for: asked)
        guard let blocks = blocksQuery(keys) else { return [] }
        // The blocks and the counts of the asked values do not depend on each other: read together.
        var reads: [ReadTogether.Read] = [.init(blocks)]
        let counts = MatchFrequencies.query(for: asked, parameters)
        if let counts { reads.append(.init(counts)) }
        let rows = try await ReadTogether.rows(reads, on: db)
        let matcher = try MatchFrequencies.matcher(parameters, purpose: .search, counts: counts == nil ? nil : rows[1])
        let (people, holders) = try await Self.block(blocks: rows[0], weights: keys, on: db)
        // A merged-away record still matches on its own names and identifiers; its survivor is shown, with
        // the best explanation of either.
        var best: [Person.ID: (Person.ID, MatchExplanation)] = [:]
        for person in people {
            let explanation = matcher.explain(asked, MatchRecord(person))
            guard Self.listed(explanation) else { continue }
            let holder = holders[person.id] ?? person.id
            if best[holder].map({ explanation.ranks(above: $0.1) }) ?? true {
                best[holder] = (person.id, explanation)
            }
        }
        let ranked = best.sorted { $0.value.1.ranks(above: $1.value.1) }.prefix(10)
        var shown: [PersonCandidate] = []
        for (holder, match) in ranked {
            let person = holder == match.0 ? people.first { $0.id == holder } : try await Self.find(holder, on: db)
            guard let found = person else { continue }
            shown.append(PersonCandidate(person: found, explanation: match.1))
        }
        return shown
    }

    /// Search-before-create shows anyone at least this likely: a person decides, so it errs towards showing
    /// (a name without a date of birth rarely reaches the review threshold on its own).
    static let shownFrom = 0.01

    /// Records scored per search: those with the most specific shared blocking keys.
    static let scored = 50

    /// Entries read per blocking key: a block bigger than this (a common name pair) says little anyway.
    static let blockCap = 150

    /// Entries read for a name with the other's initial (`w:`): at a million people most such blocks hold hundreds
    /// or thousands (a common last name with a common initial), and a slice of those says nothing; the blocks
    /// that find a typo or an initial are small.
    static let initialBlockCap = 40

    /// How many entries of `key`'s block are read.
    static func cap(_ key: String) -> Int { key.hasPrefix("w:") ? initialBlockCap : blockCap }

    /// Everyone sharing one of the search's keys (`MatchBlocking.queryKeys`), through the key index, each key's
    /// block capped on its own (`cap`; a UNION ALL of limited subqueries); nil if the query has no key.
    static func blocksQuery(_ keys: [String: Double]) -> SQLQueryString? {
        let blocks: [SQLQueryString] = keys.keys.sorted().enumerated().map {
            index, key in
            "SELECT match_key, person_id, resolves_to FROM (SELECT match_key, person_id, resolves_to FROM person_match_keys WHERE match_key = \(bind: key) LIMIT \(literal: cap(key))) AS \(ident: "block\(index)")"
        }
        return blocks.isEmpty ? nil : blocks.joined(separator: " UNION ALL ")
    }

    /// The records in the blocks (the rows of `blocksQuery`), ranked by how specific their shared keys are (each
    /// key adds its weight (`weights`) / its block's size, a capped block counted as `blockCap`, so a shared NHS number or date of birth outranks a common name sound): the
    /// best `scored` are read with their names (one statement on PostgreSQL, two on SQLite). Returns them with the record each
    /// resolves to.
    private static func block(blocks: [any SQLRow], weights: [String: Double], on db: any SQLDatabase) async throws
        -> ([Person], [Person.ID: Person.ID])
    {
        var members: [String: [(id: String, holder: String)]] = [:]
        for row in blocks {
            members[try row.decode(column: "match_key", as: String.self), default: []].append(
                (
                    try row.decode(column: "person_id", as: String.self),
                    try row.decode(column: "resolves_to", as: String.self)
                ))
        }
        var hits: [String: (score: Double, holder: String)] = [:]
        for (key, block) in members {
            // A block read only up to its cap is at least as big as the biggest read whole.
            let size = block.count < cap(key) ? block.count : blockCap
            let weight = (weights[key] ?? 1) / Double(size)
            for member in block { hits[member.id, default: (0, member.holder)].score += weight }
        }
        let chosen = hits.sorted {
            $0.value.score != $1.value.score ? $0.value.score > $1.value.score : $0.key < $1.key
        }
        .prefix(Self.scored)
        guard !chosen.isEmpty else { return ([], [:]) }
        let ids = chosen.map(\.key)
        let rows = try await ReadTogether.rows(
            [.init("SELECT \(PersonRow.list) FROM people WHERE id IN (\(binds: ids))"), .init(namesQuery(ids))], on: db)
        var holders: [Person.ID: Person.ID] = [:]
        for (id, hit) in chosen where hit.holder != id { holders[Person.ID(id)] = Person.ID(hit.holder) }
        return (try people(try rows[0].map(PersonRow.init(row:)), names: rows[1]), holders)
    }

    /// Refuses a write to a record merged into another: the merge moved its rows to the record it was merged
    /// into, and a row added to it now (from a page opened before the merge) would be seen from neither. Ask it
    /// after the policy (the answer says the record was merged), and read `person` under a lock of its row
    /// (`RowLocks.people`) where a merge committing meanwhile must be waited for.
    static func requireUnmerged(_ person: Person) throws {
        guard person.mergedInto == nil else {
            throw DomainError.ruleBroken("This record was merged into another: work on the record it was merged into")
        }
    }

    static func find(_ id: Person.ID, on db: any SQLDatabase) async throws -> Person? {
        let rows = try await db.raw("SELECT \(PersonRow.list) FROM people WHERE id = \(bind: id.rawValue)")
            .all(reading: PersonRow.self)
        return try await withNames(rows, on: db).first
    }

    static func withNames(_ rows: [PersonRow], on db: any SQLDatabase) async throws -> [Person] {
        guard !rows.isEmpty else { return [] }
        return try people(rows, names: try await db.raw(namesQuery(rows.map(\.id))).all())
    }

    /// The aliases, custody numbers and court references of `people`, in order.
    static func namesQuery(_ people: [String]) -> SQLQueryString {
        "SELECT person_id, kind, value FROM person_names WHERE person_id IN (\(binds: people)) ORDER BY position"
    }

    /// People from their rows and their names' rows (`namesQuery`).
    static func people(_ rows: [PersonRow], names: [any SQLRow]) throws -> [Person] {
        var byPerson: [String: [(String, String)]] = [:]
        for name in names {
            byPerson[try name.decode(column: "person_id", as: String.self), default: []].append(
                (try name.decode(column: "kind", as: String.self), try name.decode(column: "value", as: String.self)))
        }
        return try rows.map { try $0.person(names: byPerson[$0.id] ?? []) }
    }

    private static func replaceNames(of id: Person.ID, _ details: PersonDetails, on db: any SQLDatabase) async throws {
        // The rows are derived from the record and rewritten with it: the audit trail is on the person.
        try await db.delete(from: "person_names").where("person_id", .equal, id.rawValue).run()
        let entries =
            details.aliases.map { ("alias", $0) } + details.custodyNumbers.map { ("custody_number", $0) }
            + details.courtReferences.map { ("court_reference", $0) }
        for (position, entry) in entries.enumerated() {
            try await db.insert(into: "person_names").columns("person_id", "kind", "value", "position")
                .values(SQLBind(id.rawValue), SQLBind(entry.0), SQLBind(entry.1), SQLBind(position))
                .run()
        }
    }
}
