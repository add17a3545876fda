import Foundation
import LiaisonCore
import SQLKit

/// Hearings and justice outcomes on episodes. Recording is for the episode's organisation (at one of its courts);
/// every write is audited against the person. Outcome reporting reads coded outcomes, never text.
package protocol HearingStore: Sendable {
    func record(_ values: ValidHearing, for episode: Episode, by who: Attribution) async throws -> Hearing
    func record(_ values: ValidOutcome, for episode: Episode, by who: Attribution) async throws -> JusticeOutcome
    /// A person's hearings across the service, newest first (their timeline).
    func hearings(of person: Person.ID) async throws -> [Hearing]
    /// A person's outcomes across the service, newest first.
    func outcomes(of person: Person.ID) async throws -> [JusticeOutcome]
    /// The court outcomes a report of `scope` counts (an organisation's, or the whole service's).
    func outcomes(in scope: ReportingScope) async throws -> [JusticeOutcome]
}

extension HearingStore {
    /// The organisation's court outcomes (for outcome reporting).
    package func outcomes(of organisation: Organisation.ID) async throws -> [JusticeOutcome] {
        try await outcomes(in: .organisation(organisation))
    }
}

/// `HearingStore` over SQLKit.
package struct SQLHearingStore: HearingStore {
    let database: Database
    let audit: AuditLog
    let clock: Clock
    let ids: IDGenerator

    package func record(_ values: ValidHearing, for episode: Episode, by who: Attribution) async throws -> Hearing {
        let id: Hearing.ID = ids.next()
        let now = Timestamp.text(clock.now())
        return try await database.transaction { db in
            // The policy and the open episode on what this transaction reads (the person is the episode's now).
            _ = try await SQLEpisodeStore.requireRecordable(episode.id, new: "hearing", by: who, now: now, on: db)
            let episode = try await SQLEpisodeStore.find(episode.id, on: db)
            try await Self.insert(id, values, episode: episode, now: now, by: who, audit: audit, on: db)
            return try await Self.hearings(where: "id", id.rawValue, on: db)[0]
        }
    }

    /// Inserts a hearing in the caller's transaction, at one of the episode's organisation's courts.
    static func insert(
        _ id: Hearing.ID, _ values: ValidHearing, episode: Episode, now: String, by who: Attribution, audit: AuditLog,
        on db: any SQLDatabase
    ) async throws {
        guard let court = try await SQLSiteStore.find(values.courtID, on: db),
            court.isServed(by: episode.organisationID), ListKind.court.siteKinds.contains(court.kind)
        else { throw ValidationFailure(field: "courtID", message: "Select one of your organisation's courts") }
        try await db.insert(into: "hearings")
            .columns(
                "id", "person_id", "episode_id", "court_id", "hearing_date", "session", "courtroom", "case_reference",
                "recorded_by", "created_at", "updated_at", "version"
            )
            .values(
                SQLBind(id.rawValue), SQLBind(episode.personID.rawValue), SQLBind(episode.id.rawValue),
                SQLBind(court.id.rawValue), SQLBind(values.date.description), SQLBind(values.session?.rawValue),
                SQLBind(values.courtroom), SQLBind(values.caseReference), SQLBind(who.actor.userID.rawValue),
                SQLBind(now), SQLBind(now), SQLBind(1)
            ).run()
        try await audit.append(
            who.entry("hearing.record", "hearing", id.rawValue, personID: episode.personID.rawValue), on: db)
    }

    package func record(_ values: ValidOutcome, for episode: Episode, by who: Attribution) async throws
        -> JusticeOutcome
    {
        let id: JusticeOutcome.ID = ids.next()
        let now = Timestamp.text(clock.now())
        return try await database.transaction { db in
            // A decision may come after the episode closed; the policy still decides, on the episode as it is now
            // (locked, so a merge moving it is waited for and the person is the one it moved to).
            try await RowLocks.episodes([episode.id.rawValue], on: db)
            _ = try await SQLEpisodeStore.requireRecordable(episode.id, new: nil, by: who, now: now, on: db)
            let episode = try await SQLEpisodeStore.find(episode.id, on: db)
            if let hearing = values.hearingID {
                guard let found = try await Self.hearings(where: "id", hearing.rawValue, on: db).first,
                    found.episodeID == episode.id
                else { throw ValidationFailure(field: "hearingID", message: "Select one of this episode's hearings") }
                // A decision made at a hearing is made on its day or later (an adjourned decision), never before.
                guard values.decidedOn >= found.date else {
                    throw ValidationFailure(
                        field: "decidedOn",
                        message: "The decision cannot be before the hearing it was made at (\(found.date.long))")
                }
            }
            try await db.insert(into: "justice_outcomes")
                .columns(
                    "id", "person_id", "episode_id", "organisation_id", "hearing_id", "code", "treatment_requirement",
                    "decided_on", "note", "recorded_by", "created_at", "updated_at", "version"
                )
                .values(
                    SQLBind(id.rawValue), SQLBind(episode.personID.rawValue), SQLBind(episode.id.rawValue),
                    SQLBind(episode.organisationID.rawValue), SQLBind(values.hearingID?.rawValue),
                    SQLBind(values.code.rawValue), SQLBind(values.treatmentRequirement?.rawValue),
                    SQLBind(values.decidedOn.description), SQLBind(values.note), SQLBind(who.actor.userID.rawValue),
                    SQLBind(now), SQLBind(now), SQLBind(1)
                ).run()
            try await audit.append(
                who.entry("outcome.record", "justice_outcome", id.rawValue, personID: episode.personID.rawValue),
                on: db)
            return try await Self.outcomes(where: "id", id.rawValue, on: db)[0]
        }
    }

    package func hearings(of person: Person.ID) async throws -> [Hearing] {
        try await database.withConnection { db in try await Self.hearings(where: "person_id", person.rawValue, on: db) }
    }

    package func outcomes(of person: Person.ID) async throws -> [JusticeOutcome] {
        try await database.withConnection { db in try await Self.outcomes(where: "person_id", person.rawValue, on: db) }
    }

    package func outcomes(in scope: ReportingScope) async throws -> [JusticeOutcome] {
        try await database.withConnection { db in
            try await Self.outcomes(where: "organisation_id", scope.organisationID?.rawValue, on: db)
        }
    }

    static func hearings(where column: String, _ value: String, on db: any SQLDatabase) async throws -> [Hearing] {
        try await db.raw(hearingsQuery(where: column, value)).all().map(hearing(from:))
    }

    /// Hearings whose `column` is `value`, newest first.
    static func hearingsQuery(where column: String, _ value: String) -> SQLQueryString {
        """
        SELECT id, person_id, episode_id, court_id, hearing_date, session, courtroom, case_reference, version \
        FROM hearings WHERE \(ident: column) = \(bind: value) ORDER BY hearing_date DESC, created_at DESC LIMIT 5000
        """
    }

    /// A hearing from its row (`hearingsQuery`).
    static func hearing(from row: any SQLRow) throws -> Hearing {
        Hearing(
            id: .init(try row.decode(column: "id", as: String.self)),
            personID: .init(try row.decode(column: "person_id", as: String.self)),
            episodeID: .init(try row.decode(column: "episode_id", as: String.self)),
            courtID: .init(try row.decode(column: "court_id", as: String.self)),
            date: try StoredCode.date(try row.decode(column: "hearing_date", as: String.self), "hearing_date"),
            session: try row.decode(column: "session", as: String?.self).flatMap(ListSession.init(rawValue:)),
            courtroom: try row.decode(column: "courtroom", as: String?.self),
            caseReference: try row.decode(column: "case_reference", as: String.self),
            version: try row.decode(column: "version", as: Int.self))
    }

    /// Outcomes whose `column` is `value` (every outcome when `value` is nil), newest decision first.
    static func outcomes(where column: String, _ value: String?, on db: any SQLDatabase) async throws
        -> [JusticeOutcome]
    {
        try await db.raw(outcomesQuery(where: column, value)).all().map(outcome(from:))
    }

    /// The statement of `outcomes(where:_:on:)`.
    static func outcomesQuery(where column: String, _ value: String?) -> SQLQueryString {
        var query: SQLQueryString = """
            SELECT id, person_id, episode_id, hearing_id, code, treatment_requirement, decided_on, note, recorded_by, \
            version FROM justice_outcomes
            """
        if let value { query += " WHERE \(ident: column) = \(bind: value)" }
        return query + " ORDER BY decided_on DESC, created_at DESC LIMIT 20000"
    }

    /// An outcome from its row (`outcomesQuery`).
    static func outcome(from row: any SQLRow) throws -> JusticeOutcome {
        JusticeOutcome(
            id: .init(try row.decode(column: "id", as: String.self)),
            personID: .init(try row.decode(column: "person_id", as: String.self)),
            episodeID: .init(try row.decode(column: "episode_id", as: String.self)),
            hearingID: try row.decode(column: "hearing_id", as: String?.self).map(Hearing.ID.init),
            code: try StoredCode.read(
                try row.decode(column: "code", as: String.self), "code", as: OutcomeCode.self),
            treatmentRequirement: try row.decode(column: "treatment_requirement", as: String?.self)
                .flatMap(TreatmentRequirement.init(rawValue:)),
            decidedOn: try StoredCode.date(try row.decode(column: "decided_on", as: String.self), "decided_on"),
            note: try row.decode(column: "note", as: String?.self),
            recordedBy: .init(try row.decode(column: "recorded_by", as: String.self)),
            version: try row.decode(column: "version", as: Int.self))
    }
}
