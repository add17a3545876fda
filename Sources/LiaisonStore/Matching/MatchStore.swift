import Foundation
import LiaisonCore
import NIOPosix
import SQLKit

/// The matching engine's data: the versioned parameters, training on the register, rebuilding blocking keys,
/// and the register-wide duplicate pairs behind the duplicate finder and `liaison match dedupe`.
package protocol MatchStore: Sendable {
    /// The newest trained parameters, or the starting values before any training.
    func parameters() async throws -> MatchParameters
    /// Why two records look alike, scored as the duplicate finder scores them (with the register's name and
    /// postcode frequencies).
    func explain(_ left: Person, _ right: Person) async throws -> MatchExplanation
    /// Re-estimates the parameters from every record not merged away and stores them as the next version.
    func train(
        thresholds: MatchThresholds?, randomPairs: Int, by who: Attribution, progress: @Sendable (String) -> Void
    ) async throws -> MatchTraining.Report
    /// Rewrites every blocking key from the people table, then refreshes the planner's statistics of the tables it
    /// read and wrote (`ANALYZE`; on PostgreSQL `VACUUM (ANALYZE)` once committed); returns how many people were filed.
    func reindex(progress: @escaping @Sendable (Int) -> Void) async throws -> Int
    /// Pairs of records (neither merged away, not already proposed or rejected as a merge) at or above
    /// `minimum`, strongest first. With an organisation, only people it works with whose records the reader may
    /// open; each shown pair is audited. `progress` hears how many blocks are scored (`MatchBatch.pairs`).
    func duplicates(
        atLeast minimum: Double, within organisation: Organisation.ID?, limit: Int, by who: Attribution,
        progress: ProgressTicker.Report?
    ) async throws -> [DuplicatePair]
}

extension MatchStore {
    /// The duplicate pairs, with no one to tell of progress (a page).
    package func duplicates(
        atLeast minimum: Double, within organisation: Organisation.ID?, limit: Int, by who: Attribution
    ) async throws -> [DuplicatePair] {
        try await duplicates(atLeast: minimum, within: organisation, limit: limit, by: who, progress: nil)
    }
}

/// Two records the matcher thinks are one person, with why.
package struct DuplicatePair: Sendable, Hashable {
    package let left: Person
    package let right: Person
    package let explanation: MatchExplanation
}

package struct SQLMatchStore: MatchStore {
    let database: Database
    let audit: AuditLog
    let clock: Clock
    let models: MatchModelCache

    package func parameters() async throws -> MatchParameters {
        try await database.withConnection { try await models.parameters(on: $0) }
    }

    package func explain(_ left: Person, _ right: Person) async throws -> MatchExplanation {
        try await database.withConnection { db in
            let asked = MatchRecord(left)
            return try await MatchFrequencies.matcher(
                for: asked, try await models.parameters(on: db), purpose: .pairs, on: db
            ).explain(asked, MatchRecord(right))
        }
    }

    static func parameters(on db: any SQLDatabase) async throws -> MatchParameters {
        guard
            let text = try await db.select().column("parameters").from("match_parameters")
                .orderBy("version", .descending).limit(1).first()?.decode(column: "parameters", as: String.self)
        else { return .starting }
        return try JSONDecoder().decode(MatchParameters.self, from: Data(text.utf8)).reconciled
    }

    package func train(
        thresholds: MatchThresholds?, randomPairs: Int, by who: Attribution, progress: @Sendable (String) -> Void
    ) async throws -> MatchTraining.Report {
        let (current, records) = try await database.withConnection { db in
            (try await Self.parameters(on: db), try await Self.register(within: nil, on: db).map(MatchRecord.init))
        }
        progress("Read \(records.count) people")
        var trained = MatchTraining.train(
            records, version: current.version + 1, thresholds: thresholds ?? current.thresholds,
            randomPairs: randomPairs, progress: progress)
        trained.parameters.termsCounted = true
        let report = trained
        let summary = report.sessions.map {
            "EM on \($0.blockedOn): \($0.pairs) pairs, \($0.iterations) iterations\($0.converged ? "" : " (not converged)"), "
                + "\(Int($0.expectedMatches)) likely matches"
        }.joined(separator: "; ")
        let json = String(decoding: try JSONEncoder().encode(report.parameters), as: UTF8.self)
        try await database.transaction { db in
            try await db.insert(into: "match_parameters")
                .columns("version", "parameters", "records", "summary", "trained_at")
                .values(
                    SQLBind(report.parameters.version), SQLBind(json), SQLBind(records.count), SQLBind(summary),
                    SQLBind(Timestamp.text(clock.now()))
                ).run()
            try await MatchFrequencies.replace(with: TermFrequencies(records), on: db)
            try await audit.append(
                who.entry("match.train", "match_parameters", String(report.parameters.version)), on: db)
        }
        models.forget()
        return report
    }

    package func reindex(progress: @escaping @Sendable (Int) -> Void) async throws -> Int {
        // The key table was rewritten wholesale (often after a bulk load of the register): until its statistics
        // are refreshed the planner guesses, and on PostgreSQL the first searches would also set every new row's
        // hint bits and meet autovacuum working through the fresh rows.
        let tables = ["person_match_keys", "people", "person_names"]
        let filed = try await database.transaction { db in
            let filed = try await MatchKeys.rebuild(on: db, progress: progress)
            if database.engine == .sqlite {
                for table in tables { try await db.raw("ANALYZE \(ident: table)").run() }
            }
            return filed
        }
        if database.engine == .postgres {
            // VACUUM cannot run inside a transaction; it runs once the keys are committed.
            try await database.withConnection { db in
                try await db.raw("VACUUM (ANALYZE) \(SQLList(tables.map { SQLIdentifier($0) }))").run()
            }
        }
        return filed
    }

    package func duplicates(
        atLeast minimum: Double, within organisation: Organisation.ID?, limit: Int, by who: Attribution,
        progress: ProgressTicker.Report?
    ) async throws -> [DuplicatePair] {
        // The register, the model and the settled pairs are read in one snapshot, and scored outside any
        // transaction: seconds of CPU at a large register must not hold the write group (on SQLite, every write).
        let (people, matcher, settled) = try await database.snapshot { db in
            let people = try await Self.register(within: organisation, on: db)
            let parameters = try await models.parameters(on: db)
            let matcher = Matcher(
                parameters,
                frequencies: try await MatchFrequencies.all(for: parameters, on: db))
            let decided = try await db.select().columns("survivor_id", "duplicate_id").from("person_merges")
                .where("status", .in, [MergeStatus.proposed.rawValue, MergeStatus.rejected.rawValue]).all()
                .map {
                    Set([
                        try $0.decode(column: "survivor_id", as: String.self),
                        try $0.decode(column: "duplicate_id", as: String.self),
                    ])
                }
            return (people, matcher, Set(decided))
        }
        // On the thread pool, not on the event loop that `serve` runs this task on (and whose connections would
        // wait for it).
        let scored = try await NIOThreadPool.singleton.runIfActive {
            MatchBatch.pairs(people.map(MatchRecord.init), matcher: matcher, atLeast: minimum, progress: progress)
        }
        let pairs = scored.map { (people[$0.left], people[$0.right]) }
            .filter { !settled.contains([$0.0.id.rawValue, $0.1.id.rawValue]) }
        // Who may open each record, the explanations and the audit: one short write, as the pairs are handed out.
        return try await database.transaction { db in
            var found: [DuplicatePair] = []
            var sees: [Person.ID: Bool] = [:]
            // A reader at an organisation is shown only pairs whose two records they may open (one restricted to
            // others, or whose episode here rests on a claim no longer standing, is left out, as "Find a person"
            // masks it); who may open them is read a slice of pairs at a time, strongest first, until the list is full.
            for slice in stride(from: 0, to: pairs.count, by: 32).map({ pairs[$0..<min($0 + 32, pairs.count)] }) {
                if organisation != nil {
                    let unknown = Set(slice.flatMap { [$0.0.id, $0.1.id] }).filter { sees[$0] == nil }
                    let openable = try await SQLPersonStore.openable(
                        unknown.map(\.rawValue), by: who, now: Timestamp.text(clock.now()), on: db)
                    for id in unknown { sees[id] = openable.contains(id) }
                }
                for (left, right) in slice
                where organisation == nil || (sees[left.id] == true && sees[right.id] == true) {
                    let explanation = matcher.explain(MatchRecord(left), MatchRecord(right))
                    found.append(DuplicatePair(left: left, right: right, explanation: explanation))
                    if found.count == limit { break }
                }
                if found.count == limit { break }
            }
            try await audit.append(
                all: found.flatMap { pair in
                    [pair.left.id, pair.right.id].map {
                        who.entry("person.duplicate_candidate", "person", $0.rawValue, personID: $0.rawValue)
                    }
                }, on: db)
            return found
        }
    }

    /// Every record not merged away, or only those of people the organisation has an episode with.
    static func register(within organisation: Organisation.ID?, on db: any SQLDatabase) async throws -> [Person] {
        var people = db.select().columns(ColumnList(PersonRow.columns)).from("people").where(
            "merged_into", .is, SQLLiteral.null)
        var names = db.select().columns("person_id", "kind", "value").from("person_names")
        if let organisation {
            let worked = SQLSubquery.select {
                $0.column("person_id").from("episodes")
                    .where("organisation_id", .equal, organisation.rawValue)
            }
            people = people.where("id", .in, worked)
            names = names.where("person_id", .in, worked)
        }
        let rows = try await people.orderBy("id").all(reading: PersonRow.self)
        var byPerson: [String: [(String, String)]] = [:]
        for name in try await names.orderBy("position").all() {
            byPerson[try name.decode(column: "person_id", as: String.self), default: []].append(
                (try name.decode(column: "kind", as: String.self), try name.decode(column: "value", as: String.self)))
        }
        return try rows.map { try $0.person(names: byPerson[$0.id] ?? []) }
    }
}
