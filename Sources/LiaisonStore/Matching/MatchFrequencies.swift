import LiaisonCore
import SQLKit

/// `match_term_frequencies`: written whole by training, read a few values at a time by search and list matching.
/// Until the register has been trained on (by a release that counts), agreements weigh their average.
enum MatchFrequencies {
    /// Replaces every count (inside the training transaction).
    static func replace(with frequencies: TermFrequencies, on db: any SQLDatabase) async throws {
        try await db.delete(from: "match_term_frequencies").run()
        let rows = frequencies.all.map {
            [SQLBind($0.term.rawValue), SQLBind($0.value), SQLBind($0.count)] as [any SQLExpression]
        }
        for chunk in Records.chunks(rows, columns: 3) {
            try await db.insert(into: "match_term_frequencies").columns("term", "value", "records").rows(chunk).run()
        }
    }

    /// A matcher for comparing `asked` with the register: the counts of the values `asked` holds (where two
    /// records agree exactly they hold the same value, so no other counts are needed).
    static func matcher(
        for asked: MatchRecord, _ parameters: MatchParameters, purpose: MatchPurpose = .search,
        on db: any SQLDatabase
    ) async throws -> Matcher {
        guard let query = query(for: asked, parameters) else { return Matcher(parameters, for: purpose) }
        return try matcher(parameters, purpose: purpose, counts: try await db.raw(query).all())
    }

    /// The statement reading the counts of the values `asked` holds; nil if there are none to read (no values,
    /// or a register not yet trained on by a release that counts).
    static func query(for asked: MatchRecord, _ parameters: MatchParameters) -> SQLQueryString? {
        let values = TermFrequencies.values(of: asked)
        guard parameters.registerSize > 0, parameters.termsCounted == true, !values.isEmpty else { return nil }
        var query: SQLQueryString = "SELECT term, value, records FROM match_term_frequencies WHERE "
        for (index, (term, value)) in values.enumerated() {
            query += "\(unsafeRaw: index == 0 ? "" : " OR ")(term = \(bind: term.rawValue) AND value = \(bind: value))"
        }
        return query
    }

    /// A matcher from the rows of `query(for:_:)`, or without counts if there were none to read (nil).
    static func matcher(_ parameters: MatchParameters, purpose: MatchPurpose = .search, counts: [any SQLRow]?)
        throws -> Matcher
    {
        guard let counts else { return Matcher(parameters, for: purpose) }
        return Matcher(
            parameters, for: purpose, frequencies: try frequencies(counts, registerSize: parameters.registerSize))
    }

    /// Every count, for whole-register matching (the duplicate finder).
    static func all(for parameters: MatchParameters, on db: any SQLDatabase) async throws -> TermFrequencies? {
        guard parameters.registerSize > 0, parameters.termsCounted == true else { return nil }
        let rows = try await db.select().columns("term", "value", "records").from("match_term_frequencies").all()
        return try frequencies(rows, registerSize: parameters.registerSize)
    }

    private static func frequencies(_ rows: [any SQLRow], registerSize: Int) throws -> TermFrequencies {
        var counts: [TermFrequencies.Term: [String: Int]] = [:]
        for row in rows {
            let text = try row.decode(column: "term", as: String.self)
            guard let term = TermFrequencies.Term(rawValue: text) else {
                throw DomainError.ruleBroken("match_term_frequencies holds an unknown term \(text)")
            }
            counts[term, default: [:]][try row.decode(column: "value", as: String.self)] = try row.decode(
                column: "records", as: Int.self)
        }
        return TermFrequencies(registerSize: registerSize, counts: counts)
    }
}
