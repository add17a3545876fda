import ArgumentParser
import Foundation
import LiaisonCore
import LiaisonStore

extension ExportCommand {
    /// `liaison export evaluation --from 2026-01 --through 2026-12 --recipient "…"`: the pseudonymised extract for an
    /// independent evaluator, its secret on standard error (shown once).
    struct Evaluation: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "The pseudonymised evaluation extract as CSV (one row per episode identified in the months): identifiers become HMAC-SHA256 pseudonyms under a new secret, printed once on standard error; the extract is recorded against its recipient."
        )

        @OptionGroup var database: DatabaseOptions
        @Option(help: "The first month, as YYYY-MM.")
        var from: String
        @Option(help: "The last month, as YYYY-MM (at most 36 months after the first).")
        var through: String
        @Option(help: "Who receives the extract (name and organisation); it is recorded with the extract.")
        var recipient: String
        @Option(help: "Only this provider, by its ODS code (default: every provider).")
        var provider: String?
        @Option(help: "Write the CSV to this file instead of standard output.")
        var out: String?
        @Option(help: "Also write the data dictionary (CSV) to this file.")
        var dictionary: String?

        func run() async throws {
            let request: EvaluationRequest
            do {
                request = try EvaluationRequest(from: from, through: through, recipient: recipient)
            } catch {
                throw ValidationError(
                    error.problems.map { "--\($0.field): \($0.message)" }.joined(separator: "\n"))
            }
            try ExportCommand.checkWritable(out, dictionary)
            let provider = self.provider
            let standardError = FileHandle.standardError
            standardError.write(Data("Reading and pseudonymising \(request.from) to \(request.through)…\n".utf8))
            let made = try await database.withStores { stores in
                try await stores.evaluation.make(
                    request, provider: try await ExportCommand.organisation(provider, in: stores),
                    holdForDownload: false,
                    by: Attribution(.commandLine, reason: "liaison export evaluation"))
            }
            if let dictionary { try ExportCommand.write(EvaluationExtract.dictionaryCSV, to: dictionary) }
            if let out {
                try ExportCommand.write(made.csv, to: out)
                standardError.write(Data("Wrote \(made.record.rows) episodes to \(out)\n".utf8))
            } else {
                FileHandle.standardOutput.write(Data(made.csv.utf8))
            }
            standardError.write(
                Data(
                    """
                    Extract \(made.record.id) for \(made.record.recipient), \(request.from) to \(request.through): \
                    \(made.record.rows) episodes, SHA-256 \(made.record.sha256).
                    Secret (shown once, never stored; keep it apart from the extract): \(made.secret)

                    """.utf8))
        }
    }
}
