import SQLKit

/// Group commit for write transactions (issues 19 and 21: recording at 1,000 a second with every commit synced to
/// disk). Each commit costs a disk sync, and every write appends to the one audit chain, so writes meet at its head
/// anyway. Write transactions that arrive while a commit is under way queue here and run together in the next one:
/// one `BEGIN`, each in its own savepoint (a failing one is rolled back to its savepoint alone and fails alone),
/// their audit events chained together at the end (one lock of the chain head), one `COMMIT`, one sync. Every
/// caller returns only once the commit that holds its writes has succeeded, so nothing is reported saved that is
/// not on disk; if that commit fails, every transaction in it fails.
/// SQLite has one writer, so one lane. PostgreSQL takes several lanes, each a group on its own connection: they
/// meet only at the chain head, for the last statements of each group, so one lane's statements run while
/// another's commit syncs.
/// On PostgreSQL each savepoint is two round trips a write, as many as a short write's own statements, so a group
/// runs without them first (`Isolation.optimistic`): if any write in it fails, the whole transaction is rolled back
/// and the group runs again with a savepoint each, where every write succeeds or fails on its own as before.
actor WriteGroup {
    /// How the writes of one group are kept apart.
    enum Isolation: Sendable {
        /// A savepoint around each write, always (SQLite, whose statements cost microseconds in process; and where
        /// an I/O error may roll the whole transaction back from inside a write, which a savepoint reveals).
        case savepointEach
        /// No savepoints until a write fails; then the group is rolled back and run again with them. Only for
        /// PostgreSQL, which never ends a transaction by itself while the connection lives (an error aborts it,
        /// and every later statement fails), and where no write issues transaction control of its own.
        case optimistic
    }

    /// One queued write transaction: the work to run and the caller waiting for its committed result.
    struct Job: Sendable {
        let work: @Sendable (any SQLDatabase) async throws -> any Sendable
        let continuation: CheckedContinuation<any Sendable, any Error>
    }

    /// At most this many transactions share a commit, so that one commit never holds the writer for long.
    /// `LIAISON_WRITE_GROUP_LIMIT=1` gives one commit per transaction, for benchmarks that compare the two.
    let limit: Int
    /// How many groups may run at once, each on its own connection.
    let lanes: Int
    /// The statement that opens a group's transaction (SQLite's `BEGIN IMMEDIATE` takes the write lock at once).
    let begin: String
    let isolation: Isolation
    /// The audit chain's head as this database's groups last left it, to chain the next group in one statement.
    let lastHead = AuditLog.LastHead()

    init(limit: Int = 64, lanes: Int = 1, begin: String = "BEGIN IMMEDIATE", isolation: Isolation = .savepointEach) {
        self.limit = max(1, limit)
        self.lanes = max(1, lanes)
        self.begin = begin
        self.isolation = isolation
    }

    private var waiting: [Job] = []
    private var running = 0

    /// Runs `work` in the next group commit and returns its value once that commit has succeeded. A caller that
    /// finds a lane idle starts a loop that drains the queue there.
    func run(
        _ work: @escaping @Sendable (any SQLDatabase) async throws -> any Sendable,
        connection: @escaping @Sendable (@Sendable (any SQLDatabase) async throws -> Void) async throws -> Void
    ) async throws -> any Sendable {
        try await withCheckedThrowingContinuation { continuation in
            waiting.append(Job(work: work, continuation: continuation))
            guard running < lanes else { return }
            running += 1
            // Detached: the loop serves every caller, so it takes on none of this caller's task-locals.
            Task.detached { await self.drain(connection) }
        }
    }

    private func drain(
        _ connection: @Sendable (@Sendable (any SQLDatabase) async throws -> Void) async throws -> Void
    ) async {
        // After an optimistic group is rolled back, the next group (which holds its writes) takes savepoints.
        var savepoints = isolation == .savepointEach
        while !waiting.isEmpty {
            let batch = Array(waiting.prefix(limit))
            waiting.removeFirst(batch.count)
            let (leftOver, again) = await Self.commit(
                batch, begin: begin, savepoints: savepoints, lastHead: lastHead, connection)
            // Transactions that never ran, or ran in a group rolled back to be run again, go first into the next.
            waiting.insert(contentsOf: leftOver, at: 0)
            savepoints = isolation == .savepointEach || again
        }
        running -= 1
    }

    /// Runs `batch` in one transaction and resumes each caller. Returns the jobs that did not run because the
    /// transaction was lost part-way (SQLite rolls a transaction back on some I/O errors): they go into a fresh one;
    /// and whether they must take savepoints there (an optimistic group rolled back whole: all of it, unanswered).
    private static func commit(
        _ batch: [Job], begin: String, savepoints: Bool, lastHead: AuditLog.LastHead,
        _ connection: @Sendable (@Sendable (any SQLDatabase) async throws -> Void) async throws -> Void
    ) async -> (leftOver: [Job], savepoints: Bool) {
        let outcome = Outcome()
        do {
            try await connection { db in
                try await db.raw(SQLQueryString(begin)).run()
                var events: [HeldAuditEvents.Event] = []
                for job in batch {
                    if savepoints { try await db.raw("SAVEPOINT liaison_write").run() }
                    await outcome.start()
                    do {
                        let held = HeldAuditEvents()
                        let value = try await AuditLog.$held.withValue(held) { try await job.work(db) }
                        if savepoints { try await db.raw("RELEASE liaison_write").run() }
                        events.append(contentsOf: held.events)
                        await outcome.finish(.success(value))
                    } catch {
                        // Without a savepoint a failed write cannot be undone alone (nor told apart from one
                        // before it that left the transaction aborted): the group is run again with savepoints.
                        guard savepoints else {
                            try? await db.raw("ROLLBACK").run()
                            throw RunAgain()
                        }
                        // If the savepoint is gone, SQLite has already rolled back the whole transaction.
                        do {
                            try await db.raw("ROLLBACK TO liaison_write").run()
                            try await db.raw("RELEASE liaison_write").run()
                        } catch {
                            try? await db.raw("ROLLBACK").run()
                            throw error
                        }
                        await outcome.finish(.failure(error))
                    }
                }
                do {
                    try await AuditLog.chain(events, on: db, lastHead: lastHead)
                    // An optimistic group's last statement before its COMMIT must fail if a write left the
                    // transaction aborted (PostgreSQL's COMMIT would roll it back quietly): with no events to chain,
                    // one statement asks.
                    if !savepoints, events.isEmpty { try await db.raw("SELECT 1").run() }
                } catch {
                    try? await db.raw("ROLLBACK").run()
                    // A write may have left an optimistic transaction aborted without failing itself.
                    throw savepoints ? error : RunAgain()
                }
                do {
                    try await db.raw("COMMIT").run()
                } catch {
                    try? await db.raw("ROLLBACK").run()
                    throw error
                }
            }
        } catch is RunAgain {
            return (batch, true)
        } catch {
            let (results, running) = await (outcome.results, outcome.running)
            // Nothing that ran is saved: each fails with its own error, or with the one that lost the transaction.
            for (job, result) in zip(batch, results) {
                switch result {
                case .success: job.continuation.resume(throwing: error)
                case .failure(let own): job.continuation.resume(throwing: own)
                }
            }
            // Lost while a job ran: that job fails and the rest are tried again. Lost before any ran (no connection,
            // no write lock) or at the commit: every job fails with the same error.
            guard running else {
                for job in batch.dropFirst(results.count) { job.continuation.resume(throwing: error) }
                return ([], false)
            }
            batch[results.count].continuation.resume(throwing: error)
            return (Array(batch.dropFirst(results.count + 1)), false)
        }
        for (job, result) in zip(batch, await outcome.results) { job.continuation.resume(with: result) }
        return ([], false)
    }

    /// An optimistic group was rolled back whole; its writes run again, each in a savepoint.
    private struct RunAgain: Error {}

    /// What each job of a batch came to, in order, and whether one is running, recorded as the transaction runs.
    private actor Outcome {
        var results: [Result<any Sendable, any Error>] = []
        var running = false
        func start() { running = true }
        func finish(_ result: Result<any Sendable, any Error>) {
            results.append(result)
            running = false
        }
    }
}
