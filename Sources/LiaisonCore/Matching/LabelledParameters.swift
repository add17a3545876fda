import Foundation

/// The model as a labelled file says it should be (m from every true pair, u from random pairs of different
/// people, λ from the number of true pairs), so that `liaison match evaluate` can show where training goes wrong
/// instead of only that it does.
package enum LabelledParameters {
    /// m, u and λ measured with the labels; `registerSize` is the file's.
    package static func measure(
        _ records: [MatchRecord], clusters: [String], randomPairs: Int = 1_000_000, seed: UInt64 = 42
    ) -> MatchParameters {
        var members: [String: [Int]] = [:]
        for (index, cluster) in clusters.enumerated() { members[cluster, default: []].append(index) }
        var mCounts = MatchField.allCases.map { [Double](repeating: 0.5, count: $0.levels.count) }
        var truePairs = 0
        for group in members.values where group.count > 1 {
            for (offset, left) in group.enumerated() {
                for right in group[(offset + 1)...] {
                    truePairs += 1
                    count(MatchComparison.compare(records[left], records[right]), into: &mCounts)
                }
            }
        }
        var uCounts = MatchField.allCases.map { [Double](repeating: 0.5, count: $0.levels.count) }
        if records.count > 1 {
            var random = SeededRandom(seed: seed)
            for _ in 0..<randomPairs {
                let i = Int.random(in: 0..<records.count, using: &random)
                var j = Int.random(in: 0..<(records.count - 1), using: &random)
                if j >= i { j += 1 }
                guard clusters[i] != clusters[j] else { continue }
                count(MatchComparison.compare(records[i], records[j]), into: &uCounts)
            }
        }
        func shares(_ row: [Double]) -> [Double] { row.map { $0 / row.reduce(0, +) } }
        let totalPairs = Double(records.count) * Double(max(records.count - 1, 0)) / 2
        var parameters = MatchParameters(
            version: 0, probabilityTwoRandomRecordsMatch: Double(truePairs) / max(totalPairs, 1),
            fields: MatchField.allCases.map { field in
                .init(field: field, m: shares(mCounts[field.index]), u: shares(uCounts[field.index]))
            })
        parameters.registerSize = records.count
        return parameters
    }

    private static func count(_ vector: ComparisonVector, into counts: inout [[Double]]) {
        for field in MatchField.allCases.indices where vector.levels[field] >= 0 {
            counts[field][Int(vector.levels[field])] += 1
        }
    }

    /// One line per field and level: the trained weight beside the labelled one, then both priors, in bits.
    package static func describe(trained: MatchParameters, labelled: MatchParameters) -> [String] {
        func bits(_ value: Double) -> String { String(format: "%+6.2f", value) }
        var lines = ["weights in bits, trained / labelled (m trained / labelled):"]
        for field in MatchField.allCases {
            for (level, code) in field.levels.enumerated() {
                lines.append(
                    "  \(field.rawValue).\(code.rawValue): \(bits(trained.weight(field, level: level))) / "
                        + "\(bits(labelled.weight(field, level: level)))  (m "
                        + String(format: "%.4f / %.4f", trained[field].m[level], labelled[field].m[level]) + ")")
            }
        }
        lines.append(
            "  prior λ: \(bits(trained.priorWeight())) / \(bits(labelled.priorWeight()))  ("
                + String(
                    format: "%.3g / %.3g", trained.probabilityTwoRandomRecordsMatch,
                    labelled.probabilityTwoRandomRecordsMatch) + ")")
        return lines
    }
}
