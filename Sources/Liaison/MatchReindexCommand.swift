import ArgumentParser
import Foundation
import LiaisonStore

/// `liaison match reindex`: rebuilds every blocking key (after a bulk load or a change to the key scheme).
struct MatchReindexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reindex", abstract: "Rebuild the blocking keys of every person.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let started = Date()
        let filed = try await database.withStores { stores in
            let total = try await stores.people.count()
            return try await stores.matches.reindex { done in
                if done % 10_000 == 0 || done == total { print(Progress.bar(done, total) + " people") }
            }
        }
        print("Filed \(filed) people in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
    }
}
