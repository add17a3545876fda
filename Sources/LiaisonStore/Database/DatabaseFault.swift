import PostgresKit

/// Faults of the database that are not the request's doing and pass: another process holds SQLite's write lock,
/// PostgreSQL closed or refused the connection, ran out of connections, was shutting down, or asked for the
/// transaction to be retried. The app answers them with 503 and `Retry-After`, logged, on pages and the API alike.
package enum DatabaseFault {
    /// SQLSTATEs that mean "try again": serialization failure, deadlock, lock not available, too many
    /// connections, shutting down, cannot connect now.
    static let transientStates: Set<String> = ["40001", "40P01", "55P03", "53300", "57P01", "57P02", "57P03"]

    package static func isTransient(_ error: any Error) -> Bool {
        if case DatabaseError.unreachable = error { return true }
        if let sqlite = error as? SQLiteFailure { return sqlite.isTransient }
        if let postgres = error as? PSQLError {
            switch postgres.code {
            case .serverClosedConnection, .connectionError, .poolClosed, .clientClosedConnection, .uncleanShutdown:
                return true
            case .server:
                return postgres.serverInfo?[.sqlState].map(transientStates.contains) ?? false
            default: return false
            }
        }
        return false
    }
}
