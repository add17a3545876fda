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

    /// Opens the database and checks it is migrated and not newer than this binary; closes it after `body`.
    func withStores<T: Sendable>(
        requireMigrated: Bool = true, _ body: @Sendable (Stores) async throws -> T
    ) async throws -> T {
        let configuration: DatabaseConfiguration
        do {
            configuration = try DatabaseConfiguration(
                url: url ?? ProcessInfo.processInfo.environment["LIAISON_DATABASE_URL"])
        } catch let error as DatabaseError {
            throw ValidationError(error.description)
        }
        let database = try Database(configuration)
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
            throw error
        }
    }
}

/// A failure explained to the operator: printed as `Error: …`, exit code 1.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
