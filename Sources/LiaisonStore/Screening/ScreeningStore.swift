import Foundation
import LiaisonCore
import SQLKit

/// Records screening responses. Scores are worked out by the instrument in Core before anything is stored;
/// the response, its answers and the audit event are written in one transaction.
package protocol ScreeningStore: Sendable {
    /// Records a screening as one use case: in one transaction the episode is read, the policy asked whether `who`
    /// may record on it and that it is open, the answers kept and the write audited.
    func record(
        _ instrument: Instrument, answers: [String: Int], on episode: Episode.ID, by who: Attribution
    ) async throws -> ScreeningResponse
    /// Every response for a person, newest first.
    func list(for person: Person.ID) async throws -> [ScreeningResponse]
    /// One response with its answers (the caller audits the read as a view of the person's record).
    func find(_ id: ScreeningResponse.ID) async throws -> ScreeningResponse?
    /// Continues a draft with the answers given so far: still a draft, or complete and scored. A completed
    /// screening is never changed (it is what the practitioner saw), nor one on a closed episode.
    func continueDraft(
        _ id: ScreeningResponse.ID, answers: [String: Int], expected: ExpectedVersion, by who: Attribution
    ) async throws -> ScreeningResponse
}

extension ScreeningStore {
    /// Records a screening on `episode` (its id is what counts: the store reads the episode itself).
    package func record(
        _ instrument: Instrument, answers: [String: Int], for episode: Episode, by who: Attribution
    ) async throws -> ScreeningResponse {
        try await record(instrument, answers: answers, on: episode.id, by: who)
    }
}

/// `ScreeningStore` over SQLKit.
package struct SQLScreeningStore: ScreeningStore {
    let database: Database
    let audit: AuditLog
    let clock: Clock
    let ids: IDGenerator

    package func record(
        _ instrument: Instrument, answers: [String: Int], on episode: Episode.ID, by who: Attribution
    ) async throws -> ScreeningResponse {
        let score = try instrument.score(answers)
        let id: ScreeningResponse.ID = ids.next()
        let now = clock.now()
        let person = try await database.transaction { db in
            let person = try await SQLEpisodeStore.requireRecordable(
                episode, new: "screening", by: who, now: Timestamp.text(now), on: db
            ).personID
            try await db.insert(into: "screening_responses")
                .columns(
                    "id", "episode_id", "person_id", "instrument_id", "instrument_version", "is_complete", "total",
                    "band", "flags", "recorded_by", "recorded_at", "version"
                )
                .values(
                    SQLBind(id.rawValue), SQLBind(episode.rawValue), SQLBind(person.rawValue),
                    SQLBind(instrument.id), SQLBind(instrument.version), SQLBind(score.isComplete),
                    SQLBind(score.total),
                    SQLBind(score.band), SQLBind(score.flags.joined(separator: "\n")),
                    SQLBind(who.actor.userID.rawValue), SQLBind(Timestamp.text(now)), SQLBind(1)
                ).run()
            try await keep(answers, of: id, complete: score.isComplete, person: person, by: who, on: db)
            if score.isComplete { try await EpisodeProgress.refresh([episode.rawValue], on: db) }
            return person
        }
        return ScreeningResponse(
            id: id, episodeID: episode, personID: person, instrumentID: instrument.id,
            instrumentVersion: instrument.version, answers: answers, score: score, recordedBy: who.actor.userID,
            recordedAt: now)
    }

    package func list(for person: Person.ID) async throws -> [ScreeningResponse] {
        try await database.withConnection { db in try await Self.list(person: person, on: db) }
    }

    /// A person's screenings, newest first, with their answers.
    static func list(person: Person.ID, on db: any SQLDatabase) async throws -> [ScreeningResponse] {
        let rows = try await ReadTogether.rows(
            [.init(listQuery(person: person)), .init(answersQuery(person: person), detailing: 0)], on: db)
        return try responses(rows[0], answers: rows[1])
    }

    /// The person's screening responses, newest first.
    static func listQuery(person: Person.ID) -> SQLQueryString {
        """
        SELECT \(ResponseRow.list) FROM screening_responses \
        WHERE person_id = \(bind: person.rawValue) ORDER BY recorded_at DESC
        """
    }

    /// The answers of the person's screening responses.
    static func answersQuery(person: Person.ID) -> SQLQueryString {
        """
        SELECT response_id, item_id, answer_code FROM screening_answers WHERE response_id IN \
        (SELECT id FROM screening_responses WHERE person_id = \(bind: person.rawValue))
        """
    }

    /// Responses from their rows (`listQuery`) and their answers' rows (`answersQuery`).
    static func responses(_ rows: [any SQLRow], answers answerRows: [any SQLRow]) throws -> [ScreeningResponse] {
        var answers: [String: [String: Int]] = [:]
        for row in answerRows {
            let response = try row.decode(column: "response_id", as: String.self)
            answers[response, default: [:]][try row.decode(column: "item_id", as: String.self)] =
                try row.decode(column: "answer_code", as: Int.self)
        }
        return try rows.map { row in
            let response = try row.decode(model: ResponseRow.self, keyDecodingStrategy: .snakeCaseColumns)
            return try response.response(answers: answers[response.id] ?? [:])
        }
    }

    package func find(_ id: ScreeningResponse.ID) async throws -> ScreeningResponse? {
        try await database.withConnection { db in try await Self.find(id, on: db) }
    }

    static func find(_ id: ScreeningResponse.ID, on db: any SQLDatabase) async throws -> ScreeningResponse? {
        guard
            let row = try await db.select().columns(ColumnList(ResponseRow.columns)).from("screening_responses")
                .where("id", .equal, id.rawValue)
                .first(decoding: ResponseRow.self, keyDecodingStrategy: .snakeCaseColumns)
        else { return nil }
        var answers: [String: Int] = [:]
        for answer in try await db.select().columns("item_id", "answer_code").from("screening_answers")
            .where("response_id", .equal, id.rawValue).all()
        {
            answers[try answer.decode(column: "item_id", as: String.self)] =
                try answer.decode(column: "answer_code", as: Int.self)
        }
        return try row.response(answers: answers)
    }

    package func continueDraft(
        _ id: ScreeningResponse.ID, answers: [String: Int], expected: ExpectedVersion, by who: Attribution
    ) async throws -> ScreeningResponse {
        let now = clock.now()
        return try await database.transaction { db in
            guard let draft = try await Self.find(id, on: db), let instrument = Instruments.find(draft.instrumentID)
            else { throw DomainError.notFound(what: "screening") }
            try Records.requireCurrent(expected, draft.version)
            guard !draft.isComplete else {
                throw DomainError.ruleBroken("This screening is complete: its answers and score are kept as recorded")
            }
            try await SQLEpisodeStore.find(draft.episodeID, on: db).requireOpen(for: "screening")
            let score = try instrument.score(answers)
            let updated = try await db.update("screening_responses").set("is_complete", to: score.isComplete)
                .set("total", to: score.total).set("band", to: score.band)
                .set("flags", to: score.flags.joined(separator: "\n"))
                .set("recorded_by", to: who.actor.userID.rawValue).set("recorded_at", to: Timestamp.text(now))
                .set("version", to: draft.version + 1)
                .where("id", .equal, id.rawValue).where("version", .equal, expected.value).returning("id").all()
            guard !updated.isEmpty else { throw DomainError.staleVersion(current: draft.version) }
            try await db.delete(from: "screening_answers").where("response_id", .equal, id.rawValue).run()
            try await keep(answers, of: id, complete: score.isComplete, person: draft.personID, by: who, on: db)
            if score.isComplete { try await EpisodeProgress.refresh([draft.episodeID.rawValue], on: db) }
            return ScreeningResponse(
                id: id, episodeID: draft.episodeID, personID: draft.personID, instrumentID: instrument.id,
                instrumentVersion: instrument.version, answers: answers, score: score, recordedBy: who.actor.userID,
                recordedAt: now, version: draft.version + 1)
        }
    }

    /// The answers, one row each in one statement, and the audit event (a draft or a completed screening), in the
    /// caller's transaction.
    private func keep(
        _ answers: [String: Int], of id: ScreeningResponse.ID, complete: Bool, person: Person.ID, by who: Attribution,
        on db: any SQLDatabase
    ) async throws {
        if !answers.isEmpty {
            try await db.insert(into: "screening_answers").columns("response_id", "item_id", "answer_code")
                .rows(
                    answers.sorted(by: { $0.key < $1.key }).map { item, code in
                        [SQLBind(id.rawValue), SQLBind(item), SQLBind(code)]
                    }
                ).run()
        }
        try await audit.append(
            who.entry(
                complete ? "screening.complete" : "screening.draft", "screening_response", id.rawValue,
                personID: person.rawValue), on: db)
    }

}

private struct ResponseRow: Decodable {
    let id: String
    let episodeId: String
    let personId: String
    let instrumentId: String
    let instrumentVersion: String
    let isComplete: Bool
    let total: Int?
    let band: String?
    let flags: String
    let recordedBy: String
    let recordedAt: String
    let version: Int

    static let columns: [String] = [
        "id", "episode_id", "person_id", "instrument_id", "instrument_version", "is_complete", "total", "band",
        "flags", "recorded_by", "recorded_at", "version",
    ]
    /// `columns`, quoted once, for statements written as SQL.
    static let list = ColumnList(columns)

    /// The stored score is what the practitioner saw when recording: it is read back, not recomputed.
    func response(answers: [String: Int]) throws -> ScreeningResponse {
        let instrument = Instruments.find(instrumentId)
        let short = (try? instrument?.score(answers).shortForms) ?? []
        return ScreeningResponse(
            id: .init(id), episodeID: .init(episodeId), personID: .init(personId), instrumentID: instrumentId,
            instrumentVersion: instrumentVersion, answers: answers,
            score: InstrumentScore(
                total: isComplete ? total : nil, band: band,
                flags: flags.isEmpty
                    ? [] : flags.split(separator: "\n", omittingEmptySubsequences: false).map(String.init),
                shortForms: short),
            recordedBy: .init(recordedBy), recordedAt: try Timestamp.date(recordedAt), version: version)
    }
}
