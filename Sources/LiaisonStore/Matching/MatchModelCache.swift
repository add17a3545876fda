import Foundation
import LiaisonCore
import SQLKit

/// The current matching parameters, read from the database at most once a minute: every search is a round trip
/// and a JSON decode cheaper. Training in this process replaces them at once; a model trained by another
/// process (`liaison match train` beside a running server) takes effect within the minute.
final class MatchModelCache: @unchecked Sendable {
    // Every access to `cached` holds `lock`.
    private let lock = NSLock()
    private var cached: (parameters: MatchParameters, readAt: Date)?
    private let clock: Clock
    static let lifetime: TimeInterval = 60

    init(clock: Clock) { self.clock = clock }

    func parameters(on db: any SQLDatabase) async throws -> MatchParameters {
        let now = clock.now()
        if let hit = current(), now.timeIntervalSince(hit.readAt) < Self.lifetime, now >= hit.readAt {
            return hit.parameters
        }
        let fresh = try await SQLMatchStore.parameters(on: db)
        store((fresh, now))
        return fresh
    }

    /// Drops the cached parameters (after training).
    func forget() { store(nil) }

    private func current() -> (parameters: MatchParameters, readAt: Date)? {
        lock.lock()
        defer { lock.unlock() }
        return cached
    }

    private func store(_ value: (parameters: MatchParameters, readAt: Date)?) {
        lock.lock()
        defer { lock.unlock() }
        cached = value
    }
}
