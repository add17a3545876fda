import Foundation

/// Estimates the model from unlabelled records, as Splink does: u from random pairs (nearly all non-matches), m
/// by expectation maximisation over blocked pairs, one session per blocking rule so that no field's m is learnt
/// from pairs chosen because that field agreed, and λ from how many of the pairs sharing a date of birth EM judges
/// to be matches, scaled from that block to the whole register.
package enum MatchTraining {
    /// What a training run produced and how it went, for `liaison match train` to show.
    package struct Report: Sendable {
        package var parameters: MatchParameters
        package var randomPairs: Int
        package var sessions: [Session]
        /// The pairs λ was estimated over (those sharing a date of birth, or with too few dates every blocked pair).
        package var candidatePairs: Int
        /// Fields whose estimate was implausible (agreement no likelier than disagreement among matches, the
        /// reverse of the starting values): they keep the starting m.
        package var keptStarting: [MatchField]
    }

    /// One EM session: which pairs, how many, which fields it estimated, and whether it converged.
    package struct Session: Sendable {
        package var blockedOn: String
        package var pairs: Int
        package var estimated: [MatchField]
        package var iterations: Int
        package var converged: Bool
        /// How many of the pairs EM judged to be matches: few means m stayed near the starting values.
        package var expectedMatches: Double
    }

    /// Pseudo-matches spread over the starting m values in every M step (a Dirichlet prior): negligible beside
    /// thousands of duplicates, but a register with almost none keeps sensible m values instead of learning noise.
    static let priorStrength = 10.0

    package static func train(
        _ records: [MatchRecord], version: Int, thresholds: MatchThresholds = .standard, randomPairs: Int = 1_000_000,
        seed: UInt64 = 42, progress: (String) -> Void = { _ in }
    ) -> Report {
        var parameters = MatchParameters.starting
        parameters.version = version
        parameters.thresholds = thresholds
        progress("Estimating u from \(randomPairs) random pairs")
        let (random, sampled) = randomPatterns(records, pairs: randomPairs, seed: seed)
        let everyPair = Self.u(from: random, notMatching: nil)
        for field in MatchField.allCases { parameters[field].u = everyPair[field.index] }

        let rules: [(String, Character, Set<MatchField>)] = [
            ("date of birth", "d", Set(MatchField.allCases).subtracting([.dateOfBirth])),
            ("name sounds", "x", Set(MatchField.allCases).subtracting([.forename, .surname])),
        ]
        var sessions: [Session] = []
        var estimates: [MatchField: [[Double]]] = [:]
        var dateBlock: (pairs: Int, patterns: [ComparisonVector: Int])?
        for (name, prefix, fields) in rules {
            let pairs = MatchBlocking.candidatePairs(records, only: [prefix])
            progress("EM blocked on \(name): \(pairs.count) pairs")
            let patterns = Self.patterns(records, Self.sample(pairs, atMost: Self.pairsPerSession))
            if prefix == "d" { dateBlock = (pairs.count, patterns) }
            let result = expectationMaximisation(
                patterns, starting: parameters, estimating: fields,
                ignoring: Set(MatchField.allCases).subtracting(fields))
            for field in fields { estimates[field, default: []].append(result.parameters[field].m) }
            sessions.append(
                Session(
                    blockedOn: name, pairs: pairs.count, estimated: MatchField.allCases.filter(fields.contains),
                    iterations: result.iterations, converged: result.converged,
                    expectedMatches: result.expectedMatches))
        }
        for (field, ms) in estimates {
            parameters[field].m = (0..<ms[0].count).map { level in ms.map { $0[level] }.reduce(0, +) / Double(ms.count)
            }
        }
        // EM on few duplicates can settle on a wrong solution (on a small register it "learnt" that matches mostly
        // have different dates of birth). An estimate that reverses which of agreement and disagreement is likelier
        // among matches is not believed.
        let starting = MatchParameters.starting
        let kept = MatchField.allCases.filter { field in
            let (m, start) = (parameters[field].m, starting[field].m)
            return (m[0] > m[m.count - 1]) != (start[0] > start[start.count - 1])
        }
        for field in kept { parameters[field].m = starting[field].m }
        progress("Estimating λ from the pairs sharing a date of birth")
        let lambda: Double
        let lambdaPairs: Int
        if let dateBlock,
            let estimate = Self.lambda(
                records, dateBlock: dateBlock.patterns, blockedPairs: dateBlock.pairs, parameters: parameters)
        {
            (lambda, lambdaPairs) = (estimate, dateBlock.pairs)
        } else {
            // No dates of birth to speak of: over the pairs the search keys block, every field counted (this
            // overstates λ, most where the register is large, as the blocked-on fields agree by construction).
            let all = MatchBlocking.candidatePairs(records, only: MatchBlocking.searchRules)
            let blocked = expectationMaximisation(
                Self.patterns(records, Self.sample(all, atMost: Self.pairsPerSession)), starting: parameters,
                estimating: [])
            let totalPairs = Double(records.count) * Double(records.count - 1) / 2
            lambda = blocked.parameters.probabilityTwoRandomRecordsMatch * Double(all.count) / max(totalPairs, 1)
            lambdaPairs = all.count
        }
        parameters.probabilityTwoRandomRecordsMatch = min(max(lambda, 1e-12), 0.5)
        // The random pairs u was counted from include the register's own duplicates, a share λ of them, nearly all
        // agreeing on every identifier: negligible at a million records, but at ten thousand they made an NHS
        // number's agreement weigh 12 bits where the labels say 19. Count each random pair as a non-match only as
        // far as the model says it is one, then estimate λ once more with that u.
        let u = Self.u(from: random, notMatching: parameters)
        for field in MatchField.allCases { parameters[field].u = u[field.index] }
        if let dateBlock,
            let estimate = Self.lambda(
                records, dateBlock: dateBlock.patterns, blockedPairs: dateBlock.pairs, parameters: parameters)
        {
            parameters.probabilityTwoRandomRecordsMatch = min(max(estimate, 1e-12), 0.5)
        }
        parameters.registerSize = records.count
        return Report(
            parameters: parameters, randomPairs: sampled, sessions: sessions, candidatePairs: lambdaPairs,
            keptStarting: kept)
    }

    /// λ as Splink turns a blocked session's estimate into the register's: EM (m and u fixed, the date of birth
    /// left out of the E step because every pair agrees on it by construction) gives the share of matches among
    /// the pairs sharing a date of birth, P(match | block); Bayes turns it into λ = P(match | block) × P(block) /
    /// P(block | match), where P(block) is the blocked pairs' share of all pairs and P(block | match) is the chance
    /// that a true pair has both dates and they agree exactly. Counting the blocked-on field as evidence, as an
    /// E step over every field does, made same-birthday strangers half-matches and λ thirteen times too high at a
    /// million records. Nil when too few records have a date of birth for the estimate to mean anything.
    static func lambda(
        _ records: [MatchRecord], dateBlock patterns: [ComparisonVector: Int], blockedPairs: Int,
        parameters: MatchParameters
    ) -> Double? {
        let dated = Double(records.lazy.filter { $0.dateOfBirth != nil }.count)
        let exact = parameters[.dateOfBirth].m[0]
        guard blockedPairs >= 100, dated >= 2, exact > 0 else { return nil }
        let withinBlock = expectationMaximisation(
            patterns, starting: parameters, estimating: [], ignoring: [.dateOfBirth]
        ).parameters.probabilityTwoRandomRecordsMatch
        let totalPairs = Double(records.count) * Double(records.count - 1) / 2
        let share = dated / Double(records.count)
        return withinBlock * (Double(blockedPairs) / totalPairs) / (share * share * exact)
    }

    /// u per field and level from `pairs` random pairs, with half a count added to every level so that a level
    /// never seen among random pairs (names swapped) gets a small u instead of zero.
    package static func estimateU(_ records: [MatchRecord], pairs: Int, seed: UInt64) -> ([[Double]], Int) {
        let (patterns, sampled) = randomPatterns(records, pairs: pairs, seed: seed)
        return (u(from: patterns, notMatching: nil), sampled)
    }

    /// The comparison vectors of `pairs` random pairs (at most every pair once over) and how many were drawn.
    package static func randomPatterns(
        _ records: [MatchRecord], pairs: Int, seed: UInt64
    ) -> ([ComparisonVector: Int], Int) {
        guard records.count > 1 else { return ([:], 0) }
        var random = SeededRandom(seed: seed)
        var patterns: [ComparisonVector: Int] = [:]
        let total = min(pairs, records.count * (records.count - 1) / 2)
        for _ in 0..<total {
            let i = Int.random(in: 0..<records.count, using: &random)
            var j = Int.random(in: 0..<(records.count - 1), using: &random)
            if j >= i { j += 1 }
            patterns[MatchComparison.compare(records[i], records[j]), default: 0] += 1
        }
        return (patterns, total)
    }

    /// u per field and level from random pairs' patterns, half a count added to every level. With `parameters`,
    /// each pattern counts only as far as it is a non-match by their posterior (λ, m and u), so that the
    /// register's own duplicates among the random pairs do not pass for chance agreement.
    package static func u(from patterns: [ComparisonVector: Int], notMatching parameters: MatchParameters?)
        -> [[Double]]
    {
        var counts = MatchField.allCases.map { [Double](repeating: 0.5, count: $0.levels.count) }
        let weights = parameters.map { MatchWeights($0) }
        for (vector, count) in patterns {
            let share = weights.map { 1 - MatchWeights.probability($0.weight(vector)) } ?? 1
            for field in MatchField.allCases.indices where vector.levels[field] >= 0 {
                counts[field][Int(vector.levels[field])] += share * Double(count)
            }
        }
        return counts.map { row in row.map { $0 / row.reduce(0, +) } }
    }

    /// Pairs each EM session learns from, at most: beyond a few million the pattern frequencies no longer change
    /// (Splink samples too), and a register of a million has tens of millions of blocked pairs.
    static let pairsPerSession = 3_000_000

    /// Every k-th pair, so that at most `limit` remain (deterministic).
    static func sample(_ pairs: [UInt64], atMost limit: Int) -> [UInt64] {
        guard pairs.count > limit else { return pairs }
        let step = Double(pairs.count) / Double(limit)
        return (0..<limit).map { pairs[Int(Double($0) * step)] }
    }

    /// The distinct comparison vectors among `pairs` and how often each occurs: EM works on these, so a million
    /// pairs cost a few thousand patterns per iteration.
    package static func patterns(_ records: [MatchRecord], _ pairs: [UInt64]) -> [ComparisonVector: Int] {
        var patterns: [ComparisonVector: Int] = [:]
        records.withUnsafeBufferPointer { records in  // borrowed, not copied, per pair (as in MatchBatch)
            for pair in pairs {
                let vector = MatchComparison.compare(records[Int(pair >> 32)], records[Int(pair & 0xFFFF_FFFF)])
                patterns[vector, default: 0] += 1
            }
        }
        return patterns
    }

    /// Expectation maximisation with u held fixed: the E step gives each pattern its probability of being a
    /// match; the M step re-estimates λ and, for the fields in `estimating`, m from those probabilities. Fields in
    /// `ignoring` (those the pairs were blocked on, which agree by construction) take no part in the E step, or
    /// every blocked pair would look like a match and the other fields' m would learn the random distribution.
    package static func expectationMaximisation(
        _ patterns: [ComparisonVector: Int], starting: MatchParameters, estimating: Set<MatchField>,
        ignoring: Set<MatchField> = [], maxIterations: Int = 50, tolerance: Double = 1e-5
    ) -> (parameters: MatchParameters, iterations: Int, converged: Bool, expectedMatches: Double) {
        var parameters = starting
        let entries = Array(patterns)
        guard !entries.isEmpty else { return (parameters, 0, true, 0) }
        let prior = MatchParameters.starting
        var lambda = max(min(starting.probabilityTwoRandomRecordsMatch, 0.99), 0.01)
        for iteration in 1...maxIterations {
            let weights = MatchWeights(parameters)
            let priorWeight = log2(lambda / (1 - lambda))
            var matched = 0.0
            var total = 0.0
            var mCounts = MatchField.allCases.map { [Double](repeating: 0, count: $0.levels.count) }
            for (entry, count) in entries {
                var vector = entry
                for field in ignoring { vector[field] = -1 }
                let weight = weights.weight(vector) - weights.prior + priorWeight
                let p = MatchWeights.probability(weight) * Double(count)
                matched += p
                total += Double(count)
                for field in 0..<8 where entry.levels[field] >= 0 { mCounts[field][Int(entry.levels[field])] += p }
            }
            let newLambda = min(max(matched / total, 1e-9), 1 - 1e-9)
            var change = abs(newLambda - lambda)
            lambda = newLambda
            for field in estimating {
                let row = mCounts[field.index]
                let sum = row.reduce(0, +)
                let m = zip(row, prior[field].m).map { count, start in
                    max((count + Self.priorStrength * start) / (sum + Self.priorStrength), 1e-6)
                }
                change = max(change, zip(m, parameters[field].m).map { abs($0 - $1) }.max() ?? 0)
                parameters[field].m = m
            }
            parameters.probabilityTwoRandomRecordsMatch = lambda
            if change < tolerance { return (parameters, iteration, true, matched) }
            if iteration == maxIterations { return (parameters, iteration, false, matched) }
        }
        return (parameters, maxIterations, false, 0)
    }
}
