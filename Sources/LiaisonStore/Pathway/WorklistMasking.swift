import Foundation
import LiaisonCore
import SQLKit

/// The work list's masked rows kept out of the filters and counts that read the person. A row the reader may not
/// open (a restricted record, or an episode here opened on a claim that no longer stands) shows neither the
/// person's age nor their sex, so filtering "women" or "under 18" must not match it either: a filter that kept it
/// would say what the row hides.
extension WorklistQuery {
    /// The people whose open episode at the organisation may be masked: those opened on a claim and those of
    /// restricted records, each from a partial index that holds only such rows (`0046`); none in most services.
    var maskable: SQLQueryString {
        """
        SELECT person_id FROM episodes WHERE organisation_id = \(bind: organisation.rawValue) \
        AND closed_at IS NULL AND claim_id IS NOT NULL \
        UNION SELECT e.person_id FROM people p JOIN episodes e ON e.person_id = p.id \
        WHERE p.is_restricted AND e.organisation_id = \(bind: organisation.rawValue) AND e.closed_at IS NULL
        """
    }
}

extension SQLEpisodeStore {
    /// Whether `who` may open each person of `maskable`'s rows ("Find a person"'s rule).
    static func decide(_ maskable: [any SQLRow], for who: Attribution, now: String, on db: any SQLDatabase)
        async throws -> [String: Bool]
    {
        let people = try maskable.map { try $0.decode(column: "person_id", as: String.self) }
        guard !people.isEmpty else { return [:] }
        let openable = try await SQLPersonStore.openable(people, by: who, now: now, on: db)
        return Dictionary(people.map { ($0, openable.contains(Person.ID($0))) }) { first, _ in first }
    }

    /// Reads the counts (`rows[0]`) again without the people `who` may not open, and the page's rows
    /// (`rows[2]`) too when a filter reads the person; with none such, nothing is read.
    static func remask(
        _ rows: inout [[any SQLRow]], _ query: WorklistQuery, page: ListPage, decided: [String: Bool],
        on db: any SQLDatabase
    ) async throws {
        var query = query
        query.masked = decided.filter { !$0.value }.keys.sorted()
        guard !query.masked.isEmpty else { return }
        rows[0] = try await db.raw(query.counts).all()
        if query.filtersOnPerson { rows[2] = try await db.raw(query.rows(page)).all() }
    }
}
