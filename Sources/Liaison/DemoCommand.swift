import ArgumentParser
import Foundation
import LiaisonApp
import LiaisonStore

/// `liaison demo`: loads the demo partnership (idempotent).
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Load the demo London partnership and one user per role (idempotent).")

    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Load only if the database has no users yet (used by make run).")
    var ifEmpty = false
    @Option(help: "How many synthetic people to add (0 for the partnership only).")
    var people = 3500
    @Option(help: "Random seed: the same seed always makes the same people.")
    var seed: UInt64 = 2026

    /// Court reports issued per organisation with a team manager (from its open court episodes).
    static let reportsPerOrganisation = 12

    func validate() throws {
        guard (0...1_000_000).contains(people) else {
            throw ValidationError("--people must be between 0 and 1,000,000")
        }
    }

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
            if people > 0, try await stores.people.count() == 0 {
                let started = Date()
                let total = people
                try await DemoPeople(stores: stores, seed: seed, now: Date()).load(count: total) { done in
                    print(Progress.bar(done, total) + " people")
                }
                print("Added \(total) people in \(Int(Date().timeIntervalSince(started))) s")
                // Reports issued and the court's decisions, so "custody avoided" starts with data.
                let issued = try await DemoCourtReports(stores: stores, seed: seed, issue: DemoReportIssuer.issue)
                    .load(perOrganisation: Self.reportsPerOrganisation) { done, of in
                        if done % 10 == 0 || done == of { print(Progress.bar(done, of) + " court reports") }
                    }
                print("Issued \(issued) court reports with the court's decisions")
                let sessions = try await DemoTraining.load(stores: stores, seed: seed, now: Date())
                print("Recorded \(sessions) mental health awareness training sessions")
                let housing = try await DemoHousing(stores: stores, seed: seed, now: Date()).load()
                print(
                    "Made \(housing.placements) placements in five women-only places in Hackney;"
                        + " \(housing.waiting) women waiting")
                try await stores.database.analyzeAfterBulkLoad()
            }
            let signIn = DemoLoader.signIn
            print("Demo loaded. Sign in as \(signIn.email) with password \(signIn.password)")
        }
    }
}

/// A text progress bar for long jobs.
enum Progress {
    static func bar(_ done: Int, _ total: Int, width: Int = 20) -> String {
        let filled = total <= 0 ? width : max(0, min(width, done * width / total))
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            + "] \(done)/\(total)"
    }
}
