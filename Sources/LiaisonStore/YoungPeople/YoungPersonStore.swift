import Foundation
import LiaisonCore
import SQLKit

/// A young person's record on an episode, with what its rules need to know: the person's age when the episode began
/// and where it began.
package struct YoungPersonContext: Sendable, Hashable {
    package let record: YoungPersonRecord?
    package let age: Int
    package let pathwayPoint: PathwayPoint

    /// Whether the record applies at all: children and young adults up to 18.
    package var applies: Bool { age <= YoungPersonRecord.oldest }
}

/// Keeps the young person record of each episode. Each call is one use case: in one transaction the episode is
/// read, the policy asked, the draft checked against the person's age, the record written and audited.
package protocol YoungPersonStore: Sendable {
    /// The episode's record (nil until one is saved) and the facts it is checked against; audited as a view.
    func find(on episode: Episode.ID, by who: Attribution) async throws -> YoungPersonContext
    /// Saves `draft` on an open episode: creates it when `expected` is nil (stale if someone else just did),
    /// otherwise updates the version expected.
    func save(_ draft: YoungPersonDraft, on episode: Episode.ID, expected: ExpectedVersion?, by who: Attribution)
        async throws -> YoungPersonRecord
}

/// `YoungPersonStore` over SQLKit.
package struct SQLYoungPersonStore: YoungPersonStore {
    let database: Database
    let audit: AuditLog
    let clock: Clock

    package func find(on episode: Episode.ID, by who: Attribution) async throws -> YoungPersonContext {
        let now = clock.now()
        return try await database.transaction { db in
            let facts = try await Self.facts(episode, new: nil, by: who, now: now, on: db)
            try await audit.append(
                who.entry("young_person.view", "episode", episode.rawValue, personID: facts.person.rawValue), on: db)
            return YoungPersonContext(
                record: try await Self.record(episode, on: db), age: facts.age, pathwayPoint: facts.pathwayPoint)
        }
    }

    package func save(
        _ draft: YoungPersonDraft, on episode: Episode.ID, expected: ExpectedVersion?, by who: Attribution
    ) async throws -> YoungPersonRecord {
        let now = clock.now()
        return try await database.transaction { db in
            let facts = try await Self.facts(episode, new: "young person record", by: who, now: now, on: db)
            let valid = try draft.validated(for: episode, age: facts.age, now: now)
            try await Records.save(
                db, table: "young_person_records", id: episode.rawValue, expected: expected, now: now,
                fixed: [("person_id", facts.person.rawValue), ("organisation_id", facts.organisation.rawValue)],
                values: Self.columns(valid) + [("recorded_by", who.actor.userID.rawValue)])
            try await audit.append(
                who.entry("young_person.save", "episode", episode.rawValue, personID: facts.person.rawValue), on: db)
            return try await Self.record(episode, on: db)!
        }
    }

    struct Facts {
        let person: Person.ID
        let organisation: Organisation.ID
        let age: Int
        let pathwayPoint: PathwayPoint
    }

    /// The episode's facts, after the policy has let `who` record on it (and, for a write, that it is open).
    static func facts(_ episode: Episode.ID, new what: String?, by who: Attribution, now: Date, on db: any SQLDatabase)
        async throws -> Facts
    {
        let recordable = try await SQLEpisodeStore.requireRecordable(
            episode, new: what, by: who, now: Timestamp.text(now), on: db)
        guard
            let row = try await db.select().column(SQLColumn("date_of_birth", table: "people"))
                .column(SQLColumn("organisation_id", table: "episodes"))
                .column(SQLColumn("pathway_point", table: "episodes")).from("episodes")
                .join("people", on: SQLColumn("person_id", table: "episodes"), .equal, SQLColumn("id", table: "people"))
                .where(SQLColumn("id", table: "episodes"), .equal, SQLBind(episode.rawValue)).first()
        else { throw DomainError.notFound(what: "episode") }
        let born = try StoredCode.date(try row.decode(column: "date_of_birth", as: String.self), "date_of_birth")
        return Facts(
            person: recordable.personID,
            organisation: .init(try row.decode(column: "organisation_id", as: String.self)),
            age: born.years(until: CalendarDate(recordable.identifiedAt)),
            pathwayPoint: try StoredCode.read(
                try row.decode(column: "pathway_point", as: String.self), "pathway_point", as: PathwayPoint.self))
    }

    static func columns(_ record: YoungPersonRecord) -> [(String, any Encodable & Sendable)] {
        let adult = record.appropriateAdult
        let parent = record.parentCarer
        return [
            ("appropriate_adult_name", adult?.name),
            ("appropriate_adult_relationship", adult?.relationship.rawValue),
            ("appropriate_adult_from", adult.map { Timestamp.text($0.presentFrom) }),
            ("appropriate_adult_until", adult?.presentUntil.map(Timestamp.text)),
            ("parent_carer_name", parent?.name), ("parent_carer_relationship", parent?.relationship),
            ("parent_carer_informed", parent.map(\.informed)),
            ("youth_justice", record.youthJustice.rawValue), ("youth_justice_worker", record.youthJusticeWorker),
            ("transition_plan", record.transition?.plan), ("adult_service_lead", record.transition?.adultServiceLead),
        ]
    }

    static func record(_ episode: Episode.ID, on db: any SQLDatabase) async throws -> YoungPersonRecord? {
        guard
            let row = try await db.select()
                .columns(
                    "appropriate_adult_name", "appropriate_adult_relationship", "appropriate_adult_from",
                    "appropriate_adult_until", "parent_carer_name", "parent_carer_relationship",
                    "parent_carer_informed", "youth_justice", "youth_justice_worker", "transition_plan",
                    "adult_service_lead", "version"
                )
                .from("young_person_records").where("id", .equal, episode.rawValue).first()
        else { return nil }
        func text(_ column: String) throws -> String? { try row.decode(column: column, as: String?.self) }
        var adult: YoungPersonRecord.AppropriateAdult?
        if let name = try text("appropriate_adult_name"), let relationship = try text("appropriate_adult_relationship"),
            let from = try text("appropriate_adult_from")
        {
            adult = .init(
                name: name,
                relationship: try StoredCode.read(
                    relationship, "appropriate_adult_relationship", as: AppropriateAdultRelationship.self),
                presentFrom: try Timestamp.date(from),
                presentUntil: try text("appropriate_adult_until").map { try Timestamp.date($0) })
        }
        var parent: YoungPersonRecord.ParentCarer?
        if let name = try text("parent_carer_name") {
            parent = .init(
                name: name, relationship: try text("parent_carer_relationship") ?? "",
                informed: try row.decode(column: "parent_carer_informed", as: Bool?.self) ?? false)
        }
        return YoungPersonRecord(
            episodeID: episode, appropriateAdult: adult, parentCarer: parent,
            youthJustice: try StoredCode.read(
                try row.decode(column: "youth_justice", as: String.self), "youth_justice",
                as: YouthJusticeInvolvement.self),
            youthJusticeWorker: try text("youth_justice_worker"),
            transition: try text("transition_plan").map {
                .init(plan: $0, adultServiceLead: try text("adult_service_lead"))
            },
            version: try row.decode(column: "version", as: Int.self))
    }
}
