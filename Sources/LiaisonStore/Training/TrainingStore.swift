import Foundation
import LiaisonCore
import SQLKit

/// Keeps the training sessions organisations delivered. Each call is one use case: the policy asked, the draft
/// checked, the session and its attendees written in one transaction and audited.
package protocol TrainingStore: Sendable {
    /// Records a session the actor's organisation delivered.
    func record(_ draft: TrainingSessionDraft, by who: Attribution) async throws -> TrainingSession
    /// Sessions in the actor's reporting scope (their organisation's; an analyst's, the service's), newest first.
    func list(by who: Attribution) async throws -> [TrainingSession]
}

/// `TrainingStore` over SQLKit.
package struct SQLTrainingStore: TrainingStore {
    let database: Database
    let audit: AuditLog
    let clock: Clock
    let ids: IDGenerator

    package func record(_ draft: TrainingSessionDraft, by who: Attribution) async throws -> TrainingSession {
        try AccessPolicy.require(who.actor, .recordTraining)
        let now = clock.now()
        let valid = try draft.validated(today: CalendarDate(now))
        let session = TrainingSession(
            id: ids.next(), organisationID: who.actor.organisationID, on: valid.on, deliveredBy: valid.deliveredBy,
            audienceOrganisation: valid.audienceOrganisation, audience: valid.audience, topic: valid.topic,
            location: valid.location, attended: valid.attended, attendees: valid.attendees,
            confidenceBefore: valid.confidenceBefore, confidenceAfter: valid.confidenceAfter)
        try await database.transaction { db in
            try await db.insert(into: "training_sessions")
                .columns(
                    "id", "organisation_id", "held_on", "delivered_by", "audience_organisation", "audience", "topic",
                    "location", "attended", "confidence_before_tenths", "confidence_after_tenths", "recorded_by",
                    "recorded_at"
                )
                .values(
                    SQLBind(session.id.rawValue), SQLBind(session.organisationID.rawValue),
                    SQLBind(session.on.description), SQLBind(session.deliveredBy),
                    SQLBind(session.audienceOrganisation), SQLBind(session.audience.rawValue), SQLBind(session.topic),
                    SQLBind(session.location), SQLBind(session.attended),
                    SQLBind(session.confidenceBefore.map { Int(($0 * 10).rounded()) }),
                    SQLBind(session.confidenceAfter.map { Int(($0 * 10).rounded()) }),
                    SQLBind(who.actor.userID.rawValue), SQLBind(Timestamp.text(now))
                ).run()
            if !session.attendees.isEmpty {
                try await db.insert(into: "training_attendees").columns("session_id", "position", "name", "role")
                    .rows(
                        session.attendees.enumerated().map {
                            [
                                SQLBind(session.id.rawValue), SQLBind($0.offset), SQLBind($0.element.name),
                                SQLBind($0.element.role),
                            ]
                        }
                    ).run()
            }
            try await audit.append(who.entry("training.record", "training_session", session.id.rawValue), on: db)
        }
        return session
    }

    package func list(by who: Attribution) async throws -> [TrainingSession] {
        try AccessPolicy.require(who.actor, .viewTraining)
        return try await database.withConnection { db in
            let query = db.select()
                .columns(
                    "id", "organisation_id", "held_on", "delivered_by", "audience_organisation", "audience", "topic",
                    "location", "attended", "confidence_before_tenths", "confidence_after_tenths"
                )
                .from("training_sessions")
            // The attendees (names of other services' staff) are read only for the sessions the reader sees.
            let named = db.select().columns("session_id", "name", "role").from("training_attendees")
            if let organisation = ReportingScope.of(who.actor).organisationID {
                query.where("organisation_id", .equal, organisation.rawValue)
                named.where(
                    "session_id", .in,
                    SQLSubquery.select {
                        $0.column("id").from("training_sessions").where(
                            "organisation_id", .equal, organisation.rawValue)
                    })
            }
            let rows = try await query.orderBy("held_on", .descending).orderBy("id").all()
            var attendees: [String: [TrainingAttendee]] = [:]
            for row in try await named.orderBy("session_id").orderBy("position").all() {
                attendees[try row.decode(column: "session_id", as: String.self), default: []].append(
                    TrainingAttendee(
                        name: try row.decode(column: "name", as: String.self),
                        role: try row.decode(column: "role", as: String.self)))
            }
            return try rows.map { row in
                let id = try row.decode(column: "id", as: String.self)
                return TrainingSession(
                    id: .init(id), organisationID: .init(try row.decode(column: "organisation_id", as: String.self)),
                    on: try StoredCode.date(try row.decode(column: "held_on", as: String.self), "held_on"),
                    deliveredBy: try row.decode(column: "delivered_by", as: String.self),
                    audienceOrganisation: try row.decode(column: "audience_organisation", as: String.self),
                    audience: try StoredCode.read(
                        try row.decode(column: "audience", as: String.self), "audience", as: TrainingAudience.self),
                    topic: try row.decode(column: "topic", as: String.self),
                    location: try row.decode(column: "location", as: String?.self),
                    attended: try row.decode(column: "attended", as: Int.self), attendees: attendees[id] ?? [],
                    confidenceBefore: try row.decode(column: "confidence_before_tenths", as: Int?.self).map {
                        Double($0) / 10
                    },
                    confidenceAfter: try row.decode(column: "confidence_after_tenths", as: Int?.self).map {
                        Double($0) / 10
                    })
            }
        }
    }
}
