import ArgumentParser
import LiaisonApp
import LiaisonStore

/// `liaison demo`: loads the demo partnership (idempotent).
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Load the demo London partnership and one user per role (idempotent).")

    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Load only if the database has no users yet (used by make run).")
    var ifEmpty = false

    func run() async throws {
        try await database.withStores { stores in
            if ifEmpty, try await stores.users.count() > 0 {
                print("The database already has data; demo not loaded.")
                return
            }
            let hasher = PasswordHasher()
            try await DemoLoader(stores: stores, hashPassword: { try await hasher.hash($0) }).load { step, of, what in
                print(Progress.bar(step, of) + " \(what)")
            }
            let signIn = DemoLoader.signIn
            print("Demo loaded. Sign in as \(signIn.email) with password \(signIn.password)")
        }
    }
}

/// A text progress bar for long jobs.
enum Progress {
    static func bar(_ done: Int, _ total: Int, width: Int = 20) -> String {
        let filled = total == 0 ? width : done * width / total
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            + "] \(done)/\(total)"
    }
}
