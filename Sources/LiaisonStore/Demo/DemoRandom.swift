import Foundation
import LiaisonCore

/// A small seeded generator (SplitMix64): the same seed always makes the same demo.
struct DemoRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }

    /// One of `choices`, picked with the given weights.
    mutating func weighted<T>(_ choices: [(T, Double)]) -> T {
        let total = choices.map(\.1).reduce(0, +)
        var roll = Double.random(in: 0..<total, using: &self)
        for (choice, weight) in choices {
            if roll < weight { return choice }
            roll -= weight
        }
        return choices.last!.0
    }
}

/// Ids for demo records drawn from the seed, so `liaison demo --seed S` makes the same records with the same ids.
/// They have the shape of the random ids the stores make (lower-case UUIDs, version 4).
final class DemoIDs: Sendable {
    private let state: Mutex

    init(seed: UInt64) { state = Mutex(DemoRandom(seed: seed ^ 0x1D5E_ED1D)) }

    var generator: IDGenerator { IDGenerator { [self] in self.next() } }

    private func next() -> String {
        let (a, b) = state.withLock { random in (random.next(), random.next()) }
        var bytes =
            (0..<8).map { UInt8(truncatingIfNeeded: a >> (8 * $0)) }
            + (0..<8).map { UInt8(truncatingIfNeeded: b >> (8 * $0)) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = Hex.lowercase(bytes)
        let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            String(
                hex[
                    hex.index(
                        hex.startIndex, offsetBy: range.lowerBound)..<hex.index(
                            hex.startIndex, offsetBy: range.upperBound)])
        }
        return parts.joined(separator: "-")
    }

    /// A random generator behind a lock (the demo builds on one task, but `IDGenerator` must be `Sendable`).
    private final class Mutex: @unchecked Sendable {
        // Every access goes through `lock`.
        private let lock = NSLock()
        private var random: DemoRandom

        init(_ random: DemoRandom) { self.random = random }

        func withLock<T>(_ body: (inout DemoRandom) -> T) -> T {
            lock.lock()
            defer { lock.unlock() }
            return body(&random)
        }
    }
}
