import NIOCore
import SQLiteNIO
import VaporCSQLite

/// One SQLite connection of Liaison's own, with its prepared statements kept for reuse (issue 21): sqlite-nio
/// prepares every statement anew and hops to a thread pool and back for each one, which profiles put at a
/// quarter of a page's time. Used by one task at a time, on its own `DatabaseThread` (see `SQLiteConnections`).
final class SQLiteHandle: @unchecked Sendable {
    private var raw: OpaquePointer?
    /// Prepared statements by their SQL. Statements SQLKit writes are few and repeat (binds carry the values);
    /// past `cacheLimit` the cache is emptied rather than grown, so SQL with literals in it cannot bloat it.
    private var statements: [String: Prepared] = [:]
    private let cacheLimit = 512

    /// Opens (creating if missing) the database at `path` with the settings Liaison relies on: WAL journal,
    /// `synchronous=FULL` (a committed write survives power loss), foreign keys on, a busy timeout.
    init(path: String, busyTimeoutMilliseconds: Int32) throws {
        var handle: OpaquePointer?
        // No mutex of SQLite's own: one task at a time uses a handle (`SQLiteConnections`), and SQLite's
        // per-call lock and unlock were 4% of a list page (issue 21).
        let flags = SQLITE_OPEN_CREATE | SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        let opened = sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil)
        guard opened == SQLITE_OK, let handle else {
            let message = handle.flatMap { sqlite_nio_sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "cannot open"
            sqlite_nio_sqlite3_close_v2(handle)
            throw SQLiteFailure(code: opened, message: "\(message) (\(path))")
        }
        raw = handle
        sqlite_nio_sqlite3_extended_result_codes(handle, 1)
        sqlite_nio_sqlite3_busy_timeout(handle, busyTimeoutMilliseconds)
        do {
            for pragma in ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON"] {
                try run(pragma, binds: []) { _ in }
            }
        } catch {
            close()
            throw error
        }
    }

    /// Runs one statement, calling `onRow` for each row it returns. The statement is taken from the cache (or
    /// prepared and kept), bound, stepped to the end, and reset so that it holds no lock afterwards.
    func run(_ sql: String, binds: [SQLiteData], onRow: (SQLiteResultRow) throws -> Void) throws {
        guard let raw else { throw SQLiteFailure(code: SQLITE_MISUSE, message: "The connection is closed") }
        let prepared = try self.prepared(sql, on: raw)
        let statement = prepared.statement
        // Every run binds every parameter, so the last run's values need no clearing, except large ones, which
        // would otherwise be held until the statement's next use. Clearing is not free: SQLite marks a statement
        // whose plan looked at a parameter (an `= ?` it might have filtered on) as expired when its bindings are
        // cleared, and prepares it again at the next step; clearing after every run did that to every
        // person-page query and to the session's, at each request (issue 21).
        defer {
            sqlite_nio_sqlite3_reset(statement)
            if binds.contains(where: \.isLarge) { sqlite_nio_sqlite3_clear_bindings(statement) }
        }
        try bind(binds, to: statement, on: raw)
        var columns: SQLiteResultColumns?
        while true {
            let stepped = sqlite_nio_sqlite3_step(statement)
            if stepped == SQLITE_DONE { return }
            guard stepped == SQLITE_ROW else { throw failure(stepped, on: raw) }
            let names = columns ?? prepared.columns()
            columns = names
            var values: [SQLiteData] = []
            values.reserveCapacity(names.count)
            for index in 0..<Int32(names.count) { values.append(value(of: statement, at: index)) }
            try onRow(SQLiteResultRow(columns: names, values: values))
        }
    }

    /// How many prepared statements are kept (for tests).
    var cachedStatements: Int { statements.count }

    /// How many times SQLite has had to prepare the kept statement for `sql` again (for tests).
    func reprepares(of sql: String) -> Int? {
        statements[sql].map { Int(sqlite_nio_sqlite3_stmt_status($0.statement, SQLITE_STMTSTATUS_REPREPARE, 0)) }
    }

    /// Finalizes every kept statement and closes the connection. Safe to call twice.
    func close() {
        for prepared in statements.values { sqlite_nio_sqlite3_finalize(prepared.statement) }
        statements.removeAll()
        if let raw { sqlite_nio_sqlite3_close_v2(raw) }
        raw = nil
    }

    deinit { close() }

    private func prepared(_ sql: String, on raw: OpaquePointer) throws -> Prepared {
        if let prepared = statements[sql] { return prepared }
        if statements.count >= cacheLimit {
            for prepared in statements.values { sqlite_nio_sqlite3_finalize(prepared.statement) }
            statements.removeAll(keepingCapacity: true)
        }
        var statement: OpaquePointer?
        let code = sqlite_nio_sqlite3_prepare_v3(raw, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else { throw failure(code, on: raw) }
        let prepared = Prepared(statement)
        statements[sql] = prepared
        return prepared
    }

    private func bind(_ binds: [SQLiteData], to statement: OpaquePointer, on raw: OpaquePointer) throws {
        for (offset, bind) in binds.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch bind {
            case .blob(let value):
                code = value.withUnsafeReadableBytes {
                    sqlite_nio_sqlite3_bind_blob64(statement, index, $0.baseAddress, UInt64($0.count), transient)
                }
            case .float(let value): code = sqlite_nio_sqlite3_bind_double(statement, index, value)
            case .integer(let value): code = sqlite_nio_sqlite3_bind_int64(statement, index, Int64(value))
            case .null: code = sqlite_nio_sqlite3_bind_null(statement, index)
            case .text(let value):
                code = sqlite_nio_sqlite3_bind_text64(
                    statement, index, value, UInt64(value.utf8.count), transient, UInt8(SQLITE_UTF8))
            }
            guard code == SQLITE_OK else { throw failure(code, on: raw) }
        }
    }

    private func value(of statement: OpaquePointer, at index: Int32) -> SQLiteData {
        switch sqlite_nio_sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER: return .integer(Int(sqlite_nio_sqlite3_column_int64(statement, index)))
        case SQLITE_FLOAT: return .float(sqlite_nio_sqlite3_column_double(statement, index))
        case SQLITE_TEXT:
            guard let text = sqlite_nio_sqlite3_column_text(statement, index) else { return .null }
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, index))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, index))
            var buffer = ByteBufferAllocator().buffer(capacity: count)
            if let bytes = sqlite_nio_sqlite3_column_blob(statement, index) {
                buffer.writeBytes(UnsafeRawBufferPointer(start: bytes, count: count))
            }
            return .blob(buffer)
        default: return .null
        }
    }

    private func failure(_ code: Int32, on raw: OpaquePointer) -> SQLiteFailure {
        SQLiteFailure(code: code, message: sqlite_nio_sqlite3_errmsg(raw).map { String(cString: $0) } ?? "unknown")
    }
}

extension SQLiteData {
    /// A bound value worth letting go of once its statement has run: a blob, or text of more than 4 KB.
    fileprivate var isLarge: Bool {
        switch self {
        case .blob: true
        case .text(let text): text.utf8.count > 4_096
        default: false
        }
    }
}

/// SQLite's "let go of the bytes when you like": it copies the bound value before the call returns.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// An error from SQLite: its (extended) result code and message, the message in the description so that callers
/// that look for "UNIQUE constraint failed" find it.
struct SQLiteFailure: Error, CustomStringConvertible, Sendable {
    let code: Int32
    let message: String

    var description: String { "SQLite error \(code): \(message)" }

    /// Another connection holds the lock it needed, past the busy timeout: the request may be tried again.
    var isTransient: Bool { code & 0xff == SQLITE_BUSY || code & 0xff == SQLITE_LOCKED }
}

/// A kept statement and the names of its result's columns, worked out at its first run and again only if SQLite
/// has had to prepare it again since (a changed schema can change a `*`): building the names at every run was 2%
/// of the person page (issue 21).
private final class Prepared {
    let statement: OpaquePointer
    private var names: SQLiteResultColumns?
    private var namedAt: Int32 = -1

    init(_ statement: OpaquePointer) { self.statement = statement }

    func columns() -> SQLiteResultColumns {
        let reprepares = sqlite_nio_sqlite3_stmt_status(statement, SQLITE_STMTSTATUS_REPREPARE, 0)
        if let names, namedAt == reprepares { return names }
        let fresh = SQLiteResultColumns(statement)
        names = fresh
        namedAt = reprepares
        return fresh
    }
}

/// The column names of one statement's result, shared by its rows.
final class SQLiteResultColumns: Sendable {
    let names: [String]
    private let offsets: [String: Int]

    init(_ statement: OpaquePointer) {
        let count = Int(sqlite_nio_sqlite3_column_count(statement))
        names = (0..<Int32(count)).map { index in
            sqlite_nio_sqlite3_column_name(statement, index).map { String(cString: $0) } ?? ""
        }
        // As sqlite-nio: the first column of a repeated name wins.
        offsets = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    var count: Int { names.count }
    func offset(of name: String) -> Int? { offsets[name] }
}

/// One row of a result: the values in column order and their names.
struct SQLiteResultRow: Sendable {
    let columns: SQLiteResultColumns
    let values: [SQLiteData]

    func value(_ name: String) -> SQLiteData? { columns.offset(of: name).map { values[$0] } }
}
