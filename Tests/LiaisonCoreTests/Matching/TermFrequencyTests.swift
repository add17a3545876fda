import Foundation
import Testing

@testable import LiaisonCore

@Suite("Matching: term frequencies and calibration")
struct TermFrequencyTests {
    typealias R = MatchComparisonTests

    @Test("Counts are shares of the register; a value never seen counts as one record")
    func shares() {
        let records = [
            R.record("John", "Smith", postcode: "E8 1AA"), R.record("John", "Okafor", postcode: "E8 2BB"),
            R.record("Ayo", "Smith", postcode: "N1 9GU"), R.record("Mary", "Smith"),
        ]
        let frequencies = TermFrequencies(records)
        #expect(frequencies.count(.forename, "JOHN") == 2)
        #expect(frequencies.count(.surname, "SMITH") == 3)
        #expect(frequencies.count(.district, "E8") == 2)
        #expect(frequencies.count(.postcode, "E81AA") == 1)
        #expect(frequencies.share(.surname, "SMITH") == 0.75)
        #expect(frequencies.share(.surname, "ZIELINSKI") == 0.25)
    }

    @Test("Agreeing on a rare name weighs more than agreeing on a common one; the lines still add up to the total")
    func rareNamesWeighMore() {
        var records = (0..<200).map { R.record("John", "Smith", dob: "19\(50 + $0 % 50)-01-\(1 + $0 % 28)") }
        // Names are letters only: "Givenab", "Familyab", … one person each.
        func letters(_ index: Int) -> String {
            String(UnicodeScalar(UInt8(97 + index % 26))) + String(UnicodeScalar(UInt8(97 + index / 26)))
        }
        records += (0..<200).map {
            R.record("Given" + letters($0), "Family" + letters($0), dob: "1980-02-\(1 + $0 % 28)")
        }
        var parameters = MatchParameters.starting
        parameters.registerSize = records.count
        let matcher = Matcher(parameters, frequencies: TermFrequencies(records))
        let plain = Matcher(parameters)
        let common = (R.record("John", "Smith", dob: nil), R.record("John", "Smith", dob: nil))
        let rare = (R.record("Givenhb", "Familyhb", dob: nil), R.record("Givenhb", "Familyhb", dob: nil))
        let commonWeight = matcher.explain(common.0, common.1).weight
        let rareWeight = matcher.explain(rare.0, rare.1).weight
        // Without frequencies the two agree at the same levels and weigh the same.
        #expect(plain.explain(common.0, common.1).weight == plain.explain(rare.0, rare.1).weight)
        #expect(rareWeight > commonWeight + 10)
        #expect(commonWeight < plain.explain(common.0, common.1).weight)
        // u of an exact forename is 0.01; a name held by half the register adjusts by log2(0.01 / 0.5).
        let forename = matcher.explain(common.0, common.1).lines.first { $0.field == .forename }!
        #expect(abs(forename.weight - (parameters.weight(.forename, level: 0) + log2(0.01 / 0.5))) < 1e-9)
        for explanation in [matcher.explain(common.0, common.1), matcher.explain(rare.0, rare.1)] {
            let sum = explanation.priorWeight + explanation.lines.map(\.weight).reduce(0, +)
            #expect(abs(sum - explanation.weight) < 1e-9)
            #expect(abs(matcher.score(common.0, common.1).weight - commonWeight) < 1e-9)
        }
        // A batch scores pairs as the explanation does.
        let pairs = MatchBatch.pairs(records, matcher: matcher, atLeast: 0)
        let first = pairs.first { records[$0.left].id == "John Smith" && records[$0.right].id == "John Smith" }!
        #expect(abs(first.weight - matcher.score(records[first.left], records[first.right]).weight) < 1e-9)
    }

    @Test("Only the levels they adjust move: a different name or postcode weighs the same with or without counts")
    func onlyAgreementsAdjusted() {
        let records = [R.record("John", "Smith", postcode: "E8 1AA"), R.record("John", "Smith", postcode: "E8 2BB")]
        var parameters = MatchParameters.starting
        parameters.registerSize = 2
        let matcher = Matcher(parameters, frequencies: TermFrequencies(records))
        let explanation = matcher.explain(R.record("Ann", "Jones", postcode: "E8 1AA"), records[1])
        let plain = Matcher(parameters).explain(R.record("Ann", "Jones", postcode: "E8 1AA"), records[1])
        for field in [MatchField.forename, .surname, .dateOfBirth, .sex] {
            #expect(explanation.lines[field.index].weight == plain.lines[field.index].weight)
        }
        // Same district, which both records hold: log2(u district / share 1.0).
        #expect(
            abs(
                explanation.lines[MatchField.postcode.index].weight
                    - (plain.lines[MatchField.postcode.index].weight
                        + log2(parameters[.postcode].u[1] / 1.0))) < 1e-9)
    }

    @Test("A name-only search that agrees exactly with nothing against it is flagged, however common the name")
    func sameNameUncontested() {
        let matcher = Matcher(.starting, for: .search)
        let asked = R.record("John", "Smith", dob: nil, sex: nil)
        #expect(matcher.explain(asked, R.record("John", "Smith", dob: "1970-01-01")).sameNameUncontested)
        #expect(!matcher.explain(asked, R.record("Jon", "Smith", dob: "1970-01-01")).sameNameUncontested)
        let dated = R.record("John", "Smith", dob: "1990-01-01", sex: nil)
        #expect(!matcher.explain(dated, R.record("John", "Smith", dob: "1950-06-30")).sameNameUncontested)
    }

    /// A register with names drawn from a steep (Zipf) distribution, so that some names are shared by hundreds
    /// and most by a few, and a sixth of the people recorded twice with the slips custody records carry.
    static func register(people: Int, seed: UInt64) -> (records: [MatchRecord], clusters: [String]) {
        var random = SeededRandom(seed: seed)
        func zipf(_ count: Int) -> Int {
            // Rank r with probability ∝ 1/r.
            let harmonic = (1...count).reduce(0.0) { $0 + 1 / Double($1) }
            var target = Double.random(in: 0..<harmonic, using: &random)
            for rank in 1...count {
                target -= 1 / Double(rank)
                if target < 0 { return rank - 1 }
            }
            return count - 1
        }
        let syllables = ["ka", "ren", "mo", "tal", "si", "bo", "len", "ash", "du", "vi", "nor", "pe", "ga", "ul"]
        func word(_ index: Int) -> String {
            (syllables[index % 14] + syllables[(index / 14) % 14] + syllables[(index / 196 + 3) % 14]).capitalized
        }
        var records: [MatchRecord] = []
        var clusters: [String] = []
        for person in 0..<people {
            let given = word(zipf(150) * 7 + 3)
            let family = word(zipf(1500) + 200)
            let dob = MatchDate(
                year: Int.random(in: 1950...2006, using: &random), month: Int.random(in: 1...12, using: &random),
                day: Int.random(in: 1...28, using: &random))
            let postcode = "E\(Int.random(in: 1...20, using: &random)) \(Int.random(in: 1...9, using: &random))AB"
            let sex = Bool.random(using: &random) ? "F" : "M"
            let original = MatchRecord(
                id: "\(person)", names: [MatchName(given: given, family: family)], dateOfBirth: dob, sex: sex,
                postcode: postcode)
            records.append(original)
            clusters.append("\(person)")
            guard person % 6 == 0 else { continue }
            var copy = original
            copy.id = "\(person)-dup"
            switch Int.random(in: 0..<5, using: &random) {
            case 0:  // a typo in the last name
                var letters = Array(family)
                letters.swapAt(1, 2)
                copy.names = [MatchName(given: given, family: String(letters))]
            case 1: copy.dateOfBirth = nil  // date of birth not given
            case 2: copy.dateOfBirth = MatchDate(year: dob.year, month: dob.month, day: dob.day % 28 + 1)
            case 3: copy.postcode = nil
            default: copy.names = [MatchName(given: String(given.prefix(1)), family: family)]  // initial only
            }
            records.append(copy)
            clusters.append("\(person)")
        }
        return (records, clusters)
    }

    @Test(
        "Calibration: trained on a register with common and rare names, pairs at p ≥ 0.5 are at least 95% true and the best threshold lies between 0.4 and 0.8"
    )
    func calibrated() throws {
        let (records, clusters) = Self.register(people: 6_000, seed: 7)
        let report = MatchTraining.train(records, version: 1, randomPairs: 300_000)
        let matcher = Matcher(report.parameters, frequencies: TermFrequencies(records))
        let evaluation = PairwiseEvaluation(
            pairs: MatchBatch.pairs(records, matcher: matcher, atLeast: 0.001), clusters: clusters)
        let even = evaluation.at(0.5)
        #expect(even.precision >= 0.95, "precision at 0.5: \(even.precision)")
        #expect(even.recall >= 0.8, "recall at 0.5: \(even.recall)")
        // The label-chosen best threshold sits near an even chance, as a calibrated probability's should (without
        // term frequencies it was 0.93 here: common names made agreement look stronger than it is).
        let best = try #require(evaluation.best)
        #expect((0.4...0.8).contains(best.threshold), "best-F1 threshold \(best.threshold)")
    }
}
