import Logging
import Synchronization

/// Keeps the SQL of every statement a database runs (each engine logs it at debug level with its text), for tests
/// of what a use case asks the database: query plans, commits per write.
final class StatementLog: Sendable {
    private let seen = Mutex<[String]>([])
    func add(_ sql: String) { seen.withLock { $0.append(sql) } }
    var all: [String] { seen.withLock { $0 } }
    func clear() { seen.withLock { $0 = [] } }

    /// The statements that did the work: all but the group commit's transaction and savepoint control.
    var work: [String] {
        let control: Set = ["BEGIN", "BEGIN IMMEDIATE", "COMMIT", "SAVEPOINT liaison_write", "RELEASE liaison_write"]
        return all.filter { !control.contains($0) }
    }

    /// How many write transactions ran.
    var writeTransactions: Int { all.filter { $0 == "BEGIN IMMEDIATE" }.count }

    /// A logger that records into this log; pass it to `TestDatabase.withDatabase(logger:)`.
    var logger: Logger { Logger(label: "statements") { _ in Capture(statements: self) } }

    private struct Capture: LogHandler {
        let statements: StatementLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            if case .string(let sql)? = event.metadata?["sql"] { statements.add(sql) }
        }
    }
}
