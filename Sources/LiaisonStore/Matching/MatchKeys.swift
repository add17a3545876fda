import LiaisonCore
import SQLKit

/// Keeps `person_match_keys` in step with the people it files: rewritten with every create and update, re-pointed
/// on every merge and its reversal, rebuilt wholesale by `liaison match reindex` and migration 0012, one rule
/// at a time by a migration that adds a rule (0044, 0045).
enum MatchKeys {
    /// Replaces a person's keys (inside the caller's transaction).
    static func replace(for person: Person, on db: any SQLDatabase) async throws {
        try await db.delete(from: "person_match_keys").where("person_id", .equal, person.id.rawValue).run()
        let holder = try await terminal(person.id, on: db)
        let rows = MatchBlocking.keys(for: MatchRecord(person)).sorted().map {
            [SQLBind($0), SQLBind(person.id.rawValue), SQLBind(holder.rawValue)] as [any SQLExpression]
        }
        guard !rows.isEmpty else { return }
        try await db.insert(into: "person_match_keys").columns("match_key", "person_id", "resolves_to").rows(rows)
            .run()
    }

    /// After a merge or its reversal: every key that resolved to either record resolves again through the
    /// `merged_into` chain, so search finds the survivor through the merged record's names and identifiers.
    static func resolve(around ids: [Person.ID], on db: any SQLDatabase) async throws {
        let affected = try await db.select().distinct().column("person_id").from("person_match_keys")
            .where("resolves_to", .in, ids.map(\.rawValue)).orWhere("person_id", .in, ids.map(\.rawValue)).all()
            .map { Person.ID(try $0.decode(column: "person_id", as: String.self)) }
        for person in affected {
            try await db.update("person_match_keys").set("resolves_to", to: try await terminal(person, on: db).rawValue)
                .where("person_id", .equal, person.rawValue).run()
        }
    }

    /// The record a person's history now lives on: itself, or the end of its chain of merges.
    static func terminal(_ id: Person.ID, on db: any SQLDatabase) async throws -> Person.ID {
        var current = id
        for _ in 0..<32 {
            guard
                let next = try await db.select().column("merged_into").from("people")
                    .where("id", .equal, current.rawValue).first()?.decode(column: "merged_into", as: String?.self)
            else { return current }
            current = Person.ID(next)
        }
        return current
    }

    /// Rewrites every key from the people table, 1,000 people at a time; returns how many people were filed. With
    /// `rule` (a key's prefix letter), files only that rule's keys, leaving the others as they are: a migration
    /// adding a rule inserts its keys without rewriting (and, on PostgreSQL, without leaving for vacuum) the rest.
    static func rebuild(
        on db: any SQLDatabase, only rule: Character? = nil, progress: (Int) -> Void = { _ in }
    ) async throws -> Int {
        if let rule {
            try await db.delete(from: "person_match_keys").where("match_key", .like, "\(rule):%").run()
        } else {
            try await db.delete(from: "person_match_keys").run()
        }
        var done = 0
        var after = ""
        while true {
            let rows = try await db.select().columns(ColumnList(PersonRow.columns)).from("people").where(
                "id", .greaterThan, after
            )
            .orderBy("id").limit(1000).all(reading: PersonRow.self)
            guard let last = rows.last else { return done }
            let people = try await SQLPersonStore.withNames(rows, on: db)
            var values: [[any SQLExpression]] = []
            for person in people {
                let resolved = person.mergedInto == nil ? person.id : try await terminal(person.id, on: db)
                for key in MatchBlocking.keys(for: MatchRecord(person)).sorted()
                where rule.map({ key.first == $0 }) ?? true {
                    values.append([SQLBind(key), SQLBind(person.id.rawValue), SQLBind(resolved.rawValue)])
                }
            }
            for chunk in Records.chunks(values, columns: 3) {
                try await db.insert(into: "person_match_keys").columns("match_key", "person_id", "resolves_to")
                    .rows(chunk).run()
            }
            done += rows.count
            after = last.id
            progress(done)
        }
    }
}
