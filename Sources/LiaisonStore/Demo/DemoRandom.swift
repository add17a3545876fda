import Foundation
import LiaisonCore

/// The demo's generator: the same seed always makes the same demo.
typealias DemoRandom = SeededRandom

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
