import NIOConcurrencyHelpers

/// Liaison's own pool of SQLite connections, each paired with the thread it runs on. A caller borrows one for a
/// whole use case (`Database.withConnection`): its statements then run one after another on that thread, with the
/// connection's statement cache, and the caller hops there and back once rather than once per statement.
final class SQLiteConnections: Sendable {
    /// A connection and its thread, lent to one task at a time.
    struct Worker: Sendable {
        let connection: SQLiteHandle
        let thread: DatabaseThread
    }

    private struct State {
        var idle: [Worker] = []
        var all: [Worker] = []
        var opening = 0
        var waiting: [Waiter] = []
        var watching = false
        var closed = false
    }

    /// A caller waiting for a connection, and when it began to wait.
    private struct Waiter {
        let continuation: CheckedContinuation<Worker, any Error>
        let since: ContinuousClock.Instant
    }

    /// How long a caller waits for a connection before it is told the database is unreachable (a 503), as
    /// AsyncKit's pool did: every connection held for that long means something is stuck.
    private let requestTimeout: Duration

    private let path: String
    private let limit: Int
    private let busyTimeoutMilliseconds: Int32
    private let state = NIOLockedValueBox(State())

    init(path: String, limit: Int, busyTimeoutMilliseconds: Int32, requestTimeout: Duration = .seconds(10)) {
        self.path = path
        self.requestTimeout = requestTimeout
        self.limit = max(1, limit)
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
    }

    /// An idle worker, a new one while fewer than `limit` are open, or the next one released (first come, first
    /// served).
    func acquire() async throws -> Worker {
        enum Next { case use(Worker), open, wait }
        let next: Next = try state.withLockedValue { state in
            guard !state.closed else { throw DatabaseError.unreachable("The database is shut down") }
            if let worker = state.idle.popLast() { return .use(worker) }
            if state.all.count + state.opening < limit {
                state.opening += 1
                return .open
            }
            return .wait
        }
        switch next {
        case .use(let worker): return worker
        case .open: return try open()
        case .wait:
            return try await withCheckedThrowingContinuation { continuation in
                let (worker, watch): (Worker?, Bool) = state.withLockedValue { state in
                    // Released between the two locks: take it now rather than wait for a release that came.
                    if let worker = state.idle.popLast() { return (worker, false) }
                    state.waiting.append(Waiter(continuation: continuation, since: .now))
                    defer { state.watching = true }
                    return (nil, !state.watching)
                }
                if let worker { continuation.resume(returning: worker) }
                if watch { Task { await self.watchWaiters() } }
            }
        }
    }

    /// Returns `worker` to the pool, or straight to the longest waiting caller.
    func release(_ worker: Worker) {
        enum Next { case resume(CheckedContinuation<Worker, any Error>), keep, close }
        let next: Next = state.withLockedValue { state in
            if state.closed { return .close }
            if !state.waiting.isEmpty { return .resume(state.waiting.removeFirst().continuation) }
            state.idle.append(worker)
            return .keep
        }
        switch next {
        case .resume(let waiter): waiter.resume(returning: worker)
        case .keep: break
        // Borrowed when the pool shut down: closed as it comes back, so no connection or thread outlives the pool.
        case .close:
            worker.connection.close()
            worker.thread.stop()
        }
    }

    /// Closes every idle connection and ends its thread; one still borrowed is closed when it is released.
    func shutdown() {
        let (workers, waiting) = state.withLockedValue { state in
            state.closed = true
            defer {
                state.all.removeAll()
                state.idle.removeAll()
                state.waiting.removeAll()
            }
            return (state.idle, state.waiting)
        }
        for waiter in waiting {
            waiter.continuation.resume(throwing: DatabaseError.unreachable("The database is shut down"))
        }
        for worker in workers {
            worker.connection.close()
            worker.thread.stop()
        }
    }

    /// While anyone waits, fails those who have waited longer than `requestTimeout`; stops when no one waits.
    private func watchWaiters() async {
        while true {
            try? await Task.sleep(for: min(requestTimeout, .seconds(1)))
            let (expired, done): ([Waiter], Bool) = state.withLockedValue { state in
                let deadline = ContinuousClock.now - requestTimeout
                let expired = state.waiting.filter { $0.since <= deadline }
                state.waiting.removeAll { $0.since <= deadline }
                if state.waiting.isEmpty { state.watching = false }
                return (expired, state.waiting.isEmpty)
            }
            for waiter in expired {
                waiter.continuation.resume(
                    throwing: DatabaseError.unreachable("No database connection came free in \(requestTimeout)"))
            }
            if done { return }
        }
    }

    private func open() throws -> Worker {
        do {
            let connection = try SQLiteHandle(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
            let worker = Worker(connection: connection, thread: DatabaseThread(name: "liaison-sqlite"))
            state.withLockedValue { state in
                state.opening -= 1
                state.all.append(worker)
            }
            return worker
        } catch {
            state.withLockedValue { $0.opening -= 1 }
            throw DatabaseError.unreachable(String(describing: error))
        }
    }
}
