import ArgumentParser
import Foundation
import LiaisonCore
import LiaisonStore

/// `liaison match train`: re-estimates the model from the register and stores it as the next version.
struct MatchTrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train", abstract: "Re-estimate the matching parameters from the register and show them.")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Probability at or above which a list line is linked without asking (default: keep the current).")
    var linkThreshold: Double?

    @Option(help: "Probability at or above which a person reviews the match (default: keep the current).")
    var reviewThreshold: Double?

    @Option(help: "Random pairs for estimating u.")
    var randomPairs: Int = 1_000_000

    func validate() throws {
        if randomPairs < 1 { throw ValidationError("--random-pairs must be at least 1") }
        for (name, value) in [("link", linkThreshold), ("review", reviewThreshold)] {
            if let value, !(0...1).contains(value) {
                throw ValidationError("--\(name)-threshold must be between 0 and 1")
            }
        }
        if let link = linkThreshold, let review = reviewThreshold, review > link {
            throw ValidationError("--review-threshold must not be above --link-threshold")
        }
    }

    func run() async throws {
        let (link, review, pairs) = (linkThreshold, reviewThreshold, randomPairs)
        let report = try await database.withStores { stores in
            let current = try await stores.matches.parameters().thresholds
            let thresholds = MatchThresholds(link: link ?? current.link, review: review ?? current.review)
            guard thresholds.review <= thresholds.link else {
                throw CLIError("The review threshold would be above the link threshold (\(thresholds.link)).")
            }
            return try await stores.matches.train(
                thresholds: thresholds, randomPairs: pairs, by: Attribution(.commandLine), progress: { print($0) })
        }
        for session in report.sessions {
            print(
                "EM on \(session.blockedOn): \(session.pairs) pairs, \(session.iterations) iterations"
                    + (session.converged ? ", converged" : ", NOT converged")
                    + ", \(Int(session.expectedMatches)) likely matches"
                    + (session.expectedMatches < 100 ? " (few: m stays close to the starting values)" : ""))
        }
        if !report.keptStarting.isEmpty {
            print(
                "Kept the starting m for " + report.keptStarting.map(\.rawValue).joined(separator: ", ")
                    + ": the estimate had matches disagreeing more often than agreeing (too few duplicates to learn from)"
            )
        }
        print(MatchParameterTable.render(report.parameters))
        print("Stored as version \(report.parameters.version).")
    }
}

/// The parameters as a table an operator can read: per field and level, m, u and the weight log2(m/u).
enum MatchParameterTable {
    static func render(_ parameters: MatchParameters) -> String {
        var lines = [
            "λ (two random records match) = \(String(format: "%.3g", parameters.probabilityTwoRandomRecordsMatch))"
                + "  thresholds: link ≥ \(parameters.thresholds.link), review ≥ \(parameters.thresholds.review)",
            "field              level             m          u          weight",
        ]
        for field in MatchField.allCases {
            for (index, level) in field.levels.enumerated() {
                let values = parameters[field]
                lines.append(
                    field.rawValue.padding(toLength: 19, withPad: " ", startingAt: 0)
                        + level.rawValue.padding(toLength: 18, withPad: " ", startingAt: 0)
                        + String(
                            format: "%-11.4g%-11.4g%+.2f", values.m[index], values.u[index],
                            parameters.weight(field, level: index)))
            }
        }
        return lines.joined(separator: "\n")
    }
}
