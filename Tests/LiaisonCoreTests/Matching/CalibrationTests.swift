import Testing

@testable import LiaisonCore

/// The calibration property on a fixed synthetic register: a trained model's probabilities mean what they say.
@Suite("Match calibration")
struct CalibrationTests {
    typealias R = MatchComparisonTests

    /// 3,000 people from small name pools (so strangers often share a first or last name, and now and then a whole
    /// name), a tenth of them recorded twice with the slips seen in custody (a typo, a short form, a date one digit
    /// out or missing, a new postcode), and one person in eight known by another last name.
    static func register(seed: UInt64) -> (records: [MatchRecord], clusters: [String]) {
        var random = SeededRandom(seed: seed)
        let given = [
            "James", "Mohammed", "Daniel", "Joshua", "Kwame", "Liam", "Aaron", "Ryan", "Tyrone", "Connor", "Adam",
            "Jordan", "Nathan", "Robert", "William", "Sarah", "Emma", "Aisha", "Chloe", "Jade", "Fatima", "Grace",
            "Leah", "Megan", "Priya", "Zainab", "Amy", "Laura", "Rebecca", "Shannon",
        ]
        let family = (0..<120).map { index in
            let syllables = ["ab", "ok", "ma", "ren", "tu", "vil", "sor", "ne", "gad", "lo", "pim", "es"]
            return (syllables[index % 12] + syllables[(index / 12) % 12] + "ton").capitalized
        }
        func typo(_ name: String) -> String {
            var letters = Array(name)
            let at = Int.random(in: 1..<letters.count - 1, using: &random)
            letters.swapAt(at, at + 1)
            return String(letters)
        }
        var records: [MatchRecord] = []
        var clusters: [String] = []
        for person in 0..<3_000 {
            let first = given[Int.random(in: 0..<given.count, using: &random)]
            let last = family[Int.random(in: 0..<family.count, using: &random)]
            let year = Int.random(in: 1960..<2008, using: &random)
            let month = Int.random(in: 1...12, using: &random)
            let day = Int.random(in: 1...28, using: &random)
            let dob = "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
            let postcode = "E\(Int.random(in: 1...20, using: &random)) \(Int.random(in: 1...9, using: &random))AB"
            let aliases = random.chance(0.125) ? ["\(first) \(family[Int.random(in: 0..<120, using: &random)])"] : []
            records.append(R.record(first, last, dob: dob, aliases: aliases, postcode: postcode))
            clusters.append("p\(person)")
            guard random.chance(0.1) else { continue }
            // Each slip independently, as the model assumes (a record may carry none, one or several).
            var again = (first: first, last: last, dob: Optional(dob), postcode: postcode)
            if random.chance(0.15) { again.last = typo(last) }
            if random.chance(0.15) { again.first = first == "Robert" ? "Bob" : typo(first) }
            if random.chance(0.1) {
                again.dob = "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 9 ? "0" : "")\(day + 1)"
            } else if random.chance(0.1) {
                again.dob = nil
            }
            if random.chance(0.3) { again.postcode = "N\(Int.random(in: 1...20, using: &random)) 2CD" }
            records.append(R.record(again.first, again.last, dob: again.dob, postcode: again.postcode))
            clusters.append("p\(person)")
        }
        return (records, clusters)
    }

    @Test("Trained on a register with known duplicates, λ is near the true share and p ≥ 0.5 is at least 95% right")
    func calibrated() {
        let (records, clusters) = Self.register(seed: 2026)
        let report = MatchTraining.train(records, version: 1, randomPairs: 200_000)
        let pairs = MatchBatch.pairs(records, matcher: Matcher(report.parameters), atLeast: 0.01)
        let evaluation = PairwiseEvaluation(pairs: pairs, clusters: clusters)
        let allPairs = Double(records.count * (records.count - 1) / 2)
        let trueLambda = Double(evaluation.truePairs) / allPairs
        let lambda = report.parameters.probabilityTwoRandomRecordsMatch
        // Counting the blocked-on field as evidence once made λ two to thirteen times too large.
        #expect(lambda > trueLambda / 1.5 && lambda < trueLambda * 1.5, "λ \(lambda), true \(trueLambda)")
        let atHalf = evaluation.at(0.5)
        #expect(atHalf.precision >= 0.95, "precision at p ≥ 0.5: \(atHalf.precision)")
        #expect(atHalf.recall >= 0.8, "recall at p ≥ 0.5: \(atHalf.recall)")
        // Every band at or above 0.5 with enough pairs to say is true about as often as it says, and the pairs at
        // p ≥ 0.5 hold about as many true pairs as their probabilities add up to. (Below 0.1 the model is
        // underconfident here: duplicates with two or three slips at once.)
        let bands = PairwiseEvaluation.reliability(
            pairs: pairs, clusters: clusters, edges: [0.0, 0.1, 0.5, 0.9, 0.99, 1.0])
        for band in bands where band.lower >= 0.5 && band.pairs >= 30 {
            #expect(abs(band.trueShare - band.meanProbability) < 0.15, "\(band)")
        }
        let expected = pairs.filter { $0.probability >= 0.5 }.map(\.probability).reduce(0, +)
        #expect(abs(expected - Double(atHalf.truePositives)) < 0.05 * expected, "expected \(expected), \(atHalf)")
    }
}

extension CalibrationTests {
    @Test("The labelled model takes m from every true pair, u from strangers and λ from the true pairs' share")
    func labelledParameters() {
        let records = [
            R.record("John", "Smith"), R.record("John", "Smith"), R.record("Jon", "Smith"),
            R.record("Ada", "Obi", dob: "1970-01-01"), R.record("Kemi", "Bello", dob: "1981-02-03"),
        ]
        let labelled = LabelledParameters.measure(
            records, clusters: ["a", "a", "a", "b", "c"], randomPairs: 5_000, seed: 3)
        // Three true pairs among ten.
        #expect(abs(labelled.probabilityTwoRandomRecordsMatch - 0.3) < 1e-12)
        // One true pair agrees on the forename exactly, two (John, Jon) at the short-form or Jaro-Winkler ≥ 0.92
        // level; every level has half a count added.
        let forename = labelled[.forename].m
        let counted = 3 + 0.5 * Double(forename.count)
        #expect(abs(forename[0] - 1.5 / counted) < 1e-12)
        #expect(abs(forename[1] + forename[2] - 3 / counted) < 1e-12)
        // No pair of different people agrees on the last name.
        #expect(labelled[.surname].u[0] < 0.01)
        let lines = LabelledParameters.describe(trained: .starting, labelled: labelled)
        #expect(lines.count == 2 + MatchField.allCases.map(\.levels.count).reduce(0, +))
        #expect(lines.last?.contains("prior λ") == true)
    }
}

extension CalibrationTests {
    @Test(
        "u leaves out the register's own duplicates among the random pairs, counting each as far as it is a non-match")
    func uWithoutMatches() {
        // 150 people recorded twice with the same NHS number: one random pair in 199 is a duplicate.
        let syllables = ["ab", "ok", "ma", "ren", "tu", "vil", "sor", "ne", "gad", "lo", "pim", "es", "ur", "bak"]
        let records = (0..<300).map { index in
            let person = index / 2
            return R.record(
                ["Ann", "Ben", "Cara", "Dev", "Eli"][person % 5],
                (syllables[person % 14] + syllables[(person / 14) % 14] + "ton").capitalized,
                dob: "\(1950 + person % 50)-\(1 + person % 12)-\(1 + person % 28)", nhs: String(1_000_000_000 + person))
        }
        let (patterns, sampled) = MatchTraining.randomPatterns(records, pairs: 44_850, seed: 5)
        #expect(sampled == 44_850 && patterns.values.reduce(0, +) == sampled)
        let nhs = MatchField.nhsNumber.index
        let everyPair = MatchTraining.u(from: patterns, notMatching: nil)
        #expect(everyPair[nhs][0] > 0.003, "about 1/199 of random pairs share an NHS number")
        var model = MatchParameters.starting
        model.probabilityTwoRandomRecordsMatch = 150.0 / 44_850
        let strangers = MatchTraining.u(from: patterns, notMatching: model)
        // What is left is the half count every level gets: strangers never share one here.
        #expect(strangers[nhs][0] < 0.0001)
        #expect(abs(strangers[nhs].reduce(0, +) - 1) < 1e-9)
        // A field on which duplicates and strangers agree alike keeps its u.
        #expect(abs(strangers[MatchField.sex.index][0] - everyPair[MatchField.sex.index][0]) < 0.001)
    }
}
