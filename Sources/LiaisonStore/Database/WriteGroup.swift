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
/// A group holds its row locks until it commits, so a write that needs a row a lower lane's open group has locked
/// is handed on to that lane's next group instead of waiting inside its own; one whose row a higher lane holds
/// waits for it in the database (`WriteGroup+Lanes.swift`).
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
        idle = Array((0..<self.lanes).reversed())
        pinned = Array(repeating: [], count: self.lanes)
    }

    private var waiting: [Job] = []
    /// How many writes wait for a group, and how many lanes run one (for tests that line writes up).
    var queued: Int { waiting.count }
    var busyLanes: Int { lanes - idle.count }
    /// The lanes with no group running, by number.
    private var idle: [Int]
    /// Writes handed on to a lane, which its next group runs first.
    var pinned: [[Job]]
    /// The rows (as `RowLocks` names them) each lane's open group has claimed, and which lane holds each.
    var holders: [String: Int] = [:]
    /// The rows each lane's open group has claimed, to free when the group ends.
    var held: [Int: Set<String>] = [:]

    /// Runs `work` in the next group commit and returns its value once that commit has succeeded. A caller that
    /// finds a lane idle starts a loop that drains the queue there.
    func run(
        _ work: @escaping @Sendable (any SQLDatabase) async throws -> any Sendable,
        connection: @escaping @Sendable (@Sendable (any SQLDatabase) async throws -> Void) async throws -> Void
    ) async throws -> any Sendable {
        try await withCheckedThrowingContinuation { continuation in
            waiting.append(Job(work: work, continuation: continuation))
            guard let lane = idle.popLast() else { return }
            // Detached: the loop serves every caller, so it takes on none of this caller's task-locals.
            Task.detached { await self.drain(lane, connection) }
        }
    }

    private func drain(
        _ lane: Int, _ connection: @Sendable (@Sendable (any SQLDatabase) async throws -> Void) async throws -> Void
    ) async {
        // After an optimistic group is rolled back, the next group (which holds its writes) takes savepoints.
        var savepoints = isolation == .savepointEach
        while !(waiting.isEmpty && pinned[lane].isEmpty) {
            // Writes handed on to this lane first: they wait for a row this lane's last group held.
            let handedOn = Array(pinned[lane].prefix(limit))
            pinned[lane].removeFirst(handedOn.count)
            let queued = Array(waiting.prefix(limit - handedOn.count))
            waiting.removeFirst(queued.count)
            let batch = handedOn + queued
            let (leftOver, again) = await Self.commit(
                batch, begin: begin, savepoints: savepoints, lane: lanes > 1 ? (self, lane) : nil,
                lastHead: lastHead, connection)
            release(lane)
            // Transactions that never ran, or ran in a group rolled back to be run again, go first into the next.
            waiting.insert(contentsOf: leftOver, at: 0)
            savepoints = isolation == .savepointEach || again
        }
        idle.append(lane)
    }

    /// Runs `batch` in one transaction and resumes each caller. Returns the jobs that did not run because the
    /// transaction was lost part-way (SQLite rolls a transaction back on some I/O errors): they go into a fresh one;
    /// and whether they must take savepoints there (an optimistic group rolled back whole: all of it, unanswered).
    /// A write handed on (`LaneBusy`) is answered by the group that runs it next, on the lane it was handed to.
    private static func commit(
        _ batch: [Job], begin: String, savepoints: Bool, lane: (group: WriteGroup, number: Int)?,
        lastHead: AuditLog.LastHead,
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
                    let write = lane.map { LaneWrite(group: $0.group, lane: $0.number) }
                    do {
                        let held = HeldAuditEvents()
                        let value = try await AuditLog.$held.withValue(held) {
                            try await LaneWrite.$current.withValue(write) {
                                try await job.work(write?.watching(db) ?? db)
                            }
                        }
                        if savepoints { try await db.raw("RELEASE liaison_write").run() }
                        events.append(contentsOf: held.events)
                        await outcome.finish(.success(value))
                    } catch let busy as LaneBusy where savepoints || busy.beforeAnyStatement {
                        if savepoints { try await rollBackToSavepoint(on: db) }
                        guard let write else { preconditionFailure("Only a write in a lane is handed on") }
                        await outcome.handOn()
                        await write.group.handOn(job, from: write, to: busy.holder)
                    } catch {
                        // Without a savepoint a failed write cannot be undone alone (nor told apart from one
                        // before it that left the transaction aborted): the group is run again with savepoints.
                        guard savepoints else {
                            try? await db.raw("ROLLBACK").run()
                            throw RunAgain()
                        }
                        try await rollBackToSavepoint(on: db)
                        // Its locks went with its savepoint: its claims go too.
                        if let write { await write.group.unclaim(write) }
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
            // All of it again but what was handed on.
            let fates = await outcome.fates
            return (batch.indices.filter { $0 >= fates.count || !fates[$0].isHandedOn }.map { batch[$0] }, true)
        } catch {
            let (fates, running) = await (outcome.fates, outcome.running)
            // Nothing that ran is saved: each fails with its own error, or with the one that lost the transaction.
            for (job, fate) in zip(batch, fates) {
                switch fate {
                case .finished(.success): job.continuation.resume(throwing: error)
                case .finished(.failure(let own)): job.continuation.resume(throwing: own)
                case .handedOn: break
                }
            }
            // Lost while a job ran: that job fails and the rest are tried again. Lost before any ran (no connection,
            // no write lock) or at the commit: every job fails with the same error.
            guard running else {
                for job in batch.dropFirst(fates.count) { job.continuation.resume(throwing: error) }
                return ([], false)
            }
            batch[fates.count].continuation.resume(throwing: error)
            return (Array(batch.dropFirst(fates.count + 1)), false)
        }
        for (job, fate) in zip(batch, await outcome.fates) {
            if case .finished(let result) = fate { job.continuation.resume(with: result) }
        }
        return ([], false)
    }

    /// Undoes the write since its savepoint. If the savepoint is gone, SQLite has already rolled back the whole
    /// transaction: that is rolled back and the error thrown.
    private static func rollBackToSavepoint(on db: any SQLDatabase) async throws {
        do {
            try await db.raw("ROLLBACK TO liaison_write").run()
            try await db.raw("RELEASE liaison_write").run()
        } catch {
            try? await db.raw("ROLLBACK").run()
            throw error
        }
    }

    /// Puts a job that has not run first in the queue.
    func requeue(_ job: Job) { waiting.insert(job, at: 0) }

    /// An optimistic group was rolled back whole; its writes run again, each in a savepoint.
    private struct RunAgain: Error {}

    /// What each job of a batch came to, in order, and whether one is running, recorded as the transaction runs.
    private actor Outcome {
        /// One write's end in this group.
        enum Fate {
            case finished(Result<any Sendable, any Error>)
            /// Undone and queued for another lane, which answers it.
            case handedOn

            var isHandedOn: Bool { if case .handedOn = self { true } else { false } }
        }

        var fates: [Fate] = []
        var running = false
        func start() { running = true }
        func finish(_ result: Result<any Sendable, any Error>) {
            fates.append(.finished(result))
            running = false
        }
        func handOn() {
            fates.append(.handedOn)
            running = false
        }
    }
}
