import Foundation

/// The pairs a labelled evaluation gets wrong at one threshold, with both records and every field's level, so that
/// a person can read why (issue 22: which comparison levels the misses need). Written by
/// `liaison match evaluate --misses`.
package struct MatchMisses: Sendable {
    /// One wrong pair: its positions in the input and its probability (nil: never scored, or below the batch floor).
    package struct Miss: Sendable, Hashable {
        package let left: Int
        package let right: Int
        package let probability: Double?
    }

    package let records: [MatchRecord]
    /// True pairs below the threshold, weakest first.
    package let missed: [Miss]
    /// Pairs of different people at or above the threshold, strongest first.
    package let falseMatches: [Miss]

    package init(records: [MatchRecord], clusters: [String], pairs: [MatchBatch.Pair], threshold: Double) {
        self.records = records
        var scored: [Int: Double] = [:]
        var falseMatches: [Miss] = []
        for pair in pairs {
            scored[Self.key(pair.left, pair.right)] = pair.probability
            if pair.probability >= threshold, clusters[pair.left] != clusters[pair.right] {
                falseMatches.append(Miss(left: pair.left, right: pair.right, probability: pair.probability))
            }
        }
        var members: [String: [Int]] = [:]
        for (index, cluster) in clusters.enumerated() { members[cluster, default: []].append(index) }
        var missed: [Miss] = []
        for group in members.values where group.count > 1 {
            for (i, left) in group.enumerated() {
                for right in group[(i + 1)...] {
                    let probability = scored[Self.key(left, right)]
                    if (probability ?? 0) < threshold {
                        missed.append(Miss(left: left, right: right, probability: probability))
                    }
                }
            }
        }
        self.missed = missed.sorted {
            ($0.probability ?? -1, $0.left, $0.right) < ($1.probability ?? -1, $1.left, $1.right)
        }
        self.falseMatches = falseMatches.sorted { ($0.probability!, $0.left) > ($1.probability!, $1.left) }
    }

    private static func key(_ a: Int, _ b: Int) -> Int { min(a, b) << 32 | max(a, b) }

    /// A CSV with a header: kind (missed or false), probability (empty when never scored), then each record's
    /// names, date of birth and postcode, then each field's level name ("null" where either side has no value).
    package func csv() -> String {
        var lines = [
            CSV.line(
                [
                    "kind", "probability", "left_id", "right_id", "left_names", "right_names", "left_dob", "right_dob",
                    "left_postcode", "right_postcode",
                ] + MatchField.allCases.map(\.rawValue))
        ]
        for (kind, list) in [("missed", missed), ("false", falseMatches)] {
            for miss in list {
                let (a, b) = (records[miss.left], records[miss.right])
                let vector = MatchComparison.compare(a, b)
                let levels = MatchField.allCases.map { field in
                    vector[field] < 0 ? "null" : field.levels[Int(vector[field])].rawValue
                }
                lines.append(
                    CSV.line(
                        [
                            kind, miss.probability.map { String(format: "%.4f", $0) } ?? "", a.id, b.id,
                            Self.names(a), Self.names(b), a.dateOfBirth?.description ?? "",
                            b.dateOfBirth?.description ?? "", a.postcode ?? "", b.postcode ?? "",
                        ] + levels))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func names(_ record: MatchRecord) -> String {
        record.names.map {
            String(decoding: $0.given, as: UTF8.self) + " " + String(decoding: $0.family, as: UTF8.self)
        }
        .joined(separator: "; ")
    }
}
