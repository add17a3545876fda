import SQLKit

/// Group commit for SQLite's write transactions (issue 21: recording at 1,000 a second with `synchronous=FULL`).
/// SQLite has one writer; each commit costs a disk sync. Write transactions that arrive while a commit is under way
/// queue here and run together in the next one: one `BEGIN IMMEDIATE`, each in its own savepoint (a failing one is
/// rolled back to its savepoint alone and fails alone), one `COMMIT`, one sync. Every caller returns only once
/// the commit that holds its writes has succeeded, so nothing is reported saved that is not on disk; if that
/// commit fails, every transaction in it fails.
actor WriteGroup {
    /// One queued write transaction: the work to run and the caller waiting for its committed result.
    struct Job: Sendable {
        let work: @Sendable (any SQLDatabase) async throws -> any Sendable
        let continuation: CheckedContinuation<any Sendable, any Error>
    }

    /// At most this many transactions share a commit, so that one commit never holds the writer for long.
    /// `LIAISON_WRITE_GROUP_LIMIT=1` gives one commit per transaction, for benchmarks that compare the two.
    let limit: Int

    init(limit: Int = 64) { self.limit = max(1, limit) }

    private var waiting: [Job] = []
    private var isRunning = false

    /// Runs `work` in the next group commit and returns its value once that commit has succeeded. The first
    /// caller while the writer is idle starts the loop that drains the queue.
    func run(
        _ work: @escaping @Sendable (any SQLDatabase) async throws -> any Sendable,
        connection: @escaping @Sendable (@Sendable (any SQLDatabase) async throws -> Void) async throws -> Void
    ) async throws -> any Sendable {
        try await withCheckedThrowingContinuation { continuation in
            waiting.append(Job(work: work, continuation: continuation))
            guard !isRunning else { return }
            isRunning = true
            Task { await drain(connection) }
        }
    }

    private func drain(
        _ connection: @Sendable (@Sendable (any SQLDatabase) async throws -> Void) async throws -> Void
    ) async {
        while !waiting.isEmpty {
            let batch = Array(waiting.prefix(limit))
            waiting.removeFirst(batch.count)
            let leftOver = await Self.commit(batch, connection)
            // Transactions that never ran because the batch broke go first into the next commit.
            waiting.insert(contentsOf: leftOver, at: 0)
        }
        isRunning = false
    }

    /// Runs `batch` in one transaction and resumes each caller. Returns the jobs that did not run because the
    /// transaction was lost part-way (SQLite rolls a transaction back on some I/O errors): they go into a fresh one.
    private static func commit(
        _ batch: [Job], _ connection: @Sendable (@Sendable (any SQLDatabase) async throws -> Void) async throws -> Void
    ) async -> [Job] {
        let outcome = Outcome()
        do {
            try await connection { db in
                try await db.raw("BEGIN IMMEDIATE").run()
                for job in batch {
                    try await db.raw("SAVEPOINT liaison_write").run()
                    await outcome.start()
                    do {
                        let value = try await job.work(db)
                        try await db.raw("RELEASE liaison_write").run()
                        await outcome.finish(.success(value))
                    } catch {
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
                    try await db.raw("COMMIT").run()
                } catch {
                    try? await db.raw("ROLLBACK").run()
                    throw error
                }
            }
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
                return []
            }
            batch[results.count].continuation.resume(throwing: error)
            return Array(batch.dropFirst(results.count + 1))
        }
        for (job, result) in zip(batch, await outcome.results) { job.continuation.resume(with: result) }
        return []
    }

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
