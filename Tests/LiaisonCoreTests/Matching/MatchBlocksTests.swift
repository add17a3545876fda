import Testing

@testable import LiaisonCore

@Suite("Matching: walking the blocks")
struct MatchBlocksTests {
    /// 400 records from small pools of names, dates and postcodes, so that most pairs share several keys.
    static let records: [MatchRecord] = {
        var state: UInt64 = 7
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % bound
        }
        let given = ["John", "Jon", "Mary", "Ann", "Anne", "Sam", "Ali"]
        let family = ["Smith", "Smyth", "Jones", "Khan", "Brown", "Okafor"]
        return (0..<400).map { index in
            MatchComparisonTests.record(
                given[next(given.count)], family[next(family.count)],
                dob: next(5) == 0 ? nil : "19\(80 + next(3))-0\(1 + next(2))-1\(next(3))",
                postcode: next(3) == 0 ? nil : "E\(next(3)) 1AA")
        }
    }()

    /// Every pair sharing at least one key held by 2 to `largestBlock` records, by brute force.
    static func expected(largestBlock: Int) -> Set<UInt64> {
        let keys = records.map(MatchBlocking.batchKeys)
        var sizes: [String: Int] = [:]
        for recordKeys in keys { for key in recordKeys { sizes[key, default: 0] += 1 } }
        var pairs: Set<UInt64> = []
        for i in records.indices {
            for j in (i + 1)..<records.count
            where keys[i].intersection(keys[j]).contains(where: { sizes[$0]! <= largestBlock }) {
                pairs.insert(UInt64(i) << 32 | UInt64(j))
            }
        }
        return pairs
    }

    @Test("Each pair sharing a kept key is visited exactly once, oversized blocks skipped", arguments: [400, 12])
    func visitsEachPairOnce(largestBlock: Int) {
        let blocks = MatchBlocks(Self.records, largestBlock: largestBlock)
        var visited: [UInt64] = []
        blocks.forEachPair(in: 0..<blocks.count) { left, right in
            #expect(left < right)
            visited.append(UInt64(left) << 32 | UInt64(right))
        }
        let expected = Self.expected(largestBlock: largestBlock)
        #expect(expected.count > 1_000, "the fixture shares keys widely")
        #expect(visited.count == Set(visited).count, "no pair twice")
        #expect(Set(visited) == expected)
        #expect(blocks.pairCount == expected.count)
        #expect(MatchBlocking.candidatePairs(Self.records, largestBlock: largestBlock) == expected.sorted())
    }

    @Test("Blocks split across workers visit the same pairs as one walk")
    func workersShareTheBlocks() {
        let blocks = MatchBlocks(Self.records)
        var whole: [UInt64] = []
        blocks.forEachPair(in: 0..<blocks.count) { whole.append(UInt64($0) << 32 | UInt64($1)) }
        var split: [UInt64] = []
        for worker in 0..<3 {
            blocks.forEachPair(in: stride(from: worker, to: blocks.count, by: 3)) {
                split.append(UInt64($0) << 32 | UInt64($1))
            }
        }
        #expect(split.sorted() == whole.sorted())
    }
}
