import Foundation
import SQLKit

/// Several reads of one use case in one round trip on PostgreSQL. postgres-nio sends one statement at a time and
/// waits for its answer, so a page of a dozen small reads paid a dozen round trips (issue 21: the person page was
/// ~20 on PostgreSQL). Here each read becomes a `json_agg` column of one statement, which also makes the reads one
/// snapshot without a transaction around them. On SQLite (in process: a statement costs microseconds, not a round
/// trip) each read runs as it is, and a read that only details another's rows is skipped when those are none.
struct ReadTogether {
    /// One read: its statement, and the read (by position) whose rows it details, if any.
    struct Read {
        let query: SQLQueryString
        let detailing: Int?

        init(_ query: SQLQueryString, detailing: Int? = nil) {
            self.query = query
            self.detailing = detailing
        }
    }

    /// The rows of each read, in order. A read's `ORDER BY` is kept: `json_agg` takes the rows of a sorted subquery
    /// in order when, as here, nothing else (a join, a grouping) sits between them and the aggregate (PostgreSQL's
    /// manual, "Aggregate Expressions"); `ReadTogetherTests` holds it.
    static func rows(_ reads: [Read], on db: any SQLDatabase) async throws -> [[any SQLRow]] {
        for (index, read) in reads.enumerated() {
            precondition(read.detailing.map { $0 < index } ?? true, "a read details only a read before it")
        }
        guard db.dialect.name == "postgresql" else {
            var results: [[any SQLRow]] = []
            for read in reads {
                if let detailed = read.detailing, results[detailed].isEmpty {
                    results.append([])
                } else {
                    results.append(try await db.raw(read.query).all())
                }
            }
            return results
        }
        var statement: SQLQueryString = "SELECT "
        for (index, read) in reads.enumerated() {
            if index > 0 { statement += ", " }
            statement +=
                "(SELECT CAST(COALESCE(json_agg(t), '[]') AS TEXT) FROM (\(read.query)) t) AS \(ident: "r\(index)")"
        }
        guard let row = try await db.raw(statement).first() else { return reads.map { _ in [] } }
        return try reads.indices.map { try JSONRows.parse(try row.decode(column: "r\($0)", as: String.self)) }
    }
}
