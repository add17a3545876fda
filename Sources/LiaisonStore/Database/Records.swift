import Foundation
import LiaisonCore
import SQLKit

/// Shared SQL for versioned records: optimistic-concurrency updates and friendly uniqueness checks.
enum Records {
    /// Sets `values` on row `id` of `table` only if it still has version `expected`; returns the new version.
    /// Throws `.staleVersion` with the stored version if someone saved first, `.notFound` if there is no row.
    static func update(
        _ db: any SQLDatabase, table: String, id: String, expected: Int, now: Date,
        set values: KeyValuePairs<String, any Encodable & Sendable>
    ) async throws -> Int {
        try await update(
            db, table: table, id: id, expected: expected, now: now, changes: values.map { ($0.key, $0.value) })
    }

    /// Throws `.staleVersion` unless the record read is still at the version the user worked from. Asked right after
    /// the policy and before any rule about the record's state: otherwise a rule refuses on what someone else did
    /// meanwhile, and the user gets an error in place of the conflict page that shows both versions and keeps what
    /// they typed (an API client, 422 in place of 412).
    static func requireCurrent(_ expected: ExpectedVersion, _ current: Int) throws {
        if expected.value != current { throw DomainError.staleVersion(current: current) }
    }

    /// `update(_:table:id:expected:now:set:)` for changes worked out at run time.
    static func update(
        _ db: any SQLDatabase, table: String, id: String, expected: Int, now: Date,
        changes values: [(String, any Encodable & Sendable)]
    ) async throws -> Int {
        let builder = db.update(table)
        for (column, value) in values { _ = builder.set(column, to: value) }
        let rows = try await builder.set("updated_at", to: Timestamp.text(now))
            .set("version", to: SQLRaw("version + 1"))
            .where("id", .equal, id).where("version", .equal, expected)
            .returning("version").all()
        if let row = rows.first { return try row.decode(column: "version", as: Int.self) }
        let current = try await db.select().column("version").from(table).where("id", .equal, id).first()
        guard let current else { throw DomainError.notFound(what: table) }
        throw DomainError.staleVersion(current: try current.decode(column: "version", as: Int.self))
    }

    /// Saves the one row `id` of `table` that belongs to a record (an episode's or a person's items): inserts it
    /// with `fixed` columns and version 1 when `expected` is nil (`.staleVersion` if a row is already there, as
    /// someone else saved first), otherwise updates `values` at the version expected.
    static func save(
        _ db: any SQLDatabase, table: String, id: String, expected: ExpectedVersion?, now: Date,
        fixed: [(String, any Encodable & Sendable)] = [], values: [(String, any Encodable & Sendable)]
    ) async throws {
        if let expected {
            _ = try await update(db, table: table, id: id, expected: expected.value, now: now, changes: values)
            return
        }
        if let current = try await db.select().column("version").from(table).where("id", .equal, id).first() {
            throw DomainError.staleVersion(current: try current.decode(column: "version", as: Int.self))
        }
        let stamp = Timestamp.text(now)
        let columns = [("id", id as any Encodable & Sendable)] + fixed + values
        try await db.insert(into: table)
            .columns(columns.map(\.0) + ["created_at", "updated_at", "version"])
            .values(columns.map { SQLBind($0.1) } + [SQLBind(stamp), SQLBind(stamp), SQLBind(1)])
            .run()
    }

    /// Throws a field problem if another row (not `exceptID`) of `table` already has `value` in `column`.
    static func requireUnique(
        _ db: any SQLDatabase, table: String, column: String, value: String, exceptID: String? = nil,
        scope: (column: String, value: String)? = nil, field: String, message: String
    ) async throws {
        let query = db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table)
            .where(SQLFunction("LOWER", args: SQLColumn(column)), .equal, SQLBind(value.lowercased()))
        if let exceptID { _ = query.where("id", .notEqual, exceptID) }
        if let scope { _ = query.where(scope.column, .equal, scope.value) }
        let count = try await query.first()?.decode(column: "n", as: Int.self) ?? 0
        if count > 0 { throw ValidationFailure(field: field, message: message) }
    }

    /// True if `error` is a unique-constraint violation from either engine (a race the pre-check lost).
    static func isUniqueViolation(_ error: any Error) -> Bool {
        let text = String(reflecting: error)
        return text.contains("UNIQUE constraint failed") || text.contains("23505")
    }

    /// Slices small enough for both engines' limits on bound parameters (SQLite's is 32,766).
    static func chunks<T>(_ items: [T], columns: Int) -> [[T]] {
        let size = max(1, min(500, 30_000 / columns))
        return stride(from: 0, to: items.count, by: size).map { Array(items[$0..<min(items.count, $0 + size)]) }
    }
}
