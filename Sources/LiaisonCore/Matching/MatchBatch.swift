import Dispatch
import Foundation

/// Whole-register matching: every blocked pair scored, those at or above a probability kept. Used by the
/// duplicate finder, `liaison match dedupe` and `liaison match evaluate`.
package enum MatchBatch {
    /// A scored pair of records, by their positions in the input.
    package struct Pair: Sendable, Hashable {
        package let left: Int
        package let right: Int
        package let weight: Double
        package let probability: Double
    }

    /// Every blocked pair at or above `minimum`, strongest first, scored on all cores (each walks every
    /// `workers`-th block, so a run of large blocks is shared out). `progress` hears how many blocks are scored, at
    /// each twentieth.
    package static func pairs(
        _ records: [MatchRecord], matcher: Matcher, atLeast minimum: Double,
        progress: ProgressTicker.Report? = nil
    ) -> [Pair] {
        let blocks = MatchBlocks(records)
        let ticker = progress.map { ProgressTicker(total: blocks.count, report: $0) }
        let adjustments = matcher.frequencies == nil ? [] : records.map(matcher.adjustments)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 16))
        let found = Parts<Pair>(count: workers)
        // Records are read through a buffer pointer so that comparing a pair borrows both instead of copying
        // (retaining every name and identifier of each: a fifth of a batch's time at a million records).
        records.withUnsafeBufferPointer { buffer in
            // Only read, and only inside `withUnsafeBufferPointer`, which outlives `concurrentPerform`.
            nonisolated(unsafe) let records = buffer
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var kept: [Pair] = []
                // A worker's blocks a slice at a time, so that progress is heard while the large ones are walked.
                let mine = Array(stride(from: worker, to: blocks.count, by: workers))
                let slice = max(64, mine.count / 100)
                for start in stride(from: 0, to: mine.count, by: slice) {
                    let part = mine[start..<min(start + slice, mine.count)]
                    Self.score(part, blocks, records, matcher, adjustments, minimum, into: &kept)
                    ticker?.advance(by: part.count)
                }
                found.set(worker, kept)
            }
        }
        ticker?.finish()
        return found.all.sorted { ($0.weight, $1.left, $1.right) > ($1.weight, $0.left, $0.right) }
    }

    /// Scores the pairs of `part`'s blocks, keeping those at or above `minimum`.
    private static func score(
        _ part: ArraySlice<Int>, _ blocks: MatchBlocks, _ records: UnsafeBufferPointer<MatchRecord>,
        _ matcher: Matcher, _ adjustments: [TermAdjustments], _ minimum: Double, into kept: inout [Pair]
    ) {
        blocks.forEachPair(in: part) { left, right in
            let vector = MatchComparison.compare(records[left], records[right])
            let weight =
                matcher.weights.weight(vector) + (adjustments.isEmpty ? 0 : adjustments[left].weight(vector))
            let probability = MatchWeights.probability(weight)
            if probability >= minimum {
                kept.append(Pair(left: left, right: right, weight: weight, probability: probability))
            }
        }
    }
}

/// Pairwise precision, recall and F1 against known clusters (records with the same cluster id are the same
/// person), at every threshold the scores allow; the best is what a benchmark reports.
package struct PairwiseEvaluation: Sendable {
    package struct Point: Sendable, Hashable {
        package let threshold: Double
        package let truePositives: Int
        package let falsePositives: Int
        package let falseNegatives: Int

        package var precision: Double {
            truePositives + falsePositives == 0 ? 1 : Double(truePositives) / Double(truePositives + falsePositives)
        }
        package var recall: Double {
            truePositives + falseNegatives == 0 ? 1 : Double(truePositives) / Double(truePositives + falseNegatives)
        }
        package var f1: Double {
            let denominator = 2 * truePositives + falsePositives + falseNegatives
            return denominator == 0 ? 1 : 2 * Double(truePositives) / Double(denominator)
        }
    }

    package let truePairs: Int
    /// One point per distinct score, highest threshold first.
    package let curve: [Point]

    /// `pairs` are the scored pairs (any order); `clusters[i]` is the cluster of record i.
    package init(pairs: [MatchBatch.Pair], clusters: [String]) {
        var sizes: [String: Int] = [:]
        for cluster in clusters { sizes[cluster, default: 0] += 1 }
        truePairs = sizes.values.map { $0 * ($0 - 1) / 2 }.reduce(0, +)
        var curve: [Point] = []
        var tp = 0
        var fp = 0
        let sorted = pairs.sorted { $0.probability > $1.probability }
        for (index, pair) in sorted.enumerated() {
            if clusters[pair.left] == clusters[pair.right] { tp += 1 } else { fp += 1 }
            if index == sorted.count - 1 || sorted[index + 1].probability < pair.probability {
                curve.append(
                    Point(
                        threshold: pair.probability, truePositives: tp, falsePositives: fp,
                        falseNegatives: truePairs - tp))
            }
        }
        self.curve = curve
    }

    /// One band of a reliability diagram: the pairs scored within [lower, upper), their mean probability and how
    /// many of them are true. A calibrated engine's mean probability matches the share that are true in every band.
    package struct Band: Sendable, Hashable {
        package let lower: Double
        package let upper: Double
        package let pairs: Int
        package let trueShare: Double
        package let meanProbability: Double
    }

    /// The reliability diagram of `pairs` over the band edges (the last band includes 1.0); empty bands are left
    /// out.
    package static func reliability(
        pairs: [MatchBatch.Pair], clusters: [String], edges: [Double] = [0.01, 0.1, 0.2, 0.5, 0.8, 0.9, 0.99, 1.0]
    ) -> [Band] {
        (0..<(edges.count - 1)).compactMap { index in
            let (lower, upper) = (edges[index], edges[index + 1])
            let inside = pairs.filter {
                $0.probability >= lower
                    && ($0.probability < upper || (index == edges.count - 2 && $0.probability <= upper))
            }
            guard !inside.isEmpty else { return nil }
            let matched = inside.filter { clusters[$0.left] == clusters[$0.right] }.count
            return Band(
                lower: lower, upper: upper, pairs: inside.count, trueShare: Double(matched) / Double(inside.count),
                meanProbability: inside.map(\.probability).reduce(0, +) / Double(inside.count))
        }
    }

    /// The threshold with the highest F1.
    package var best: Point? { curve.max { $0.f1 < $1.f1 } }

    /// Every threshold above this and at most `best`'s gives the best F1 (no pair is scored in between), so the
    /// best threshold is a range: reporting only its top (a pair's probability) makes an engine that leaves a gap
    /// between its matches and its non-matches look overconfident. 0 when `best` is the lowest pair scored.
    package var bestFrom: Double? {
        guard let best, let index = curve.firstIndex(of: best) else { return nil }
        return index + 1 < curve.count ? curve[index + 1].threshold : 0
    }

    /// Precision and recall when everything at or above `threshold` is called a match.
    package func at(_ threshold: Double) -> Point {
        curve.last { $0.threshold >= threshold }
            ?? Point(threshold: threshold, truePositives: 0, falsePositives: 0, falseNegatives: truePairs)
    }
}
