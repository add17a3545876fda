import Foundation
import LiaisonCore
import SQLKit

/// The rows of one batch of demo people, written with multi-row INSERTs and their audit events appended in one
/// go. Writing the demo through the stores' one-record calls costs a thread hop per statement (about 150 per
/// person); this makes 100,000 people a matter of minutes. The values are built with the same Core rules.
struct DemoRows: Sendable {
    /// Tables in foreign-key order, with their columns.
    static let tables: [(name: String, columns: [String])] = [
        ("person_names", ["person_id", "kind", "value", "position"]),
        ("person_match_keys", ["match_key", "person_id", "resolves_to"]),
        (
            "screening_responses",
            [
                "id", "episode_id", "person_id", "instrument_id", "instrument_version", "is_complete", "total", "band",
                "flags", "recorded_by", "recorded_at", "version",
            ]
        ),
        ("screening_answers", ["response_id", "item_id", "answer_code"]),
        (
            "assessments",
            [
                "id", "episode_id", "person_id", "completed_at", "completed_by", "created_by", "created_at",
                "updated_at", "version",
            ]
        ),
        ("assessment_sections", ["assessment_id", "section", "progress"]),
        ("assessment_answers", ["assessment_id", "section", "item", "value"]),
        (
            "referrals",
            [
                "id", "episode_id", "person_id", "service_id", "reason", "status", "supported_to_first_appointment",
                "closure_reason", "created_by", "created_at", "updated_at", "version", "first_appointment_on",
                "attendance_code",
            ]
        ),
        ("referral_needs", ["referral_id", "need"]),
        ("referral_steps", ["referral_id", "position", "status", "occurred_on", "note", "recorded_by", "recorded_at"]),
        (
            "support_cases",
            [
                "id", "person_id", "episode_id", "organisation_id", "worker_id", "started_on", "closed_on",
                "closure_reason", "opened_by", "created_at", "updated_at", "version",
            ]
        ),
        ("support_goals", ["case_id", "domain", "aim", "status", "review_on", "summary"]),
        (
            "support_contacts",
            [
                "id", "case_id", "at", "mode", "outcome", "minutes", "location", "note", "goals", "referral_id",
                "recorded_by", "recorded_at",
            ]
        ),
        (
            "person_data_items",
            [
                "id", "nhs_number_verified", "gp_practice", "religion", "sexual_orientation", "disability",
                "dependent_children", "care_experienced", "veteran", "pregnant", "recorded_by", "created_at",
                "updated_at", "version",
            ]
        ),
        (
            "episode_data_items",
            [
                "id", "person_id", "reason", "alerted_at", "first_contact_at", "not_seen_reason", "custody_basis",
                "offence_category", "learning_disability_status", "autism_status", "recorded_by", "created_at",
                "updated_at", "version",
            ]
        ),
    ]

    var people: [PersonRow] = []
    var episodes: [EpisodeRow] = []
    var rows: [String: [[any SQLExpression]]] = [:]
    var audit: [AuditEntry] = []

    mutating func add(_ table: String, _ values: [any Encodable & Sendable]) {
        rows[table, default: []].append(values.map { SQLBind($0) })
    }

    mutating func audit(
        _ action: String, _ subjectType: String, _ subjectID: String, person: String, by who: Attribution
    ) {
        audit.append(who.entry(action, subjectType, subjectID, personID: person))
    }

    /// Writes everything on `db` (inside the caller's transaction).
    func write(on db: any SQLDatabase, audit log: AuditLog) async throws {
        let encoder = SQLQueryEncoder(keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil)
        for chunk in Records.chunks(people, columns: 24) {
            try await db.insert(into: "people").models(chunk, with: encoder).run()
        }
        for chunk in Records.chunks(episodes, columns: 19) {
            try await db.insert(into: "episodes").models(chunk, with: encoder).run()
        }
        for table in Self.tables {
            for chunk in Records.chunks(rows[table.name] ?? [], columns: table.columns.count) {
                try await db.insert(into: table.name).columns(ColumnList(table.columns)).rows(chunk).run()
            }
        }
        // What was recorded against the episodes sets their progress, as the stores' writes do.
        try await EpisodeProgress.refresh(episodes.map(\.id), on: db)
        try await log.append(all: audit, on: db)
    }
}
