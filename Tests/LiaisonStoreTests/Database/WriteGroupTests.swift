import Foundation
import LiaisonCore
import LiaisonTestSupport
import SQLKit
import Testing

@testable import LiaisonStore

/// Write transactions are group-committed (`WriteGroup`): concurrent writers share one commit and one lock of the
/// audit chain, each still all-or-nothing on its own, and none returns before the commit that holds its writes.
@Suite("Write group commit")
struct WriteGroupTests {
    struct Refused: Error, Equatable { let index: Int }

    @Test(
        "Concurrent writes share commits; a failing one is rolled back alone with its audit events; each caller is answered",
        arguments: TestDatabase.available)
    func groupCommit(_ engine: TestDatabase) async throws {
        let statements = StatementLog()
        try await engine.withDatabase(logger: statements.logger) { database in
            // Each row records the transaction that wrote it (PostgreSQL's id; SQLite has one writer, so the
            // statement log counts its commits instead).
            let transactionID = database.engine == .postgres ? "txid_current()" : "0"
            try await database.transaction { db in
                try await db.raw(
                    "CREATE TABLE scratch (id INTEGER PRIMARY KEY, label TEXT NOT NULL, tx BIGINT NOT NULL)"
                ).run()
            }
            statements.clear()
            let log = AuditLog(clock: .system)
            let writer = Actor(
                userID: User.ID("writer"), displayName: "Writer", organisationID: Organisation.ID("org"), roles: [])
            let count = 60
            let answers = await withTaskGroup(of: (Int, Result<String, any Error>).self) { group in
                for index in 0..<count {
                    group.addTask {
                        let result: Result<String, any Error>
                        do {
                            result = .success(
                                try await database.transaction { db in
                                    try await db.raw(
                                        "INSERT INTO scratch (id, label, tx) VALUES (\(bind: index), 'row', \(unsafeRaw: transactionID))"
                                    ).run()
                                    try await log.append(
                                        AuditEntry(
                                            actor: writer, action: "scratch.write", subjectType: "scratch",
                                            subjectID: "\(index)"), on: db)
                                    // Every third writes and appends, then fails: neither may survive.
                                    if index % 3 == 0 { throw Refused(index: index) }
                                    // Each sees its own write inside its transaction.
                                    let row = try await db.raw("SELECT label FROM scratch WHERE id = \(bind: index)")
                                        .first()
                                    return try "\(row!.decode(column: "label", as: String.self)) \(index)"
                                })
                        } catch {
                            result = .failure(error)
                        }
                        return (index, result)
                    }
                }
                var answers: [Int: Result<String, any Error>] = [:]
                for await (index, result) in group { answers[index] = result }
                return answers
            }
            for index in 0..<count {
                switch answers[index] {
                case .success(let value)?: #expect(index % 3 != 0 && value == "row \(index)")
                case .failure(let error)?: #expect(index % 3 == 0 && (error as? Refused) == Refused(index: index))
                case nil: Issue.record("No answer for \(index)")
                }
            }
            let saved = (0..<count).filter { $0 % 3 != 0 }
            let (stored, transactions) = try await database.withConnection { db in
                let rows = try await db.raw("SELECT id, tx FROM scratch ORDER BY id").all()
                return (
                    try rows.map { try $0.decode(column: "id", as: Int.self) },
                    Set(try rows.map { try $0.decode(column: "tx", as: Int.self) })
                )
            }
            #expect(stored == saved)
            // The audit log holds exactly the saved writes' events, one chain.
            let events = try await AuditReader(database: database).recent(limit: 100)
            #expect(Set(events.map(\.subjectID)) == Set(saved.map(String.init)))
            #expect(try await AuditReader(database: database).verify() == .intact(events: saved.count))
            // Sixty writers at once are not sixty commits.
            if database.engine == .postgres {
                #expect(transactions.count < count / 2, "\(transactions.count) transactions for \(count) writes")
            } else {
                let commits = statements.all.filter { $0 == "COMMIT" }.count
                let begins = statements.all.filter { $0 == "BEGIN IMMEDIATE" }.count
                #expect(commits == begins)
                #expect(commits >= 1 && commits < count / 2, "\(commits) commits for \(count) transactions")
            }
        }
    }

    // SQLite only: there an I/O error may roll the whole transaction back from inside a write. PostgreSQL never
    // ends a transaction by itself while the connection lives, and its groups run without savepoints at first
    // (`WriteGroup.Isolation.optimistic`), which relies on that.
    @Test(
        "A write whose error loses the whole transaction fails, and the writes queued behind it still commit",
        arguments: TestDatabase.available.filter { $0 == .sqlite })
    func lostTransaction(_ engine: TestDatabase) async throws {
        try await engine.withDatabase { database in
            try await database.transaction { db in
                try await db.raw("CREATE TABLE scratch (id INTEGER PRIMARY KEY)").run()
            }
            // Ending the transaction from inside a write is what an I/O error that rolls it back looks like.
            let results = await Self.write(0..<12, on: database) { index, db in
                try await db.raw("INSERT INTO scratch (id) VALUES (\(bind: index))").run()
                if index == 5 { try await db.raw("ROLLBACK").run() }
            }
            #expect(results[5] == false)
            let stored = try await Self.stored(in: database)
            // Whatever each caller was told is what is stored.
            #expect(stored == Set(results.filter(\.value).map(\.key)))
            // Writes queued behind the broken one are tried again in a fresh transaction, not dropped.
            #expect(stored.count >= 1)
        }
    }

    @Test(
        "On PostgreSQL a group takes no savepoints until a write fails; then it runs again with them, and a write that left the transaction aborted fails alone",
        arguments: TestDatabase.available.filter { $0 == .postgres })
    func optimisticGroups(_ engine: TestDatabase) async throws {
        let statements = StatementLog()
        try await engine.withDatabase(logger: statements.logger) { database in
            try await database.transaction { db in
                try await db.raw("CREATE TABLE scratch (id INTEGER PRIMARY KEY)").run()
            }
            let insert: @Sendable (Int, any SQLDatabase) async throws -> Void = { index, db in
                try await db.raw("INSERT INTO scratch (id) VALUES (\(bind: index))").run()
            }
            statements.clear()
            // Writes that all succeed: no savepoint is taken.
            let plain = await Self.write(0..<20, on: database, insert)
            #expect(plain.values.allSatisfy { $0 })
            #expect(try await Self.stored(in: database) == Set(0..<20))
            #expect(!statements.all.contains("SAVEPOINT liaison_write"))
            #expect(statements.all.contains("BEGIN"))
            // A write that swallows its own failed statement leaves the transaction aborted without failing
            // itself: it fails (at its savepoint's release, in the group run again), and its neighbours commit.
            statements.clear()
            let mixed = await Self.write(20..<40, on: database) { index, db in
                if index == 30 {
                    _ = try? await db.raw("INSERT INTO scratch (id) VALUES (0)").run()
                    return
                }
                try await insert(index, db)
            }
            #expect(mixed[30] == false)
            #expect(mixed.filter { $0.key != 30 }.values.allSatisfy { $0 })
            #expect(try await Self.stored(in: database) == Set(0..<40).subtracting([30]))
            #expect(statements.all.contains("SAVEPOINT liaison_write"))
            // Alone, with nothing to audit, it fails too: the transaction it left aborted is not committed as if
            // it had succeeded.
            #expect(await Self.write(60..<61, on: database) { _, db in _ = try? await insert(0, db) }[60] == false)
            // And the writes after it run without savepoints again.
            statements.clear()
            let after = await Self.write(40..<50, on: database, insert)
            #expect(after.values.allSatisfy { $0 })
            #expect(try await Self.stored(in: database) == Set(0..<50).subtracting([30]))
            #expect(!statements.all.contains("SAVEPOINT liaison_write"))
        }
    }

    /// Runs `body` for each of `ids` as its own write transaction, all at once; whether each was saved.
    static func write(
        _ ids: Range<Int>, on database: Database,
        _ body: @escaping @Sendable (Int, any SQLDatabase) async throws -> Void
    ) async -> [Int: Bool] {
        await withTaskGroup(of: (Int, Bool).self) { group in
            for index in ids {
                group.addTask {
                    do {
                        try await database.transaction { db in try await body(index, db) }
                        return (index, true)
                    } catch {
                        return (index, false)
                    }
                }
            }
            var results: [Int: Bool] = [:]
            for await (index, saved) in group { results[index] = saved }
            return results
        }
    }

    /// The ids in the scratch table.
    static func stored(in database: Database) async throws -> Set<Int> {
        Set(
            try await database.withConnection { db in
                try await db.raw("SELECT id FROM scratch").all().map { try $0.decode(column: "id", as: Int.self) }
            })
    }
}
