import SQLKit

/// A row type that reads itself column by column from a result row, without Codable: SQLKit's row decoder
/// goes through keyed containers, key strategies and runtime conformance lookups for every column of every row,
/// which was a sixth of a work-list page (issue 21). The hot rows (episodes, people, users, sites, sessions)
/// read this way; the rest keep `decode(model:)`. `ReadableRowTests` holds each equal to its Codable reading.
protocol ReadableRow {
    init(row: any SQLRow) throws
}

extension SQLRow {
    /// The value of `column`, typed by what it is assigned to.
    func value<T: Decodable>(_ column: String) throws -> T { try decode(column: column, as: T.self) }
}

extension SQLQueryFetcher {
    /// Every row, read as `type`.
    func all<R: ReadableRow>(reading type: R.Type) async throws -> [R] { try await all().map(R.init(row:)) }

    /// The first row, read as `type`, if there is one.
    func first<R: ReadableRow>(reading type: R.Type) async throws -> R? { try await first().map(R.init(row:)) }
}
