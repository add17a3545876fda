import Foundation
import LiaisonCore

/// Limits the work that sign-in attempts can cause, so anonymous floods cannot starve signed-in users: failed
/// attempts per client address across all accounts (a shared office address has room for honest typos), and a
/// bounded queue in front of bcrypt (a few checks at once, a few more waiting, 429 beyond that).
actor SignInGate {
    /// Too many failures from this address, or too many password checks waiting: answer 429.
    struct Busy: Error {
        let retryAfter: Int
    }

    private let failuresPerClient: Int
    private let window: TimeInterval
    private let concurrentChecks: Int
    private let waitingChecks: Int
    private var failures: [String: [Date]] = [:]
    private var running = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(failuresPerClient: Int = 30, window: TimeInterval = 600, concurrentChecks: Int = 4, waitingChecks: Int = 16) {
        self.failuresPerClient = failuresPerClient
        self.window = window
        self.concurrentChecks = concurrentChecks
        self.waitingChecks = waitingChecks
    }

    /// Throws `Busy` when `client` has failed too often lately.
    func admit(_ client: String, now: Date) throws(Busy) {
        let recent = (failures[client] ?? []).filter { now.timeIntervalSince($0) < window }
        failures[client] = recent
        if recent.count >= failuresPerClient, let oldest = recent.first {
            throw Busy(retryAfter: max(1, Int(window - now.timeIntervalSince(oldest))))
        }
    }

    /// Counts a failed attempt from `client`.
    func failed(_ client: String, now: Date) {
        failures[client, default: []].append(now)
        if failures.count > 10_000 { failures = failures.filter { !$0.value.isEmpty } }
    }

    /// Runs a password check when one of the few slots is free; throws `Busy` at once when the queue is full.
    func check<T: Sendable>(_ work: @Sendable () async throws -> T) async throws -> T {
        if running < concurrentChecks {
            running += 1
        } else {
            guard waiters.count < waitingChecks else { throw Busy(retryAfter: 1) }
            await withCheckedContinuation { waiters.append($0) }
        }
        defer { release() }
        return try await work()
    }

    private func release() {
        if waiters.isEmpty {
            running -= 1
        } else {
            // The slot passes straight to the next in line.
            waiters.removeFirst().resume()
        }
    }
}
