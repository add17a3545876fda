import ArgumentParser
import Foundation
import LiaisonCore
import LiaisonStore

/// `liaison lists import`: imports a court or custody list file as a user would through the page (same checks,
/// same matching, audited as that user), for scheduled feeds and benchmarks.
struct ListsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lists", abstract: "Court and custody lists.", subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a court or custody list (CSV) and match each line to people.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The list file (CSV with a header row).") var file: String
        @Option(help: "court or custody.") var kind: String
        @Option(help: "The day the list is for, YYYY-MM-DD (default: today in London).") var day: String?
        @Option(name: .customLong("as"), help: "Email of the practitioner or team manager importing it.")
        var email: String

        func run() async throws {
            guard let kind = ListKind(rawValue: kind) else { throw CLIError("--kind must be court or custody.") }
            let bytes: [UInt8]
            do {
                bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
            } catch {
                throw CLIError("Cannot read \(file): \(error.localizedDescription)")
            }
            let text: String
            do throws(ListFile.Rejected) {
                text = try ListText.decode(bytes).text
            } catch {
                throw Self.nothingImported(file, error)
            }
            let started = Date()
            let result = try await database.withStores { stores in
                let day =
                    try day.map { text in
                        guard let day = CalendarDate(iso: text) else {
                            throw CLIError("--day must be a date, YYYY-MM-DD.")
                        }
                        return day
                    } ?? CalendarDate(stores.clock.now())
                let user = try await UsersCommand.find(email, in: stores)
                guard user.isActive else { throw CLIError("\(user.email) is disabled: import as an active account.") }
                let actor = Actor(user: user)
                try AccessPolicy.require(actor, .triageLists)
                let sites = try await stores.sites.list().filter { $0.isServed(by: actor.organisationID) }
                let lines: [ListLine]
                do {
                    lines = try ListFile.read(text, kind: kind, day: day, sites: sites)
                } catch let error as ListFile.Rejected {
                    throw Self.nothingImported(file, error)
                }
                return try await stores.triage.importList(
                    lines, kind: kind, day: day, fileName: URL(fileURLWithPath: file).lastPathComponent,
                    contentHash: ListFingerprint.of(text), by: Attribution(actor, requestID: "cli")
                ) { done, total in
                    if done % 50 == 0 || done == total { print(Progress.bar(done, total) + " lines matched") }
                }
            }
            let seconds = String(format: "%.2f", Date().timeIntervalSince(started))
            print(
                "\(result.lines) lines: \(result.added) added, \(result.linked) linked by identifier, "
                    + "\(result.possible) with possible matches to review (\(seconds) s)")
        }

        static func nothingImported(_ file: String, _ error: ListFile.Rejected) -> CLIError {
            let more = error.more > 0 ? "\nand \(error.more) more problems" : ""
            return CLIError(
                "Nothing was imported from \(file):\n" + error.problems.map(\.description).joined(separator: "\n")
                    + more)
        }
    }
}
