import Foundation
import LiaisonTestSupport
import SQLKit
import Testing

@testable import LiaisonStore

/// On PostgreSQL several write lanes run groups at once, and a group holds its row locks until it commits. A write
/// that needs a row another lane's open group holds is handed on to that lane, not left waiting inside its own
/// group, so two groups never wait on each other crosswise (a deadlock PostgreSQL breaks only after a second, by
/// failing one of them).
@Suite("Write lanes", .timeLimit(.minutes(5)))
struct WriteGroupLanesTests {
    @Test(
        "Two writes that lock the same two rows in opposite orders on two lanes both succeed, one after the other",
        arguments: TestDatabase.available.filter { $0 == .postgres }, [WriteGroup.Isolation.savepointEach, .optimistic])
    func crosswise(_ engine: TestDatabase, isolation: WriteGroup.Isolation) async throws {
        try await engine.withDatabase { database in
            try await Self.scratch(database)
            let group = WriteGroup(limit: 64, lanes: 2, begin: "BEGIN", isolation: isolation)
            let gates = Gates()
            // Advisory locks are the whole database's: keys of this test's own, beside the other tests' schemas.
            let (a, b) = ("\(UUID()) a", "\(UUID()) b")
            // The first locks a and, once the second has locked b, b; the second locks b and then a.
            async let first = Self.write(in: group, on: database) { db in
                try await RowLocks.value(a, on: db)
                await gates.open("first has a")
                try await gates.wait("second has b")
                try await RowLocks.value(b, on: db)
                try await db.raw("INSERT INTO scratch (label) VALUES ('first')").run()
            }
            try await gates.wait("first has a")
            async let second = Self.write(in: group, on: database) { db in
                try await RowLocks.value(b, on: db)
                await gates.open("second has b")
                try await RowLocks.value(a, on: db)
                try await db.raw("INSERT INTO scratch (label) VALUES ('second')").run()
            }
            let outcomes = await [first, second]
            #expect(outcomes == [nil, nil], "each write's error, if it failed")
            let labels = try await database.withConnection { db in
                try await db.raw("SELECT label FROM scratch ORDER BY at").all().map {
                    try $0.decode(column: "label", as: String.self)
                }
            }
            // Each written once: a write handed on leaves nothing behind in the group it left.
            #expect(labels.sorted() == ["first", "second"])
            #expect(await Self.settled(group))
        }
    }

    @Test(
        "A write whose first row is held by another lane's open group is handed on to that lane, and runs after its commit",
        arguments: TestDatabase.available.filter { $0 == .postgres }, [WriteGroup.Isolation.savepointEach, .optimistic])
    func handedOnBeforeItsFirstStatement(_ engine: TestDatabase, isolation: WriteGroup.Isolation) async throws {
        try await engine.withDatabase { database in
            try await Self.scratch(database)
            let group = WriteGroup(limit: 64, lanes: 2, begin: "BEGIN", isolation: isolation)
            let gates = Gates()
            let seen = Seen()
            let a = "\(UUID()) a"
            // The first runs on lane 0 and stays open until the second is queued there (or for half a minute: a
            // second that waited on the database's lock instead would never be, and would have been tried once).
            async let first = Self.write(in: group, on: database) { db in
                try await RowLocks.value(a, on: db)
                try await db.raw("INSERT INTO scratch (label) VALUES ('first')").run()
                await gates.open("first has a")
                for _ in 0..<3000 where await group.pinned[0].isEmpty { try await Task.sleep(for: .milliseconds(10)) }
            }
            try await gates.wait("first has a")
            async let second = Self.write(in: group, on: database) { db in
                await seen.tried()
                try await RowLocks.value(a, on: db)
                let rows = try await db.raw("SELECT label FROM scratch").all()
                await seen.note(try rows.map { try $0.decode(column: "label", as: String.self) })
                try await db.raw("INSERT INTO scratch (label) VALUES ('second')").run()
            }
            #expect(await [first, second] == [nil, nil])
            // Tried once on lane 1, handed on, and run again after the first's commit, whose row it saw.
            #expect(await seen.tries == 2)
            #expect(await seen.last == ["first"])
            #expect(await Self.settled(group))
        }
    }

    @Test(
        "A row the write's group has locked already is not locked again (an episode locked to record on it, then to refresh its progress)",
        arguments: TestDatabase.available.filter { $0 == .postgres })
    func lockedOnce(_ engine: TestDatabase) async throws {
        let statements = StatementLog()
        try await engine.withDatabase(logger: statements.logger) { database in
            let group = WriteGroup(limit: 64, lanes: 2, begin: "BEGIN", isolation: .optimistic)
            let (a, b) = ("\(UUID()) a", "\(UUID()) b")
            statements.clear()
            let outcome = await Self.write(in: group, on: database) { db in
                for key in [a, a, b, a, b] { try await RowLocks.value(key, on: db) }
            }
            #expect(outcome == nil)
            #expect(statements.all.filter { $0.contains("pg_advisory_xact_lock") }.count == 2)
            #expect(await Self.settled(group))
        }
    }

    @Test(
        "A write whose row a higher lane holds waits for it in the database, is not handed on, and then holds it",
        arguments: TestDatabase.available.filter { $0 == .postgres })
    func waitsOnAHigherLane(_ engine: TestDatabase) async throws {
        try await engine.withDatabase { database in
            let group = WriteGroup(limit: 64, lanes: 2, begin: "BEGIN", isolation: .savepointEach)
            let gates = Gates()
            let seen = Seen()
            let a = "\(UUID()) a"
            // Lane 0 is kept busy so that the holder runs on lane 1; then the waiter queues for lane 0.
            async let blocker = Self.write(in: group, on: database) { _ in try await gates.wait("blocker may end") }
            try await Self.until { await Self.lineUp(group) == (busy: 1, queued: 0) }
            async let holder = Self.write(in: group, on: database) { db in
                try await RowLocks.value(a, on: db)
                await gates.open("holder has a")
                try await gates.wait("holder may end")
            }
            try await gates.wait("holder has a")
            async let waiter = Self.write(in: group, on: database) { db in
                await seen.tried()
                try await RowLocks.value(a, on: db)
                await seen.note(["held by lane \(await group.holders["value:" + a].map(String.init) ?? "none")"])
            }
            try await Self.until { await group.queued == 1 }
            await gates.open("blocker may end")
            // Once the waiter waits on the holder's lock in the database, the holder commits (a waiter handed on
            // instead never waits there, and the line-up gives up).
            try await Self.until { (try? await Self.waiting(on: a, in: database)) == true }
            await gates.open("holder may end")
            #expect(await [blocker, holder, waiter] == [nil, nil, nil])
            #expect(await seen.tries == 1)
            #expect(await seen.last == ["held by lane 0"])
            #expect(await Self.settled(group))
        }
    }

    @Test(
        "A write that locked a row and failed leaves no claim: the next write of the group locks the row itself",
        arguments: TestDatabase.available.filter { $0 == .postgres }, [WriteGroup.Isolation.savepointEach, .optimistic])
    func failedWriteFreesItsClaims(_ engine: TestDatabase, isolation: WriteGroup.Isolation) async throws {
        struct Refused: Error {}
        let statements = StatementLog()
        try await engine.withDatabase(logger: statements.logger) { database in
            let group = WriteGroup(limit: 64, lanes: 2, begin: "BEGIN", isolation: isolation)
            let gates = Gates()
            let a = "\(UUID()) a"
            // Both lanes busy, so that the failing write and the next one queue up and run in one group.
            // One at a time: two arriving together would be one group on one lane.
            async let one = Self.write(in: group, on: database) { _ in try await gates.wait("lanes may end") }
            try await Self.until { await Self.lineUp(group) == (busy: 1, queued: 0) }
            async let two = Self.write(in: group, on: database) { _ in try await gates.wait("lanes may end") }
            try await Self.until { await Self.lineUp(group) == (busy: 2, queued: 0) }
            statements.clear()
            async let failing = Self.write(in: group, on: database) { db in
                try await RowLocks.value(a, on: db)
                throw Refused()
            }
            // Queued in this order: the next write first would lock the row for the lane, and the failing one,
            // finding it held there, would lock nothing.
            try await Self.until { await group.queued == 1 }
            async let next = Self.write(in: group, on: database) { db in try await RowLocks.value(a, on: db) }
            try await Self.until { await group.queued == 2 }
            await gates.open("lanes may end")
            let outcomes = await [one, two, failing, next]
            #expect(outcomes[0] == nil && outcomes[1] == nil && outcomes[2] != nil && outcomes[3] == nil)
            // The failing write's lock, the next write's own (and, in an optimistic group, the failing write's
            // first run before the group ran again with savepoints).
            let locks = statements.all.filter { $0.contains("pg_advisory_xact_lock") }.count
            #expect(locks == (isolation == .optimistic ? 3 : 2))
            #expect(await Self.settled(group))
        }
    }

    /// Waits until `condition` holds (checked every 5 ms, for twenty seconds at most, then throws).
    static func until(_ condition: @Sendable () async -> Bool) async throws {
        for _ in 0..<4000 {
            if await condition() { return }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw Gates.NeverOpened(name: "condition")
    }

    /// How many lanes run a group, and how many writes wait for one.
    static func lineUp(_ group: WriteGroup) async -> (busy: Int, queued: Int) {
        (await group.busyLanes, await group.queued)
    }

    /// Whether a transaction waits in the database for the advisory lock `RowLocks.value(key)` takes (its 64-bit
    /// key is `hashtext(key)`, whose low 32 bits PostgreSQL lists as the lock's `objid`).
    static func waiting(on key: String, in database: Database) async throws -> Bool {
        try await database.withConnection { db in
            try await db.raw(
                """
                SELECT COUNT(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted \
                AND objid::bigint = (hashtext(\(bind: key))::bigint & 4294967295)
                """
            ).first()?.decode(column: "n", as: Int.self) ?? 0
        } > 0
    }

    /// A table the writes leave their labels in, in the order they were written.
    static func scratch(_ database: Database) async throws {
        try await database.transaction { db in
            try await db.raw("CREATE TABLE scratch (label TEXT NOT NULL, at SERIAL PRIMARY KEY)").run()
        }
    }

    /// Whether, once its lanes have finished, the group holds no claims and no writes handed on (polled: the last
    /// caller is answered just before its lane frees what its group claimed).
    static func settled(_ group: WriteGroup) async -> Bool {
        for _ in 0..<200 {
            if await group.holders.isEmpty, await group.held.isEmpty, await group.pinned.allSatisfy(\.isEmpty) {
                return true
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    /// Runs `body` as one write in `group` on `database`; the error's description if it failed.
    static func write(
        in group: WriteGroup, on database: Database, _ body: @escaping @Sendable (any SQLDatabase) async throws -> Void
    ) async -> String? {
        do {
            _ = try await group.run(
                { db in
                    try await body(db)
                    return true
                }, connection: { use in try await database.withConnection(use) })
            return nil
        } catch {
            return String(describing: error)
        }
    }
}

/// Named gates a test's concurrent writes open and wait on. A wait gives up after twenty seconds (the gate's
/// name in the error): a write stuck on a gate would otherwise hold its lane, and the test, for ever.
actor Gates {
    struct NeverOpened: Error, CustomStringConvertible {
        let name: String
        var description: String { "The gate \"\(name)\" was never opened" }
    }

    private var opened: Set<String> = []

    func open(_ name: String) { opened.insert(name) }

    func wait(_ name: String) async throws {
        for _ in 0..<2000 {
            if opened.contains(name) { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw NeverOpened(name: name)
    }
}

/// How many times a write was tried, and what it saw on its last run.
actor Seen {
    private(set) var tries = 0
    private(set) var last: [String]?

    func tried() { tries += 1 }
    func note(_ labels: [String]) { last = labels }
}
