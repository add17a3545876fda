import Foundation
import LiaisonCore
import LiaisonTestSupport
import SQLKit
import Testing

@testable import LiaisonStore

/// SQLite's write transactions are group-committed (`WriteGroup`): concurrent writers share one commit, each
/// still all-or-nothing on its own, and none returns before the commit that holds its writes.
@Suite("Write group commit")
struct WriteGroupTests {
    struct Refused: Error, Equatable { let index: Int }

    @Test("Concurrent writes share commits; a failing one is rolled back alone and each caller gets its own answer")
    func groupCommit() async throws {
        let statements = StatementLog()
        try await TestDatabase.sqlite.withDatabase(logger: statements.logger) { database in
            try await database.transaction { db in
                try await db.raw("CREATE TABLE scratch (id INTEGER PRIMARY KEY, label TEXT NOT NULL)").run()
            }
            statements.clear()
            let count = 60
            let answers = await withTaskGroup(of: (Int, Result<String, any Error>).self) { group in
                for index in 0..<count {
                    group.addTask {
                        let result: Result<String, any Error>
                        do {
                            result = .success(
                                try await database.transaction { db in
                                    try await db.raw("INSERT INTO scratch (id, label) VALUES (\(bind: index), 'row')")
                                        .run()
                                    // Every third writes, then fails: its row must not survive.
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
            let stored = try await database.withConnection { db in
                try await db.raw("SELECT id FROM scratch ORDER BY id").all().map {
                    try $0.decode(column: "id", as: Int.self)
                }
            }
            #expect(stored == (0..<count).filter { $0 % 3 != 0 })
            let commits = statements.all.filter { $0 == "COMMIT" }.count
            let begins = statements.all.filter { $0 == "BEGIN IMMEDIATE" }.count
            #expect(commits == begins)
            // Sixty writers at once are not sixty syncs.
            #expect(commits >= 1 && commits < count / 2, "\(commits) commits for \(count) transactions")
        }
    }

    @Test("A write whose error loses the whole transaction fails, and the writes queued behind it still commit")
    func lostTransaction() async throws {
        try await TestDatabase.sqlite.withDatabase { database in
            try await database.transaction { db in
                try await db.raw("CREATE TABLE scratch (id INTEGER PRIMARY KEY)").run()
            }
            // Ending the transaction from inside a write is what an I/O error that rolls it back looks like.
            let results = await withTaskGroup(of: (Int, Bool).self) { group in
                for index in 0..<12 {
                    group.addTask {
                        do {
                            try await database.transaction { db in
                                try await db.raw("INSERT INTO scratch (id) VALUES (\(bind: index))").run()
                                if index == 5 { try await db.raw("ROLLBACK").run() }
                            }
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
            #expect(results[5] == false)
            let stored = Set(
                try await database.withConnection { db in
                    try await db.raw("SELECT id FROM scratch").all().map { try $0.decode(column: "id", as: Int.self) }
                })
            // Whatever each caller was told is what is stored.
            #expect(stored == Set(results.filter(\.value).map(\.key)))
            // Writes queued behind the broken one are tried again in a fresh transaction, not dropped.
            #expect(stored.count >= 1)
        }
    }
}
