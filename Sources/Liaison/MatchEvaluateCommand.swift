import ArgumentParser
import Foundation
import LiaisonCore

/// `liaison match evaluate --labelled FILE`: trains on the file's own records (no labels used), finds the
/// duplicate pairs and scores them against the file's cluster ids: pairwise precision, recall and F1.
struct MatchEvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Measure precision, recall and F1 against a labelled CSV with a cluster id column.")

    @Option(
        help:
            "CSV with unique_id, cluster, first_name, surname and optionally aliases, dob, sex, postcode, nhs_number, pnc_id, custody_number."
    )
    var labelled: String

    @Option(help: "Also write the results as JSON to this file (for bench/matching).")
    var json: String?

    @Option(help: "Random pairs for estimating u.")
    var randomPairs: Int = 1_000_000

    @Option(help: "Seed for the random pairs.")
    var seed: UInt64 = 42

    func validate() throws {
        if randomPairs < 1 { throw ValidationError("--random-pairs must be at least 1") }
    }

    @Flag(help: "Score every agreement at its average weight (no term-frequency adjustment), to measure what it adds.")
    var noTermFrequencies = false

    @Flag(help: "Also show each weight as trained beside the weight the labels give (m from the true pairs).")
    var showWeights = false

    @Flag(help: "Also count the pairs each blocking rule alone would score (what a rule costs beside what it reaches).")
    var rulePairs = false

    @Option(
        help:
            "Write the pairs wrong at an even chance to this CSV: true pairs below 0.5 (scored or never blocked) and false pairs at or above it, each with both records and every field's level."
    )
    var misses: String?

    func run() throws {
        // Refused before the training and scoring it would otherwise waste.
        try ExportCommand.checkWritable(json, misses)
        let started = Date()
        let file = try MatchFiles.read(labelled)
        guard let clusters = file.clusters else {
            throw CLIError("\(labelled) has no cluster column to evaluate against.")
        }
        let loaded = Date()
        print("Read \(file.records.count) records from \(labelled)")
        let report = MatchTraining.train(
            file.records, version: 1, randomPairs: randomPairs, seed: seed, progress: { print("  \($0)") })
        let trained = Date()
        let matcher = Matcher(
            report.parameters, frequencies: noTermFrequencies ? nil : TermFrequencies(file.records))
        // Pairs below this are not kept, so no threshold under it can be judged.
        let keptFrom = 0.001
        let pairs = MatchBatch.pairs(
            file.records, matcher: matcher, atLeast: keptFrom, progress: MatchDedupeCommand.scored)
        let predicted = Date()
        let evaluation = PairwiseEvaluation(pairs: pairs, clusters: clusters)
        guard let best = evaluation.best else { throw CLIError("No pairs scored: nothing to evaluate.") }
        let thresholds = report.parameters.thresholds
        // Counted again outside the timings: the pairs the batch scored (every blocking rule), not only those λ
        // was estimated over.
        let scored = MatchBlocks(file.records).pairCount
        print("True pairs \(evaluation.truePairs), candidate pairs \(scored), kept \(pairs.count)")
        // The shipped thresholds and an even chance, beside the best F1 chosen with the labels: what a user gets.
        let fixed = [
            ("review", evaluation.at(thresholds.review)), ("even", evaluation.at(0.5)),
            ("link", evaluation.at(thresholds.link)),
        ]
        for (name, point) in [("best F1", best)] + fixed.map({ ("\($0.0) ≥ \($0.1.threshold)", $0.1) }) {
            print(
                "\(name.padding(toLength: 14, withPad: " ", startingAt: 0)) threshold \(Self.fixed(point.threshold, 4))"
                    + "  precision \(Self.fixed(point.precision, 4))  recall \(Self.fixed(point.recall, 4))"
                    + "  F1 \(Self.fixed(point.f1, 4))")
        }
        let bestFrom = max(evaluation.bestFrom ?? 0, keptFrom)
        print("best F1 at any threshold above \(Self.fixed(bestFrom, 4)) and at most \(Self.fixed(best.threshold, 4))")
        if showWeights {
            let labelled = LabelledParameters.measure(file.records, clusters: clusters, randomPairs: randomPairs)
            for line in LabelledParameters.describe(trained: report.parameters, labelled: labelled) { print(line) }
        }
        if let misses {
            let wrong = MatchMisses(records: file.records, clusters: clusters, pairs: pairs, threshold: 0.5)
            try ExportCommand.write(wrong.csv(), to: misses)
            print(
                "Wrong at 0.5: \(wrong.missed.count) true pairs missed, \(wrong.falseMatches.count) false matches → \(misses)"
            )
        }
        let bands = PairwiseEvaluation.reliability(pairs: pairs, clusters: clusters)
        print("Reliability (probability band: pairs, mean probability, share true):")
        for band in bands {
            print(
                "  [\(Self.fixed(band.lower, 2)), \(Self.fixed(band.upper, 2))): \(band.pairs) pairs, "
                    + "mean \(Self.fixed(band.meanProbability, 3)), true \(Self.fixed(band.trueShare, 3))")
        }
        let blocking = MatchBlocking.recall(file.records, clusters: clusters)
        print(Self.describe(blocking))
        if rulePairs {
            let counts = blocking.byRule.keys.sorted().map { rule in
                "\(Self.ruleNames[rule] ?? String(rule)) \(MatchBlocks(file.records, only: [rule]).pairCount)"
            }
            print("Pairs per rule alone: " + counts.joined(separator: ", "))
        }
        let seconds = [
            "load": loaded.timeIntervalSince(started), "train": trained.timeIntervalSince(loaded),
            "predict": predicted.timeIntervalSince(trained), "total": predicted.timeIntervalSince(started),
        ]
        print(
            "Seconds: load \(Self.fixed(seconds["load"]!, 2)), train \(Self.fixed(seconds["train"]!, 2)), predict \(Self.fixed(seconds["predict"]!, 2))"
        )
        if let json {
            let result: [String: Any] = [
                "engine": "liaison", "termFrequencies": !noTermFrequencies, "records": file.records.count,
                "truePairs": evaluation.truePairs,
                "candidatePairs": scored,
                "best": [
                    "threshold": best.threshold, "thresholdAbove": bestFrom, "precision": best.precision,
                    "recall": best.recall, "f1": best.f1,
                ],
                "seconds": seconds,
                "reliability": bands.map {
                    [
                        "lower": $0.lower, "upper": $0.upper, "pairs": $0.pairs, "trueShare": $0.trueShare,
                        "meanProbability": $0.meanProbability,
                    ] as [String: Any]
                },
                "blocking": [
                    "truePairs": blocking.truePairs, "reached": blocking.reached,
                    "byRule": Dictionary(uniqueKeysWithValues: blocking.byRule.map { (String($0.key), $0.value) }),
                    "onlyByRule": Dictionary(
                        uniqueKeysWithValues: blocking.onlyByRule.map { (String($0.key), $0.value) }),
                ] as [String: Any],
                "atThresholds": fixed.map { name, point in
                    [
                        "name": name, "threshold": point.threshold, "precision": point.precision,
                        "recall": point.recall, "f1": point.f1,
                    ] as [String: Any]
                },
            ]
            let data = try JSONSerialization.data(withJSONObject: result, options: [.prettyPrinted, .sortedKeys])
            try ExportCommand.write(String(decoding: data, as: UTF8.self), to: json)
        }
    }

    /// "Blocking reaches 97.1% of true pairs; by rule: d 80.2% (only 3.1%), …" with the rules' names.
    static func describe(_ recall: MatchBlocking.Recall) -> String {
        let names = ruleNames
        func share(_ count: Int) -> String { fixed(100 * Double(count) / Double(max(recall.truePairs, 1)), 1) + "%" }
        let rules = recall.byRule.keys.sorted().map { rule in
            "\(names[rule] ?? String(rule)) \(share(recall.byRule[rule]!)) (only \(share(recall.onlyByRule[rule] ?? 0)))"
        }
        return "Blocking reaches \(share(recall.reached)) of \(recall.truePairs) true pairs; by rule: "
            + rules.joined(separator: ", ")
    }

    /// What each blocking rule's key prefix stands for.
    static let ruleNames: [Character: String] = [
        "n": "NHS number", "p": "PNC ID", "c": "custody number", "d": "date of birth",
        "s": "last-name sound + birth year", "x": "both name sounds", "i": "name prefixes + day and month",
        "f": "first name + birth year and month", "g": "first name + day and month",
        "m": "last name + day and month",
        "h": "first name + last initial + postcode district",
    ]

    static func fixed(_ value: Double, _ places: Int) -> String { String(format: "%.\(places)f", value) }
}

/// Reading a match CSV with errors an operator can act on.
enum MatchFiles {
    static func read(_ path: String) throws -> LabelledRecords {
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("Cannot read \(path).") }
        do {
            return try LabelledRecords(csv: String(decoding: data, as: UTF8.self))
        } catch let malformed as CSV.Malformed {
            throw CLIError("\(path): \(malformed)")
        }
    }
}
