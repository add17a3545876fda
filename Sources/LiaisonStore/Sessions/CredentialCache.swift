import Foundation
import LiaisonCore
import Synchronization

/// Who a session cookie or an API token stands for, kept in the process for a moment (a second by default) so that
/// a page's stylesheet and script, or an API client's burst, share one read instead of one each. Keyed by the
/// token's hash, as the database keeps it. Every committed write of this process's stores that can end a session or
/// token or change an account forgets every entry (`forgetAll`); a change made by another process (the CLI, a
/// second server) is seen within `lifetime`. ADR 0009 gives the window and why it is acceptable.
package final class CredentialCache: Sendable {
    /// How long an entry is used before the database is asked again; zero keeps nothing.
    package let lifetime: Duration
    /// Entries held at most; past it the expired go first, then everything (a flood of tokens costs reads, not memory).
    package let capacity: Int
    private let state = Mutex(State())

    private struct State {
        var sessions: [String: (record: SessionRecord, until: ContinuousClock.Instant)] = [:]
        var tokens: [String: (user: User, endsAt: Date, until: ContinuousClock.Instant)] = [:]
        /// Moves on at every `forgetAll`: a read that started before it is not kept after it.
        var generation: UInt64 = 0
    }

    /// A read's ticket: taken before the database is asked, so that what was read is kept only if nothing changed
    /// in between.
    package struct Ticket: Sendable {
        fileprivate let generation: UInt64
    }

    /// The monotonic time entries lapse by (a test's own, to lapse them without waiting).
    private let now: @Sendable () -> ContinuousClock.Instant

    package init(
        lifetime: Duration = .seconds(1), capacity: Int = 10_000,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) {
        self.lifetime = lifetime
        self.capacity = capacity
        self.now = now
    }

    /// The longest a deployment may keep credentials: a change made by another process must reach this one soon.
    package static let longest = Duration.seconds(10)

    /// `LIAISON_CREDENTIAL_CACHE_MS`: whole milliseconds from 0 (off) to 10,000; unset, a second. Anything else is
    /// refused rather than read as the default, so that a deployment meaning to turn it off never has it on.
    package static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        throws -> CredentialCache
    {
        guard let text = environment["LIAISON_CREDENTIAL_CACHE_MS"] else { return CredentialCache() }
        guard let milliseconds = Int(text), milliseconds >= 0, .milliseconds(milliseconds) <= longest else {
            throw DatabaseError.badConfiguration(
                "LIAISON_CREDENTIAL_CACHE_MS must be a whole number of milliseconds from 0 (off) to 10000 (got \(text))"
            )
        }
        return CredentialCache(lifetime: .milliseconds(milliseconds))
    }

    /// Whether anything is kept at all (`LIAISON_CREDENTIAL_CACHE_MS=0` keeps nothing).
    package var isOn: Bool { lifetime > .zero }

    /// Taken before a read of the database, handed back to `keep` with what was read.
    package func ticket() -> Ticket { state.withLock { Ticket(generation: $0.generation) } }

    /// The live session kept for a cookie value, if one is kept and still fresh.
    package func session(for token: String) -> SessionRecord? {
        guard isOn else { return nil }
        let key = Secrets.hash(token)
        let now = self.now()
        return state.withLock { state in
            guard let kept = state.sessions[key] else { return nil }
            guard now < kept.until else {
                state.sessions[key] = nil
                return nil
            }
            return kept.record
        }
    }

    /// Keeps a session just read, unless anything was forgotten since `ticket` was taken.
    package func keep(_ record: SessionRecord, for token: String, since ticket: Ticket) {
        guard isOn else { return }
        let key = Secrets.hash(token)
        let until = now().advanced(by: lifetime)
        state.withLock { state in
            guard state.generation == ticket.generation else { return }
            if state.sessions[key] == nil { Self.makeRoom(&state, capacity: capacity, now: now()) }
            state.sessions[key] = (record, until)
        }
    }

    /// The session's activity was recorded: the kept copy's idle clock moves on too, so it is not touched again.
    package func touched(_ token: String, at date: Date) {
        guard isOn else { return }
        let key = Secrets.hash(token)
        state.withLock { state in
            guard let kept = state.sessions[key] else { return }
            let record = kept.record
            state.sessions[key] = (
                SessionRecord(
                    user: record.user, csrfToken: record.csrfToken, createdAt: record.createdAt, lastSeenAt: date,
                    awaitingSecondFactor: record.awaitingSecondFactor, singleSignOn: record.singleSignOn,
                    secondFactorRoles: record.secondFactorRoles),
                kept.until
            )
        }
    }

    /// The user a live API token stands for, if kept and still fresh, and the token has not reached its end (`date`
    /// on the stores' clock).
    package func user(forAPIToken token: String, at date: Date) -> User? {
        guard isOn else { return nil }
        let key = Secrets.hash(token)
        let now = self.now()
        return state.withLock { state in
            guard let kept = state.tokens[key] else { return nil }
            guard now < kept.until, date < kept.endsAt else {
                state.tokens[key] = nil
                return nil
            }
            return kept.user
        }
    }

    /// Keeps a token's user (and when the token ends) just read, unless anything was forgotten since `ticket`.
    package func keep(_ user: User, forAPIToken token: String, endsAt: Date, since ticket: Ticket) {
        guard isOn else { return }
        let key = Secrets.hash(token)
        let until = now().advanced(by: lifetime)
        state.withLock { state in
            guard state.generation == ticket.generation else { return }
            if state.tokens[key] == nil { Self.makeRoom(&state, capacity: capacity, now: now()) }
            state.tokens[key] = (user, endsAt, until)
        }
    }

    /// Forgets everything: called after any write that could end a session or token or change who an account is.
    package func forgetAll() {
        state.withLock { state in
            state.generation &+= 1
            state.sessions.removeAll(keepingCapacity: true)
            state.tokens.removeAll(keepingCapacity: true)
        }
    }

    /// How many entries are kept (for tests).
    package var count: Int { state.withLock { $0.sessions.count + $0.tokens.count } }

    private static func makeRoom(_ state: inout State, capacity: Int, now: ContinuousClock.Instant) {
        guard state.sessions.count + state.tokens.count >= capacity else { return }
        state.sessions = state.sessions.filter { now < $0.value.until }
        state.tokens = state.tokens.filter { now < $0.value.until }
        if state.sessions.count + state.tokens.count >= capacity {
            state.sessions.removeAll()
            state.tokens.removeAll()
        }
    }
}
