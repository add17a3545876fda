import Foundation
import LiaisonCore
import SQLKit

/// Proposes, confirms, rejects and reverses merges of duplicate records. Confirming moves the duplicate's
/// history to the survivor and remembers each moved row; reversing moves exactly those rows back. Every step is
/// audited against both people, in the same transaction.
package protocol MergeStore: Sendable {
    func propose(survivor: Person.ID, duplicate: Person.ID, reason: String, by who: Attribution) async throws
        -> PersonMerge
    /// Merges proposed by staff of the reader's organisation, and confirmed (or reversed) merges of records it
    /// holds, so the holding organisations are told and can reverse a wrong one; newest first. A merge of records
    /// the reader may not both open is masked; the others are read onto both people's trails.
    func list(by who: Attribution) async throws -> [PersonMerge]
    func find(_ id: PersonMerge.ID) async throws -> PersonMerge?
    func confirm(_ id: PersonMerge.ID, expected: ExpectedVersion, by who: Attribution) async throws -> PersonMerge
    func reject(_ id: PersonMerge.ID, expected: ExpectedVersion, by who: Attribution) async throws -> PersonMerge
    /// Undoes a confirmed merge; `who.reason` says why.
    func reverse(_ id: PersonMerge.ID, expected: ExpectedVersion, by who: Attribution) async throws -> PersonMerge
}

/// `MergeStore` over SQLKit.
package struct SQLMergeStore: MergeStore {
    let database: Database
    let audit: AuditLog
    let clock: Clock
    let ids: IDGenerator

    /// The tables whose rows belong to a person and move with a merge.
    static let movedTables = [
        "episodes", "screening_responses", "assessments", "referrals", "list_lines", "consents", "disclosures",
        "court_reports", "hearings", "justice_outcomes", "relationship_claims", "young_person_records",
        "episode_data_items", "support_cases", "placements", "housing_requests",
    ]

    package func propose(survivor: Person.ID, duplicate: Person.ID, reason: String, by who: Attribution)
        async throws -> PersonMerge
    {
        let id: PersonMerge.ID = ids.next()
        let now = Timestamp.text(clock.now())
        return try await database.transaction { db in
            guard let kept = try await SQLPersonStore.find(survivor, on: db),
                let other = try await SQLPersonStore.find(duplicate, on: db)
            else { throw DomainError.notFound(what: "person") }
            let relationships = try await relationships(survivor, duplicate, on: db)
            try AccessPolicy.require(who.actor, .proposeMergeOf(relationships.0, relationships.1))
            let reason = try MergeRules.checkProposal(survivor: kept, duplicate: other, reason: reason)
            try await RowLocks.people([survivor, duplicate], on: db)
            let pending = try await db.select().column("id").from("person_merges")
                .where("status", .equal, MergeStatus.proposed.rawValue)
                .where(group: { group in
                    group.where("survivor_id", .in, [survivor.rawValue, duplicate.rawValue])
                        .orWhere("duplicate_id", .in, [survivor.rawValue, duplicate.rawValue])
                }).first()
            if pending != nil {
                throw ValidationFailure(
                    field: "duplicateID", message: "A merge of one of these records is already waiting for a decision")
            }
            try await db.insert(into: "person_merges")
                .columns(
                    "id", "survivor_id", "duplicate_id", "organisation_id", "reason", "status", "proposed_by",
                    "proposed_at", "created_at", "updated_at", "version"
                )
                .values(
                    SQLBind(id.rawValue), SQLBind(survivor.rawValue), SQLBind(duplicate.rawValue),
                    SQLBind(who.actor.organisationID.rawValue), SQLBind(reason),
                    SQLBind(MergeStatus.proposed.rawValue), SQLBind(who.actor.userID.rawValue), SQLBind(now),
                    SQLBind(now), SQLBind(now), SQLBind(1)
                ).run()
            try await auditBoth("person.merge_propose", id, survivor, duplicate, who, on: db)
            return try await Self.find(id, on: db)!
        }
    }

    package func list(by who: Attribution) async throws -> [PersonMerge] {
        let organisation = who.actor.organisationID
        let now = Timestamp.text(clock.now())
        return try await database.transaction { db in
            let merges = try await db.select().columns(ColumnList(MergeRow.columns)).from("person_merges")
                .where("organisation_id", .equal, organisation.rawValue)
                .orWhere { affected in
                    affected.where("status", .in, [MergeStatus.confirmed.rawValue, MergeStatus.reversed.rawValue])
                        .where(
                            SQLColumn("survivor_id"), .in,
                            SQLGroupExpression(
                                "SELECT person_id FROM episodes WHERE organisation_id = \(bind: organisation.rawValue)"
                                    as SQLQueryString))
                }
                .orderBy("proposed_at", .descending)
                .limit(500).all(decoding: MergeRow.self, keyDecodingStrategy: .snakeCaseColumns)
                .map { try $0.merge() }
            let people = Set(merges.flatMap { [$0.survivorID.rawValue, $0.duplicateID.rawValue] })
            let openable = try await SQLPersonStore.openable(Array(people), by: who, now: now, on: db)
            let listed = merges.map {
                openable.contains($0.survivorID) && openable.contains($0.duplicateID) ? $0 : $0.masked()
            }
            try await audit.append(
                all: listed.filter { !$0.isMasked }.flatMap { merge in
                    [merge.survivorID, merge.duplicateID].map {
                        who.entry("person_merge.list_view", "person_merge", merge.id.rawValue, personID: $0.rawValue)
                    }
                }, on: db)
            return listed
        }
    }

    package func find(_ id: PersonMerge.ID) async throws -> PersonMerge? {
        try await database.withConnection { db in try await Self.find(id, on: db) }
    }

    package func confirm(_ id: PersonMerge.ID, expected: ExpectedVersion, by who: Attribution) async throws
        -> PersonMerge
    {
        try await decide(id, .confirmed, expected: expected, by: who) { merge, db in
            // Both records locked before they are checked: two merges of one record confirmed at once cannot both
            // find it unmerged.
            try await RowLocks.people([merge.survivorID, merge.duplicateID], on: db)
            guard let duplicate = try await SQLPersonStore.find(merge.duplicateID, on: db),
                duplicate.mergedInto == nil,
                try await SQLPersonStore.find(merge.survivorID, on: db)?.mergedInto == nil
            else { throw DomainError.ruleBroken("One of these records has already been merged into another") }
            for table in Self.movedTables {
                // The rows moved are the rows recorded, from one statement: a row added to the duplicate meanwhile
                // is either moved and recorded (so a reversal moves it back) or not moved at all.
                let rows = try await db.update(table).set("person_id", to: merge.survivorID.rawValue)
                    .where("person_id", .equal, merge.duplicateID.rawValue).returning("id").all()
                    .map { try $0.decode(column: "id", as: String.self) }
                for row in rows {
                    try await db.insert(into: "person_merge_moves").columns("merge_id", "table_name", "row_id")
                        .values(SQLBind(id.rawValue), SQLBind(table), SQLBind(row)).run()
                }
            }
            try await Self.setMergedInto(merge.survivorID, of: merge.duplicateID, now: clock.now(), on: db)
            try await MatchKeys.resolve(around: [merge.survivorID, merge.duplicateID], on: db)
            try await auditBoth("person.merge_confirm", id, merge.survivorID, merge.duplicateID, who, on: db)
        }
    }

    package func reject(_ id: PersonMerge.ID, expected: ExpectedVersion, by who: Attribution) async throws
        -> PersonMerge
    {
        try await decide(id, .rejected, expected: expected, by: who) { merge, db in
            try await auditBoth("person.merge_reject", id, merge.survivorID, merge.duplicateID, who, on: db)
        }
    }

    package func reverse(_ id: PersonMerge.ID, expected: ExpectedVersion, by who: Attribution) async throws
        -> PersonMerge
    {
        try await database.transaction { db in
            guard let merge = try await Self.find(id, on: db) else { throw DomainError.notFound(what: "merge") }
            try AccessPolicy.require(
                who.actor, .reverseMerge(try await relationships(merge.survivorID, merge.duplicateID, on: db).0))
            try Records.requireCurrent(expected, merge.version)
            guard merge.status == .confirmed else {
                throw DomainError.ruleBroken("Only a confirmed merge can be reversed")
            }
            guard who.reason.map(Text.tidy).map({ $0.count >= 10 }) == true else {
                throw ValidationFailure(field: "reason", message: "Say why the merge was wrong, in a sentence")
            }
            // As long as a proposal's reason may be: it goes into the audit record.
            guard (who.reason.map(Text.tidy)?.count ?? 0) <= 1_000 else {
                throw ValidationFailure(field: "reason", message: "Say why in 1,000 characters or fewer")
            }
            _ = try await Records.update(
                db, table: "person_merges", id: id.rawValue, expected: expected.value, now: clock.now(),
                set: ["status": MergeStatus.reversed.rawValue])
            let moves = try await db.select().columns("table_name", "row_id").from("person_merge_moves")
                .where("merge_id", .equal, id.rawValue).all()
            for move in moves {
                let table = try move.decode(column: "table_name", as: String.self)
                guard Self.movedTables.contains(table) else { continue }
                try await db.update(table).set("person_id", to: merge.duplicateID.rawValue)
                    .where("id", .equal, try move.decode(column: "row_id", as: String.self)).run()
            }
            try await Self.setMergedInto(nil, of: merge.duplicateID, now: clock.now(), on: db)
            try await MatchKeys.resolve(around: [merge.survivorID, merge.duplicateID], on: db)
            try await auditBoth("person.merge_reverse", id, merge.survivorID, merge.duplicateID, who, on: db)
            return try await Self.find(id, on: db)!
        }
    }

    /// Merges the duplicate away (or back) as a new version of it: an edit begun on it before is then a conflict,
    /// never written onto a record that is no longer shown.
    static func setMergedInto(_ survivor: Person.ID?, of duplicate: Person.ID, now: Date, on db: any SQLDatabase)
        async throws
    {
        try await db.raw(
            """
            UPDATE people SET merged_into = \(bind: survivor?.rawValue), version = version + 1, \
            updated_at = \(bind: Timestamp.text(now)) WHERE id = \(bind: duplicate.rawValue)
            """
        ).run()
    }

    private func decide(
        _ id: PersonMerge.ID, _ status: MergeStatus, expected: ExpectedVersion, by who: Attribution,
        _ apply: @escaping @Sendable (PersonMerge, any SQLDatabase) async throws -> Void
    ) async throws -> PersonMerge {
        let now = clock.now()
        return try await database.transaction { db in
            guard let merge = try await Self.find(id, on: db) else { throw DomainError.notFound(what: "merge") }
            let (kept, duplicate) = try await relationships(merge.survivorID, merge.duplicateID, on: db)
            try AccessPolicy.require(
                who.actor, .decideMerge(proposingOrganisation: merge.organisationID, kept, duplicate))
            try Records.requireCurrent(expected, merge.version)
            try MergeRules.checkDecision(merge, by: who.actor)
            _ = try await Records.update(
                db, table: "person_merges", id: id.rawValue, expected: expected.value, now: now,
                set: [
                    "status": status.rawValue, "decided_by": who.actor.userID.rawValue,
                    "decided_at": Timestamp.text(now),
                ])
            try await apply(merge, db)
            return try await Self.find(id, on: db)!
        }
    }

    private func auditBoth(
        _ action: String, _ id: PersonMerge.ID, _ survivor: Person.ID, _ duplicate: Person.ID, _ who: Attribution,
        on db: any SQLDatabase
    ) async throws {
        for person in [survivor, duplicate] {
            try await audit.append(who.entry(action, "person_merge", id.rawValue, personID: person.rawValue), on: db)
        }
    }

    /// Who works with each record of a merge, read in the merge's transaction for the policy.
    private func relationships(_ kept: Person.ID, _ duplicate: Person.ID, on db: any SQLDatabase) async throws
        -> (PersonRelationship, PersonRelationship)
    {
        let read = try await SQLPersonStore.relationships(
            [kept.rawValue, duplicate.rawValue], now: Timestamp.text(clock.now()), on: db)
        return (read[kept]!, read[duplicate]!)
    }

    static func find(_ id: PersonMerge.ID, on db: any SQLDatabase) async throws -> PersonMerge? {
        try await db.select().columns(ColumnList(MergeRow.columns)).from("person_merges").where(
            "id", .equal, id.rawValue
        )
        .first(decoding: MergeRow.self, keyDecodingStrategy: .snakeCaseColumns)?.merge()
    }
}

private struct MergeRow: Decodable {
    /// Named, never `*` (a connection prepared before a migration would label the values with old names).
    static let columns = [
        "id", "survivor_id", "duplicate_id", "reason", "status", "proposed_by", "organisation_id", "proposed_at",
        "decided_by", "decided_at", "version",
    ]

    let id: String
    let survivorId: String
    let duplicateId: String
    let reason: String
    let status: String
    let proposedBy: String
    let organisationId: String
    let proposedAt: String
    let decidedBy: String?
    let decidedAt: String?
    let version: Int

    func merge() throws -> PersonMerge {
        PersonMerge(
            id: .init(id), survivorID: .init(survivorId), duplicateID: .init(duplicateId), reason: reason,
            status: try StoredCode.read(status, "status", as: MergeStatus.self), proposedBy: .init(proposedBy),
            organisationID: .init(organisationId), proposedAt: try Timestamp.date(proposedAt),
            decidedBy: decidedBy.map(User.ID.init),
            decidedAt: try decidedAt.map(Timestamp.date), version: version)
    }
}
