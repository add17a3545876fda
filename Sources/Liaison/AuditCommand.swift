import ArgumentParser
import LiaisonStore

/// `liaison audit verify`: checks the hash chain of the audit log.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Work with the audit log.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute every audit hash; report the first broken link and exit 1 if there is one.")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let result = try await database.withStores { stores in
                try await stores.auditReader.verify { checked in print("Checked \(checked) events") }
            }
            switch result {
            case .intact(let events):
                print("Audit log intact: \(events) events, every hash and link verified.")
            case .broken(let sequence, let problem):
                throw CLIError("Audit log broken at event \(sequence): \(problem).")
            }
        }
    }
}
