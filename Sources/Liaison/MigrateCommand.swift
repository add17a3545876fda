import ArgumentParser
import LiaisonStore

/// `liaison migrate`: brings the schema up to date.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Create or upgrade the database schema.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await database.withStores(requireMigrated: false) { stores in
            let applied = try await Migrator(database: stores.database).migrate { name in print("Applying \(name)") }
            print(applied.isEmpty ? "The database is up to date." : "Applied \(applied.count) migration(s).")
        }
    }
}
