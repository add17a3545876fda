import Logging
import NIOCore
import PostgresKit
import SQLKit
import Synchronization

/// The SQLKit face of one borrowed PostgreSQL connection that keeps its statements prepared: a store's query is
/// parsed and planned by the server once per connection, then only bound and executed (issue 19 measured parsing
/// and planning every statement afresh as PostgreSQL's largest cost). Statements it cannot prepare safely go
/// through postgres-kit's own unnamed path.
struct PreparedPostgresSQLDatabase: SQLDatabase {
    let connection: PostgresConnection

    var logger: Logger { connection.logger }
    var eventLoop: any EventLoop { connection.eventLoop }
    var dialect: any SQLDialect { Self.dialect }
    static let dialect = ConstantIdentifierDialect(PostgresDialect())
    var version: (any SQLDatabaseReportedVersion)? { nil }
    var queryLogLevel: Logger.Level? { .debug }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void)
        -> EventLoopFuture<Void>
    {
        eventLoop.makeFutureWithTask { try await self.execute(sql: query, onRow) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        let (sql, binds) = serialize(query)
        guard let statement = PreparedStatements.shared.statement(sql: sql, binds: binds) else {
            // Not a plain data statement, or a bind only the Codable path can encode: as postgres-kit does.
            return try await connection.sql().execute(sql: query, onRow)
        }
        logger.debug("Executing prepared query", metadata: ["sql": .string(sql), "name": .string(statement.name)])
        do {
            try await RuntimeStatement.$current.withValue(statement) {
                let rows = try await connection.execute(RuntimeStatement(bindings: statement.bindings), logger: logger)
                for try await row in rows { onRow(PostgresSQLRow(row)) }
            }
        } catch {
            PreparedStatements.shared.retireIfPreparationFailed(statement, error)
            throw error
        }
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await closure(self)
    }
}

/// postgres-nio keeps each connection's prepared statements by name, and takes a statement's name and SQL from
/// static members of its type. Liaison's SQL is built at run time, so this one type stands for all of it: its
/// name and SQL are those of the statement the current task is executing, read by postgres-nio as it sends it.
private struct RuntimeStatement: PostgresPreparedStatement {
    @TaskLocal static var current = PreparedStatements.Statement(name: "", sql: "", bindings: PostgresBindings())
    static var name: String { current.name }
    static var sql: String { current.sql }
    typealias Row = PostgresRow

    let bindings: PostgresBindings
    func makeBindings() throws -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}

/// The names of the statements prepared so far, the same on every connection: one name for each SQL text and the
/// types of its binds (a NULL bind leaves its type to the server, so it is a different statement from a typed one).
final class PreparedStatements: Sendable {
    static let shared = PreparedStatements(limit: 4_000)

    struct Statement: Sendable {
        let name: String
        let sql: String
        let bindings: PostgresBindings
    }

    private struct Key: Hashable {
        let sql: String
        let types: [UInt32]
    }

    private struct State {
        var names: [Key: String] = [:]
        var issued = 0
    }

    /// At most this many distinct statements are prepared; past it (SQL with lists of every length, say) the rest
    /// go unprepared, so that no connection holds an unbounded number on the server.
    let limit: Int
    private let state = Mutex(State())

    init(limit: Int) { self.limit = limit }

    /// The named statement for `sql` with these binds, or nil when it is better left unprepared: anything but a
    /// query or a data change (transaction control and schema changes), or a bind with no direct PostgreSQL
    /// encoding.
    func statement(sql: String, binds: [any Encodable & Sendable]) -> Statement? {
        guard Self.isDataStatement(sql) else { return nil }
        var bindings = PostgresBindings(capacity: binds.count)
        var types: [UInt32] = []
        types.reserveCapacity(binds.count)
        for bind in binds {
            if (bind as? any OptionalValue)?.isNone == true {
                bindings.appendNull()
                types.append(0)
            } else if let value = bind as? any PostgresThrowingDynamicTypeEncodable {
                do { try bindings.append(value, context: .default) } catch { return nil }
                types.append(value.psqlType.rawValue)
            } else {
                return nil
            }
        }
        let key = Key(sql: sql, types: types)
        let name: String? = state.withLock { state in
            if let name = state.names[key] { return name }
            guard state.names.count < limit else { return nil }
            state.issued += 1
            let name = "liaison_\(state.issued)"
            state.names[key] = name
            return name
        }
        return name.map { Statement(name: $0, sql: sql, bindings: bindings) }
    }

    /// A statement whose preparation failed (a table not there yet, say) stays failed on that connection under its
    /// name: the next use gets a new name, so that it is prepared afresh once it can be.
    func retireIfPreparationFailed(_ statement: Statement, _ error: any Error) {
        guard let error = error as? PSQLError, error.code == .server,
            let code = error.serverInfo?[.sqlState], code.hasPrefix("42") || code.hasPrefix("0A")
        else { return }
        state.withLock { state in
            if let key = state.names.first(where: { $0.value == statement.name })?.key {
                state.names[key] = nil
            }
        }
    }

    /// Queries and data changes; `BEGIN`, `SAVEPOINT`, DDL and the like are cheap to parse and not worth a name.
    static func isDataStatement(_ sql: String) -> Bool {
        let head = sql.prefix(7).uppercased()
        return head.hasPrefix("SELECT ") || head.hasPrefix("INSERT ") || head.hasPrefix("UPDATE ")
            || head.hasPrefix("DELETE ") || head.hasPrefix("WITH ")
    }
}

/// Tells an empty optional inside an existential bind from a value.
private protocol OptionalValue { var isNone: Bool { get } }
extension Optional: OptionalValue {
    fileprivate var isNone: Bool { self == nil }
}
