import Logging
import NIOCore
import SQLKit
import Synchronization

/// One write running in a lane's group (PostgreSQL, several lanes), as `RowLocks` sees it: which lane it is in,
/// and whether it has sent a statement yet. A row lock is first claimed here, in the process: if another lane's
/// open group holds the row, the write is handed on to that lane instead of waiting on the lock inside its own
/// group. Waiting there stalled a whole group of up to 64 writes behind another group's commit, and two groups each
/// waiting on the other's row stalled both until PostgreSQL's deadlock check (a second) failed one of them.
/// The database's locks are still taken: they are what orders writes from other processes.
final class LaneWrite: Sendable {
    let group: WriteGroup
    let lane: Int
    /// False once the write has been handed on `handOnsAtMost` times: then it claims what it can and waits on the
    /// database's lock for the rest, as every write did before.
    let mayHandOn: Bool
    private let sent = Mutex(false)
    /// The rows this write claimed first in its group, freed again if it is handed on.
    private let claimed = Mutex<[String]>([])

    init(group: WriteGroup, lane: Int, mayHandOn: Bool = true) {
        self.group = group
        self.lane = lane
        self.mayHandOn = mayHandOn
    }

    /// Hand-ons before a write waits on the database instead: two lanes that keep taking each other's rows could
    /// otherwise pass a write back and forth.
    static let handOnsAtMost = 2

    /// The write running in the current task's lane, if it is in a group with other lanes beside it.
    @TaskLocal static var current: LaneWrite?

    /// Claims `keys` (rows as `RowLocks` names them) for this write's group, or throws `LaneBusy` naming the lane
    /// whose open group holds one of them. Returns the keys to lock in the database: those the group's transaction
    /// has not locked already (a key this lane holds was locked by an earlier write of the group, or earlier in
    /// this one, and stays locked until the group ends).
    func claim(_ keys: [String]) async throws -> [String] {
        switch await group.claim(keys, for: lane) {
        case .claimed(let new):
            claimed.withLock { $0 += new }
            return new
        case .heldBy(let holder):
            guard mayHandOn else { return keys }
            throw LaneBusy(holder: holder, beforeAnyStatement: !sent.withLock { $0 })
        }
    }

    /// The rows to free when this write is undone (handed on, or failed): its locks went with its savepoint, so
    /// its claims must not turn away the writes of other lanes (or the write itself, back on its own lane).
    var firstClaimed: [String] { claimed.withLock { $0 } }

    /// The connection as this write uses it: every statement it sends is noted.
    func watching(_ db: any SQLDatabase) -> any SQLDatabase { WatchedDatabase(base: db, write: self) }

    fileprivate func noteStatement() { sent.withLock { $0 = true } }
}

/// A row the write needs is locked by another lane's open group: the write is undone (its savepoint, or nothing
/// to undo before its first statement) and handed on to that lane's next group.
struct LaneBusy: Error {
    let holder: Int
    /// Whether the write had sent nothing yet, so that a group without savepoints can go on without it.
    let beforeAnyStatement: Bool
}

extension WriteGroup {
    /// What a claim came to.
    enum Claim {
        /// Every key is `lane`'s now; these were not already.
        case claimed([String])
        /// Another lane's open group holds one of the keys; none was claimed.
        case heldBy(Int)
    }

    /// Records `keys` as held by `lane`'s open group, unless another lane's holds one of them.
    func claim(_ keys: [String], for lane: Int) -> Claim {
        for key in keys {
            if let holder = holders[key], holder != lane { return .heldBy(holder) }
        }
        let new = keys.filter { holders[$0] == nil }
        for key in new { holders[key] = lane }
        held[lane, default: []].formUnion(new)
        return .claimed(new)
    }

    /// Frees what `lane`'s group claimed, once it has committed or rolled back.
    func release(_ lane: Int) {
        for key in held.removeValue(forKey: lane) ?? [] { holders[key] = nil }
    }

    /// Frees what an undone write claimed first in its group.
    func unclaim(_ write: LaneWrite) {
        for key in write.firstClaimed {
            holders[key] = nil
            held[write.lane]?.remove(key)
        }
    }

    /// Queues `job` for `lane`'s next group while that lane's group still holds rows; otherwise for whichever lane
    /// takes the next group (the holder has committed meanwhile). What the write had claimed itself (`from`) is
    /// freed first.
    func handOn(_ job: Job, from write: LaneWrite, to lane: Int) {
        unclaim(write)
        var job = job
        job.handOns += 1
        if held[lane] != nil {
            pinned[lane].append(job)
        } else {
            requeue(job)
        }
    }
}

/// A connection that notes each statement of one write before sending it.
private struct WatchedDatabase: SQLDatabase {
    let base: any SQLDatabase
    let write: LaneWrite

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void)
        -> EventLoopFuture<Void>
    {
        write.noteStatement()
        return base.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        write.noteStatement()
        try await base.execute(sql: query, onRow)
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await base.withSession { try await closure(WatchedDatabase(base: $0, write: write)) }
    }
}
