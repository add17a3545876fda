import Logging
import NIOCore
import SQLKit
import Synchronization

/// One write running in a lane's group (PostgreSQL, several lanes), as `RowLocks` sees it: which lane it is in,
/// and whether it has sent a statement yet. A row lock is first claimed here, in the process: if a lower lane's
/// open group holds the row, the write is handed on to that lane instead of waiting on the lock inside its own
/// group. Waiting there stalled a whole group of up to 64 writes behind another group's commit, and two groups each
/// waiting on the other's row stalled both until PostgreSQL's deadlock check (a second) failed one of them.
/// A write whose row a higher lane holds waits for it in the database, as before: writes are only ever handed
/// down, so no two can be handed to each other's lanes and meet again, and no two lanes wait on each other.
/// The database's locks are still taken: they are what orders writes from other processes.
final class LaneWrite: Sendable {
    let group: WriteGroup
    let lane: Int
    private let sent = Mutex(false)
    /// The rows this write claimed first in its group, freed again if it is undone.
    private let claimed = Mutex<[String]>([])

    init(group: WriteGroup, lane: Int) {
        self.group = group
        self.lane = lane
    }

    /// The write running in the current task's lane, if it is in a group with other lanes beside it.
    @TaskLocal static var current: LaneWrite?

    /// Claims `keys` (rows as `RowLocks` names them) for this write's group, or throws `LaneBusy` naming the lower
    /// lane whose open group holds one of them. Returns the keys to lock in the database: those the group's
    /// transaction has not locked already (a key this lane holds was locked by an earlier write of the group, or
    /// earlier in this one, and stays locked until the group ends); and whether a higher lane holds one, so that
    /// the lock waits in the database and the keys are to be `adopt`ed once it is had.
    func claim(_ keys: [String]) async throws -> (locking: [String], waits: Bool) {
        switch await group.claim(keys, for: lane) {
        case .claimed(let new, let locking, let waits):
            claimed.withLock { $0 += new }
            return (locking, waits)
        case .heldBy(let holder):
            throw LaneBusy(holder: holder, beforeAnyStatement: !sent.withLock { $0 })
        }
    }

    /// Records `keys` as this lane's once the database has given the write their locks after a wait: the higher
    /// lane that held one has committed (its claim may not be freed yet), and other lanes must see who holds it now.
    func adopt(_ keys: [String]) async {
        let new = await group.adopt(keys, for: lane)
        claimed.withLock { $0 += new }
    }

    /// The rows to free when this write is undone (handed on, or failed): its locks went with its savepoint, so
    /// its claims must not turn away the writes of other lanes (or the write itself, back on its own lane).
    var firstClaimed: [String] { claimed.withLock { $0 } }

    /// The connection as this write uses it: every statement it sends is noted.
    func watching(_ db: any SQLDatabase) -> any SQLDatabase { WatchedDatabase(base: db, write: self) }

    fileprivate func noteStatement() { sent.withLock { $0 = true } }
}

/// A row the write needs is locked by a lower lane's open group: the write is undone (its savepoint, or nothing
/// to undo before its first statement) and handed on to that lane's next group.
struct LaneBusy: Error {
    let holder: Int
    /// Whether the write had sent nothing yet, so that a group without savepoints can go on without it.
    let beforeAnyStatement: Bool
}

extension WriteGroup {
    /// What a claim came to.
    enum Claim {
        /// The keys no lane held are `lane`'s now (`new`); `locking` are those `lane`'s transaction has not locked
        /// yet; `waits` if a higher lane's open group holds some of them (their locks wait in the database).
        case claimed(new: [String], locking: [String], waits: Bool)
        /// A lower lane's open group holds one of the keys (the lowest such lane); none was claimed.
        case heldBy(Int)
    }

    /// Records the free keys of `keys` as held by `lane`'s open group, unless a lower lane's holds one of them.
    func claim(_ keys: [String], for lane: Int) -> Claim {
        let others = keys.compactMap { holders[$0] }.filter { $0 != lane }
        if let lower = others.filter({ $0 < lane }).min() { return .heldBy(lower) }
        let locking = keys.filter { holders[$0] != lane }
        let new = keys.filter { holders[$0] == nil }
        for key in new { holders[key] = lane }
        held[lane, default: []].formUnion(new)
        return .claimed(new: new, locking: locking, waits: !others.isEmpty)
    }

    /// Records `keys` as `lane`'s whoever claimed them before (the write holds their database locks, so no other
    /// lane's group can); returns those that were not `lane`'s already.
    func adopt(_ keys: [String], for lane: Int) -> [String] {
        var new: [String] = []
        for key in keys where holders[key] != lane {
            if let former = holders[key] { held[former]?.remove(key) }
            holders[key] = lane
            held[lane, default: []].insert(key)
            new.append(key)
        }
        return new
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
