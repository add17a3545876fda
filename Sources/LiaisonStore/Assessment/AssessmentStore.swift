import Foundation
import LiaisonCore
import SQLKit

/// Reads and writes assessments. A section save replaces that section's answers (a draft kept between sittings);
/// completing locks the assessment. Every read and write is audited against the person.
package protocol AssessmentStore: Sendable {
    /// The assessment of an episode, if one has been started. Audited as a read of the person's record.
    func find(for episode: Episode.ID, by who: Attribution) async throws -> Assessment?
    /// Every assessment of a person, newest first (for the person page; the page view is the audit event).
    func list(for person: Person.ID) async throws -> [Assessment]
    /// Saves one section, starting the assessment if there is none. `expected` is nil only when starting.
    func save(_ section: ValidAssessmentSection, for episode: Episode, expected: ExpectedVersion?, by who: Attribution)
        async throws -> Assessment
    /// Completes and locks the assessment: every section must be completed.
    func complete(_ id: Assessment.ID, expected: ExpectedVersion, by who: Attribution) async throws -> Assessment
    /// Starts the episode's assessment as a copy of `source`, a completed assessment of the same person by the same
    /// organisation: every section copied in progress, to be checked and completed again; attributed to `source`.
    func start(_ episode: Episode.ID, from source: Assessment.ID, by who: Attribution) async throws -> Assessment
}

/// `AssessmentStore` over SQLKit.
package struct SQLAssessmentStore: AssessmentStore {
    let database: Database
    let audit: AuditLog
    let clock: Clock
    let ids: IDGenerator
    let views: AuditBatcher

    package func find(for episode: Episode.ID, by who: Attribution) async throws -> Assessment? {
        guard let found = try await database.snapshot({ db in try await Self.find(episode: episode, on: db) }) else {
            return nil
        }
        try await views.record(
            who.entry("assessment.view", "assessment", found.id.rawValue, personID: found.personID.rawValue))
        return found
    }

    package func list(for person: Person.ID) async throws -> [Assessment] {
        try await database.withConnection { db in try await Self.list(person: person, on: db) }
    }

    /// A person's assessments, newest first.
    static func list(person: Person.ID, on db: any SQLDatabase) async throws -> [Assessment] {
        let rows = try await ReadTogether.rows(
            [
                .init(listQuery(person: person)), .init(answersQuery(person: person), detailing: 0),
                .init(sectionsQuery(person: person), detailing: 0),
            ], on: db)
        return try assessments(rows[0], answers: rows[1], progress: rows[2])
    }

    /// The person's assessments, newest first.
    static func listQuery(person: Person.ID) -> SQLQueryString {
        """
        SELECT \(AssessmentRow.list) FROM assessments WHERE person_id = \(bind: person.rawValue) \
        ORDER BY created_at DESC
        """
    }

    /// The answers of the person's assessments.
    static func answersQuery(person: Person.ID) -> SQLQueryString { answersQuery(of: ofPerson(person)) }

    /// The section progress of the person's assessments.
    static func sectionsQuery(person: Person.ID) -> SQLQueryString { sectionsQuery(of: ofPerson(person)) }

    /// The ids of the person's assessments, for `IN (…)`.
    private static func ofPerson(_ person: Person.ID) -> SQLQueryString {
        "SELECT id FROM assessments WHERE person_id = \(bind: person.rawValue)"
    }

    /// The answers of the assessments `ids` lists (ids bound, or a subquery).
    private static func answersQuery(of ids: SQLQueryString) -> SQLQueryString {
        "SELECT assessment_id, section, item, value FROM assessment_answers WHERE assessment_id IN (\(ids))"
    }

    /// The section progress of the assessments `ids` lists (ids bound, or a subquery).
    private static func sectionsQuery(of ids: SQLQueryString) -> SQLQueryString {
        "SELECT assessment_id, section, progress FROM assessment_sections WHERE assessment_id IN (\(ids))"
    }

    /// Assessments from their rows (`listQuery`), answers' rows and section progress rows.
    static func assessments(_ rows: [any SQLRow], answers: [any SQLRow], progress: [any SQLRow]) throws
        -> [Assessment]
    {
        try assemble(
            rows.map { try $0.decode(model: AssessmentRow.self, keyDecodingStrategy: .snakeCaseColumns) },
            answers: answers, progress: progress)
    }

    package func save(
        _ section: ValidAssessmentSection, for episode: Episode, expected: ExpectedVersion?, by who: Attribution
    ) async throws -> Assessment {
        let now = clock.now()
        return try await database.transaction { db in
            // The policy and the open episode on what this transaction reads (the person is the episode's now).
            let episode = try await SQLEpisodeStore.requireRecordable(
                episode.id, new: "assessment", by: who, now: Timestamp.text(now), on: db)
            let id: Assessment.ID
            if let existing = try await Self.find(episode: episode.id, on: db) {
                guard let expected else { throw DomainError.staleVersion(current: existing.version) }
                try Records.requireCurrent(expected, existing.version)
                guard !existing.isComplete else {
                    throw DomainError.ruleBroken("This assessment is complete and locked")
                }
                id = existing.id
                _ = try await Records.update(
                    db, table: "assessments", id: id.rawValue, expected: expected.value, now: now, set: [:])
            } else {
                // A version named for an assessment there is none of (it was never started) matches nothing.
                if let expected, expected.value != 0 { throw DomainError.staleVersion(current: 0) }
                id = ids.next()
                let stamp = Timestamp.text(now)
                try await db.insert(into: "assessments")
                    .columns("id", "episode_id", "person_id", "created_by", "created_at", "updated_at", "version")
                    .values(
                        SQLBind(id.rawValue), SQLBind(episode.id.rawValue), SQLBind(episode.personID.rawValue),
                        SQLBind(who.actor.userID.rawValue), SQLBind(stamp), SQLBind(stamp), SQLBind(1)
                    ).run()
            }
            try await db.delete(from: "assessment_answers").where("assessment_id", .equal, id.rawValue)
                .where("section", .equal, section.section.rawValue).run()
            for (item, value) in section.answers.sorted(by: { $0.key < $1.key }) {
                try await db.insert(into: "assessment_answers").columns("assessment_id", "section", "item", "value")
                    .values(
                        SQLBind(id.rawValue), SQLBind(section.section.rawValue), SQLBind(item), SQLBind(value)
                    ).run()
            }
            try await db.delete(from: "assessment_sections").where("assessment_id", .equal, id.rawValue)
                .where("section", .equal, section.section.rawValue).run()
            try await db.insert(into: "assessment_sections").columns("assessment_id", "section", "progress")
                .values(SQLBind(id.rawValue), SQLBind(section.section.rawValue), SQLBind(section.progress.rawValue))
                .run()
            try await audit.append(
                who.entry(
                    "assessment.save.\(section.section.rawValue)", "assessment", id.rawValue,
                    personID: episode.personID.rawValue), on: db)
            return try await Self.find(id: id, on: db)!
        }
    }

    package func start(_ episode: Episode.ID, from source: Assessment.ID, by who: Attribution) async throws
        -> Assessment
    {
        let now = clock.now()
        let id: Assessment.ID = ids.next()
        return try await database.transaction { db in
            let target = try await SQLEpisodeStore.requireRecordable(
                episode, new: "assessment", by: who, now: Timestamp.text(now), on: db)
            if let existing = try await Self.find(episode: episode, on: db) {
                throw DomainError.staleVersion(current: existing.version)
            }
            guard let copied = try await Self.find(id: source, on: db), copied.isComplete,
                copied.personID == target.personID,
                try await SQLEpisodeStore.find(copied.episodeID, on: db).organisationID
                    == SQLEpisodeStore.find(episode, on: db).organisationID
            else {
                throw ValidationFailure(
                    field: "source", message: "Choose a completed assessment of this person by your organisation")
            }
            let stamp = Timestamp.text(now)
            try await db.insert(into: "assessments")
                .columns(
                    "id", "episode_id", "person_id", "created_by", "created_at", "updated_at", "version", "copied_from"
                )
                .values(
                    SQLBind(id.rawValue), SQLBind(episode.rawValue), SQLBind(target.personID.rawValue),
                    SQLBind(who.actor.userID.rawValue), SQLBind(stamp), SQLBind(stamp), SQLBind(1),
                    SQLBind(source.rawValue)
                ).run()
            for (section, answers) in copied.answers.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                for (item, value) in answers.sorted(by: { $0.key < $1.key }) {
                    try await db.insert(into: "assessment_answers").columns("assessment_id", "section", "item", "value")
                        .values(SQLBind(id.rawValue), SQLBind(section.rawValue), SQLBind(item), SQLBind(value)).run()
                }
                // Copied, not yet checked: each section is in progress until the practitioner completes it again.
                try await db.insert(into: "assessment_sections").columns("assessment_id", "section", "progress")
                    .values(
                        SQLBind(id.rawValue), SQLBind(section.rawValue), SQLBind(SectionProgress.inProgress.rawValue)
                    ).run()
            }
            try await audit.append(
                all: [
                    who.entry("assessment.view", "assessment", source.rawValue, personID: target.personID.rawValue),
                    who.entry("assessment.start_from", "assessment", id.rawValue, personID: target.personID.rawValue),
                ], on: db)
            return try await Self.find(id: id, on: db)!
        }
    }

    package func complete(_ id: Assessment.ID, expected: ExpectedVersion, by who: Attribution) async throws
        -> Assessment
    {
        let now = clock.now()
        return try await database.transaction { db in
            guard let assessment = try await Self.find(id: id, on: db) else {
                throw DomainError.notFound(what: "assessment")
            }
            // The policy on the episode as this transaction reads it (the page asked before).
            _ = try await SQLEpisodeStore.requireRecordable(
                assessment.episodeID, new: nil, by: who, now: Timestamp.text(now), on: db)
            // A completion sent from a page read before a colleague's change is a conflict, not a rule error.
            try Records.requireCurrent(expected, assessment.version)
            guard !assessment.isComplete else { throw DomainError.ruleBroken("This assessment is already complete") }
            guard assessment.isReadyToComplete else {
                throw DomainError.ruleBroken("Complete every section before completing the assessment")
            }
            _ = try await Records.update(
                db, table: "assessments", id: id.rawValue, expected: expected.value, now: now,
                set: ["completed_at": Timestamp.text(now), "completed_by": who.actor.userID.rawValue])
            try await EpisodeProgress.refresh([assessment.episodeID.rawValue], on: db)
            try await audit.append(
                who.entry("assessment.complete", "assessment", id.rawValue, personID: assessment.personID.rawValue),
                on: db)
            return try await Self.find(id: id, on: db)!
        }
    }

    static func find(episode: Episode.ID, on db: any SQLDatabase) async throws -> Assessment? {
        let rows = try await db.select().columns(ColumnList(AssessmentRow.columns)).from("assessments").where(
            "episode_id", .equal, episode.rawValue
        )
        .all(decoding: AssessmentRow.self, keyDecodingStrategy: .snakeCaseColumns)
        return try await assemble(rows, on: db).first
    }

    static func find(id: Assessment.ID, on db: any SQLDatabase) async throws -> Assessment? {
        let rows = try await db.select().columns(ColumnList(AssessmentRow.columns)).from("assessments").where(
            "id", .equal, id.rawValue
        )
        .all(decoding: AssessmentRow.self, keyDecodingStrategy: .snakeCaseColumns)
        return try await assemble(rows, on: db).first
    }

    private static func assemble(_ rows: [AssessmentRow], on db: any SQLDatabase) async throws -> [Assessment] {
        guard !rows.isEmpty else { return [] }
        let ids = rows.map(\.id)
        return try assemble(
            rows,
            answers: try await db.raw(answersQuery(of: "\(binds: ids)")).all(),
            progress: try await db.raw(sectionsQuery(of: "\(binds: ids)")).all())
    }

    private static func assemble(
        _ rows: [AssessmentRow], answers answerRows: [any SQLRow], progress progressRows: [any SQLRow]
    )
        throws -> [Assessment]
    {
        var answers: [String: [AssessmentSection: [String: String]]] = [:]
        for row in answerRows {
            guard let section = AssessmentSection(rawValue: try row.decode(column: "section", as: String.self))
            else { continue }
            answers[try row.decode(column: "assessment_id", as: String.self), default: [:]][section, default: [:]][
                try row.decode(column: "item", as: String.self)] = try row.decode(column: "value", as: String.self)
        }
        var progress: [String: [AssessmentSection: SectionProgress]] = [:]
        for row in progressRows {
            guard let section = AssessmentSection(rawValue: try row.decode(column: "section", as: String.self)),
                let value = SectionProgress(rawValue: try row.decode(column: "progress", as: String.self))
            else { continue }
            progress[try row.decode(column: "assessment_id", as: String.self), default: [:]][section] = value
        }
        return try rows.map { row in
            Assessment(
                id: .init(row.id), episodeID: .init(row.episodeId), personID: .init(row.personId),
                answers: answers[row.id] ?? [:], progress: progress[row.id] ?? [:],
                completedAt: try row.completedAt.map(Timestamp.date), completedBy: row.completedBy.map(User.ID.init),
                updatedAt: try Timestamp.date(row.updatedAt), version: row.version,
                copiedFrom: row.copiedFrom.map(Assessment.ID.init))
        }
    }
}

private struct AssessmentRow: Decodable {
    let id: String
    let episodeId: String
    let personId: String
    let completedAt: String?
    let completedBy: String?
    let updatedAt: String
    let version: Int
    let copiedFrom: String?

    /// The columns a row is read with (named, never `*`), decoded from snake case.
    static let columns = [
        "id", "episode_id", "person_id", "completed_at", "completed_by", "updated_at", "version", "copied_from",
    ]
    /// `columns`, quoted once, for statements written as SQL.
    static let list = ColumnList(columns)
}
