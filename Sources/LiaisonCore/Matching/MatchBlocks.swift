import Dispatch
import Foundation

/// The register grouped by blocking key, for whole-register matching: each pair of records sharing a key is
/// visited once, in the block of the smallest key (by hash) the two share, so no list of every pair is built,
/// sorted and deduplicated (at a million records that list held 150 million pairs and 2.6 GB; issue 22: batch
/// time and memory against Splink's). Blocks can be walked in parallel: each pair belongs to exactly one block.
package struct MatchBlocks: Sendable {
    /// Block b holds `members[starts[b]..<starts[b + 1]]`, ascending record indexes; only blocks of 2 to
    /// `largestBlock` records are kept.
    private let starts: [Int]
    private let members: [UInt32]
    /// Block b's key hash.
    private let hashes: [UInt64]
    /// Record r's kept keys, ascending: `keys[keyStarts[r]..<keyStarts[r + 1]]`.
    private let keyStarts: [Int]
    private let keys: [UInt64]

    /// How many blocks there are to walk.
    package var count: Int { hashes.count }

    /// Files every record under its batch keys (`MatchBlocking.batchKeys`), those of the rules in `prefixes` when
    /// given, hashing keys on every core.
    package init(_ records: [MatchRecord], largestBlock: Int = 400, only prefixes: Set<Character>? = nil) {
        let filed = Self.file(records, only: prefixes)
        var starts: [Int] = [0]
        var members: [UInt32] = []
        var hashes: [UInt64] = []
        var kept: [(UInt32, UInt64)] = []
        var start = 0
        while start < filed.count {
            var end = start + 1
            while end < filed.count && filed[end].0 == filed[start].0 { end += 1 }
            if end - start > 1 && end - start <= largestBlock {
                for index in start..<end where index == start || filed[index].1 != filed[index - 1].1 {
                    members.append(filed[index].1)
                    kept.append((filed[index].1, filed[index].0))
                }
                if members.count - starts.last! > 1 {
                    starts.append(members.count)
                    hashes.append(filed[start].0)
                } else {
                    // One record filed twice under one hash (two of its keys collided): no pair here.
                    members.removeLast()
                    kept.removeLast()
                }
            }
            start = end
        }
        kept.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        var keyStarts = [Int](repeating: 0, count: records.count + 1)
        for (record, _) in kept { keyStarts[Int(record) + 1] += 1 }
        for record in 0..<records.count { keyStarts[record + 1] += keyStarts[record] }
        self.starts = starts
        self.members = members
        self.hashes = hashes
        self.keyStarts = keyStarts
        self.keys = kept.map(\.1)
    }

    /// (key hash, record) for every key of every record, sorted; hashed in slices on every core.
    private static func file(_ records: [MatchRecord], only prefixes: Set<Character>?) -> [(UInt64, UInt32)] {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 16))
        let slice = (records.count + workers - 1) / workers
        let parts = Parts<(UInt64, UInt32)>(count: workers)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var filed: [(UInt64, UInt32)] = []
            let range = (worker * slice)..<min(records.count, (worker + 1) * slice)
            filed.reserveCapacity(range.count * 10)
            for index in range {
                for key in MatchBlocking.batchKeys(for: records[index])
                where prefixes?.contains(key.first!) ?? true {
                    filed.append((MatchBlocking.stableHash(key), UInt32(index)))
                }
            }
            parts.set(worker, filed)
        }
        var filed = parts.all
        filed.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        return filed
    }

    /// Calls `body(left, right)`, left < right, for each pair whose smallest shared key is one of `blocks`.
    package func forEachPair(in blocks: some Sequence<Int>, _ body: (Int, Int) -> Void) {
        for block in blocks {
            let hash = hashes[block]
            let range = starts[block]..<starts[block + 1]
            for i in range {
                let left = Int(members[i])
                for j in (i + 1)..<range.upperBound {
                    let right = Int(members[j])
                    if firstShared(left, right) == hash { body(left, right) }
                }
            }
        }
    }

    /// How many distinct pairs the blocks hold.
    package var pairCount: Int {
        var total = 0
        forEachPair(in: 0..<count) { _, _ in total += 1 }
        return total
    }

    /// The smallest key hash two records share (they share at least the one of the block being walked).
    @inline(__always)
    private func firstShared(_ a: Int, _ b: Int) -> UInt64 {
        var i = keyStarts[a]
        var j = keyStarts[b]
        let (iEnd, jEnd) = (keyStarts[a + 1], keyStarts[b + 1])
        while i < iEnd && j < jEnd {
            let (x, y) = (keys[i], keys[j])
            if x == y { return x }
            if x < y { i += 1 } else { j += 1 }
        }
        return .max
    }
}

/// Each worker's results, collected under a lock.
final class Parts<Element: Sendable>: @unchecked Sendable {
    // Every access to `parts` holds `lock`.
    private let lock = NSLock()
    private var parts: [[Element]]

    init(count: Int) { parts = Array(repeating: [], count: count) }

    func set(_ worker: Int, _ elements: [Element]) {
        lock.lock()
        defer { lock.unlock() }
        parts[worker] = elements
    }

    var all: [Element] {
        lock.lock()
        defer { lock.unlock() }
        return parts.flatMap { $0 }
    }
}
