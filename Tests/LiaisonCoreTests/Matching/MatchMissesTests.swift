import Testing

@testable import LiaisonCore

@Suite("Matching: the pairs an evaluation gets wrong")
struct MatchMissesTests {
    @Test("True pairs below the threshold (scored or not) and false pairs above it are listed with their levels")
    func listsWrongPairs() {
        let records = [
            MatchComparisonTests.record("John", "Smith"), MatchComparisonTests.record("Jon", "Smith"),
            MatchComparisonTests.record("Smith", "John", dob: nil), MatchComparisonTests.record("Mary", "Jones"),
        ]
        // Records 0, 1 and 2 are one person; 3 is someone else.
        let clusters = ["a", "a", "a", "b"]
        let pairs = [
            MatchBatch.Pair(left: 0, right: 1, weight: 9, probability: 0.99),
            MatchBatch.Pair(left: 0, right: 2, weight: -1, probability: 0.3),
            MatchBatch.Pair(left: 1, right: 3, weight: 1, probability: 0.6),
        ]
        let misses = MatchMisses(records: records, clusters: clusters, pairs: pairs, threshold: 0.5)
        // 1–2 was never scored, so it comes first (no probability); 0–2 scored too low.
        #expect(misses.missed.map { [$0.left, $0.right] } == [[1, 2], [0, 2]])
        #expect(misses.missed.map(\.probability) == [nil, 0.3])
        #expect(misses.falseMatches.map { [$0.left, $0.right] } == [[1, 3]])
        let lines = misses.csv().split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("kind,probability,left_id,right_id"))
        #expect(lines[1].hasPrefix("missed,,Jon Smith,Smith John,JON SMITH,SMITH JOHN,1990-04-07,,"))
        // Swapped names are weighed on the surname, the forename left null; no date on one side is null.
        #expect(lines[2].hasSuffix(",null,swapped,null,null,null,null,null,exact"))
        #expect(lines[3].hasPrefix("false,0.6000,Jon Smith,Mary Jones"))
    }
}
