import ArgumentParser
import Foundation
import LiaisonCore
import LiaisonStore

/// `--database-url`, defaulting to `LIAISON_DATABASE_URL`, then to `./data/liaison.sqlite`.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("database-url"),
        help:
            "postgres://user:password@host:port/db or sqlite:PATH (default: $LIAISON_DATABASE_URL or data/liaison.sqlite)"
    )
    var url: String?

    /// The URL given, or else $LIAISON_DATABASE_URL (nil: the default SQLite file).
    var givenURL: String? { url ?? ProcessInfo.processInfo.environment["LIAISON_DATABASE_URL"] }

    /// Opens the database and checks it is migrated and not newer than this binary; closes it after `body`.
    func withStores<T: Sendable>(
        requireMigrated: Bool = true, _ body: @Sendable (Stores) async throws -> T
    ) async throws -> T {
        let configuration: DatabaseConfiguration
        do {
            configuration = try DatabaseConfiguration(url: givenURL)
        } catch let error as DatabaseError {
            throw ValidationError(error.description)
        }
        let credentials: CredentialCache
        do {
            credentials = try CredentialCache.fromEnvironment()
        } catch let error as DatabaseError {
            throw CLIError(error.description)
        }
        let database: Database
        do {
            database = try Database(configuration, credentials: credentials)
        } catch {
            // The driver's own message may carry the URL, password and all: it is not printed.
            throw CLIError(
                "Cannot open the database at that URL: check its user, host, port, database name and sslmode (or the SQLite path's folder)."
            )
        }
        do {
            if requireMigrated {
                let pending = try await Migrator(database: database).pending()
                if !pending.isEmpty {
                    throw CLIError("The database needs migrating (\(pending.count) pending). Run: liaison migrate")
                }
            }
            let result = try await body(Stores(database: database))
            await database.shutdown()
            return result
        } catch {
            await database.shutdown()
            if let error = error as? DatabaseError { throw CLIError(error.description) }
            throw CLIError.explaining(error)
        }
    }
}

/// A failure explained to the operator: printed as `Error: …`, exit code 1.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }

    /// A store's refusal in words (a `DomainError` or `ValidationFailure` would print as a Swift value); anything else
    /// as it is.
    static func explaining(_ error: any Error) -> any Error {
        switch error {
        case DomainError.notFound(let what): CLIError("No such \(what).")
        case DomainError.forbidden(let reason, _): CLIError(reason)
        case DomainError.staleVersion:
            CLIError("Someone else changed it while this ran: nothing was changed. Run the command again.")
        case DomainError.ruleBroken(let rule): CLIError(rule)
        case let failure as ValidationFailure:
            CLIError(failure.problems.map { "\($0.field): \($0.message)" }.joined(separator: "; "))
        default: error
        }
    }
}
