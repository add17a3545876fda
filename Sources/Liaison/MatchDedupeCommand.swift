import ArgumentParser
import Foundation
import LiaisonCore
import LiaisonStore

/// `liaison match dedupe`: every likely duplicate pair in the register (or in a CSV file) written to a CSV, with
/// the level each field agreed at, for review outside the app or for loading elsewhere.
struct MatchDedupeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dedupe", abstract: "Write likely duplicate pairs, with why, to a CSV file.")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Match the people in this CSV (the evaluate columns; trained on the file) instead of the register.")
    var input: String?

    @Option(help: "Where to write the pairs.")
    var out: String

    @Option(help: "Keep pairs at or above this probability (default: the review threshold).")
    var atLeast: Double?

    func validate() throws {
        if let atLeast, !(0...1).contains(atLeast) { throw ValidationError("--at-least must be between 0 and 1") }
        if let input, URL(fileURLWithPath: input).standardizedFileURL == URL(fileURLWithPath: out).standardizedFileURL {
            throw ValidationError("--out must not be the --input file: it would be overwritten")
        }
    }

    func run() async throws {
        // Checked before the work, without touching the file: it is written once, whole, at the end.
        let folder = URL(fileURLWithPath: out).deletingLastPathComponent().path
        guard FileManager.default.isWritableFile(atPath: folder.isEmpty ? "." : folder) else {
            throw CLIError("Cannot write \(out).")
        }
        let header =
            ["left_id", "right_id", "probability", "match_weight", "decision"] + MatchField.allCases.map(\.rawValue)
        var lines = [CSV.line(header)]
        if let input {
            let file = try MatchFiles.read(input)
            print("Read \(file.records.count) records; training on them")
            let report = MatchTraining.train(file.records, version: 1, progress: { print("  \($0)") })
            let matcher = Matcher(report.parameters, frequencies: TermFrequencies(file.records))
            for pair in MatchBatch.pairs(
                file.records, matcher: matcher, atLeast: atLeast ?? report.parameters.thresholds.review,
                progress: Self.scored)
            {
                let (left, right) = (file.records[pair.left], file.records[pair.right])
                lines.append(Self.line(left.id, right.id, matcher.explain(left, right)))
            }
        } else {
            let minimum = atLeast
            let pairs = try await database.withStores { stores in
                let stored = try await stores.matches.parameters().thresholds.review
                let threshold = minimum ?? stored
                print("Scoring the register's blocked pairs at or above \(threshold)")
                return try await stores.matches.duplicates(
                    atLeast: threshold, within: nil, limit: .max, by: Attribution(.commandLine), progress: Self.scored)
            }
            for pair in pairs {
                lines.append(Self.line(pair.left.id.rawValue, pair.right.id.rawValue, pair.explanation))
            }
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: out, atomically: true, encoding: .utf8)
        print("Wrote \(lines.count - 1) pairs to \(out)")
    }

    /// The batch's progress as a bar: blocks of records scored so far.
    static let scored: ProgressTicker.Report = { done, total in print(Progress.bar(done, total) + " blocks scored") }

    static func line(_ left: String, _ right: String, _ explanation: MatchExplanation) -> String {
        CSV.line(
            [
                left, right, String(format: "%.6f", explanation.probability),
                String(format: "%.3f", explanation.weight),
                explanation.decision.rawValue,
            ] + explanation.lines.map { $0.level?.rawValue ?? "" })
    }
}
