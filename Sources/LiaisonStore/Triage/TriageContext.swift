import Foundation
import LiaisonCore
import SQLKit

/// What the triage list shows beside each line, read in a few batched queries: the pending matches, the linked
/// people, the organisation's open episodes for them and the needs their assessments found.
enum TriageContext {
    static func entries(_ rows: [ListLineRow], of organisation: Organisation.ID, on db: any SQLDatabase)
        async throws -> [TriageEntry]
    {
        let pending = try await self.pending(rows.map(\.id), on: db)
        let people = Array(Set(rows.compactMap(\.personId)))
        let shown = try await summaries(people, on: db)
        let open = try await openEpisodes(of: people, in: organisation, on: db)
        let needs = try await self.needs(of: people, on: db)
        return try rows.map { row in
            TriageEntry(
                line: try row.line(candidates: pending[row.id] ?? []), person: row.personId.flatMap { shown[$0] },
                openEpisodeID: row.personId.flatMap { open[$0] }, needs: row.personId.flatMap { needs[$0] } ?? [])
        }
    }

    /// Pending possible matches per line, most likely first.
    static func pending(_ lines: [String], on db: any SQLDatabase) async throws -> [String: [TriageLine.Candidate]] {
        var found: [String: [TriageLine.Candidate]] = [:]
        for chunk in Records.chunks(lines, columns: 1) {
            for row in try await db.select().columns("line_id", "person_id", "probability")
                .from("list_line_candidates").where("line_id", .in, chunk).where("state", .equal, "pending")
                .orderBy("probability", .descending).all()
            {
                found[try row.decode(column: "line_id", as: String.self), default: []].append(
                    .init(
                        personID: .init(try row.decode(column: "person_id", as: String.self)),
                        probability: try row.decode(column: "probability", as: Double.self)))
            }
        }
        return found
    }

    /// The organisation's open episode for each person who has one.
    static func openEpisodes(of people: [String], in organisation: Organisation.ID, on db: any SQLDatabase)
        async throws -> [String: Episode.ID]
    {
        var found: [String: Episode.ID] = [:]
        for chunk in Records.chunks(people, columns: 1) {
            for row in try await db.select().columns("id", "person_id").from("episodes")
                .where("person_id", .in, chunk).where("organisation_id", .equal, organisation.rawValue)
                .where("closed_at", .is, SQLLiteral.null).all()
            {
                found[try row.decode(column: "person_id", as: String.self)] = Episode.ID(
                    try row.decode(column: "id", as: String.self))
            }
        }
        return found
    }

    static func summaries(_ people: [String], on db: any SQLDatabase) async throws -> [String: TriageEntry.Person] {
        var found: [String: TriageEntry.Person] = [:]
        for chunk in Records.chunks(people, columns: 1) {
            for row in try await db.select().columns(
                "id", "given_name", "family_name", "date_of_birth", "stated_gender"
            )
            .from("people").where("id", .in, chunk).all() {
                let family = try row.decode(column: "family_name", as: String.self)
                found[try row.decode(column: "id", as: String.self)] = TriageEntry.Person(
                    displayName: "\(family.uppercased()), \(try row.decode(column: "given_name", as: String.self))",
                    dateOfBirth: try StoredCode.date(
                        try row.decode(column: "date_of_birth", as: String.self), "date_of_birth"),
                    statedGender: try StoredCode.read(
                        try row.decode(column: "stated_gender", as: String.self), "stated_gender", as: StatedGender.self
                    ))
            }
        }
        return found
    }

    /// The needs any of each person's assessments recorded.
    static func needs(of people: [String], on db: any SQLDatabase) async throws -> [String: [Need]] {
        var found: [String: Set<Need>] = [:]
        let codes = Dictionary(uniqueKeysWithValues: Need.allCases.map { (NeedsSection.item($0), $0) })
        for chunk in Records.chunks(people, columns: 1) {
            for row in try await db.select().column(SQLColumn("person_id", table: "assessments"))
                .column(SQLColumn("item", table: "assessment_answers")).from("assessment_answers")
                .join(
                    "assessments", on: SQLColumn("assessment_id", table: "assessment_answers"), .equal,
                    SQLColumn("id", table: "assessments")
                )
                .where(SQLColumn("person_id", table: "assessments"), .in, SQLBind.group(chunk))
                .where(
                    SQLColumn("section", table: "assessment_answers"), .equal, SQLBind(AssessmentSection.needs.rawValue)
                )
                .where(SQLColumn("value", table: "assessment_answers"), .equal, SQLBind("yes")).all()
            {
                if let need = codes[try row.decode(column: "item", as: String.self)] {
                    found[try row.decode(column: "person_id", as: String.self), default: []].insert(need)
                }
            }
        }
        return found.mapValues { needs in Need.allCases.filter(needs.contains) }
    }
}
