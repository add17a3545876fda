import ArgumentParser
import Foundation
import LiaisonCore
import LiaisonStore

/// `liaison export …`: the extracts a service sends on: the monthly national return and the evaluation extract.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Produce extracts for commissioners and NHS England.",
        subcommands: [National.self, Evaluation.self])

    /// `liaison export national --month 2026-10`: the return as CSV, its problems on standard error.
    struct National: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "The monthly L&D national return as CSV (one row per episode alerted in the month). Records with missing or invalid mandatory items are listed on standard error; --strict makes them fail the command."
        )

        @OptionGroup var database: DatabaseOptions
        @Option(help: "The month, as YYYY-MM (for example 2026-10).")
        var month: String
        @Option(help: "Only this provider, by its ODS code (default: every provider).")
        var provider: String?
        @Option(help: "Write the CSV to this file instead of standard output.")
        var out: String?
        @Option(help: "Also write the data dictionary (CSV) to this file.")
        var dictionary: String?
        @Flag(help: "Exit non-zero when any record has a missing or invalid mandatory item (nothing is written).")
        var strict = false

        func run() async throws {
            guard let month = ReturnMonth(month) else {
                throw ValidationError("--month must be a month as YYYY-MM, like 2026-10")
            }
            try ExportCommand.checkWritable(out, dictionary)
            let provider = self.provider
            let standardError = FileHandle.standardError
            standardError.write(Data("Reading the return for \(month.long)…\n".utf8))
            let sources = try await database.withStores { stores in
                let organisation = try await ExportCommand.organisation(provider, in: stores)
                return try await stores.nationalReturn.nationalReturn(
                    month, provider: organisation, by: Attribution(.commandLine, reason: "liaison export national"))
            }
            standardError.write(Data("Read \(sources.count) records; checking their mandatory items…\n".utf8))
            let problems = sources.flatMap(NationalReturn.problems)
            for problem in problems {
                standardError.write(
                    Data(
                        "Episode \(problem.episodeID) (person \(problem.personID)): \(problem.item): \(problem.message)\n"
                            .utf8))
            }
            if !problems.isEmpty {
                let records = Set(problems.map(\.episodeID)).count
                standardError.write(
                    Data(
                        "\(records) of \(sources.count) records have \(problems.count) problems with mandatory items.\n"
                            .utf8))
                if strict { throw CLIError("Not exported: fix the records above, or run without --strict.") }
            }
            let text = NationalReturn.csv(sources)
            if let dictionary {
                try ExportCommand.write(NationalReturn.dictionaryCSV, to: dictionary)
            }
            if let out {
                try ExportCommand.write(text, to: out)
                standardError.write(Data("Wrote \(sources.count) records for \(month.long) to \(out)\n".utf8))
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }
    }
}

extension ExportCommand {
    /// The organisation with the ODS code `provider` (nil: every provider), or a message naming the code.
    static func organisation(_ provider: String?, in stores: Stores) async throws -> Organisation.ID? {
        guard let provider else { return nil }
        let code = provider.uppercased()
        guard let found = try await stores.organisations.list().first(where: { $0.odsCode == code }) else {
            throw CLIError("No organisation has the ODS code \(code)")
        }
        return found.id
    }

    /// Refuses, before any work is done or recorded, a path whose folder cannot be written: an export recorded and
    /// audited but never delivered (its secret never shown) helps nobody.
    static func checkWritable(_ paths: String?...) throws {
        for path in paths.compactMap({ $0 }) {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            guard FileManager.default.isWritableFile(atPath: folder.isEmpty ? "." : folder) else {
                throw CLIError("Cannot write \(path): its folder is missing or not writable. Nothing was exported.")
            }
        }
    }

    /// Writes an export to `path` in one step (a reader never sees half a file).
    static func write(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CLIError("Cannot write \(path): \(error.localizedDescription)")
        }
    }
}
