import Foundation
import LiaisonCore
import LiaisonTestSupport
import SQLKit
import Testing

@testable import LiaisonStore

/// The hand-written row readers against SQLKit's Codable decoding they replace, on every demo row.
@Suite("Rows read column by column")
struct ReadableRowTests {
    @Test(
        "Episodes, people, users, sites and sessions read the same column by column as through Codable",
        arguments: TestDatabase.available)
    func sameAsCodable(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            try await DemoLoader(stores: stores, hashPassword: { "hash-of-\($0.count)" }).load { _, _, _ in }
            // People and episodes with every optional column both empty and set: one allocated and closed.
            let world = try await PersonStoreTests.world(stores)
            var episodes: [Episode] = []
            for name in ["Ann", "Bea"] {
                episodes.append(
                    try await stores.people.create(
                        PersonStoreTests.details(name, "Row", nhs: name == "Bea" ? "9434765919" : nil),
                        firstEpisode: PersonStoreTests.episode(world),
                        identifiedAt: Date(), by: world.who
                    ).1)
            }
            let me = world.who.actor.userID
            let allocated = try await stores.episodes.allocate(
                episodes[1].id, to: me, expected: .init(1), by: world.who)
            _ = try await stores.episodes.close(
                episodes[1].id, reason: .completed, expected: .init(allocated.version), by: world.who)
            _ = try await stores.sessions.start(for: me, by: world.who)
            let database = stores.database
            try await database.withConnection { db in
                func same<R: ReadableRow & Decodable>(
                    _ type: R.Type, _ table: String, _ columns: [String], snakeCase: Bool = false
                ) async throws -> Int {
                    let rows = try await db.select().columns(ColumnList(columns)).from(table).orderBy("id").all()
                    for row in rows {
                        let codable =
                            snakeCase
                            ? try row.decode(model: R.self, keyDecodingStrategy: .snakeCaseColumns)
                            : try row.decode(model: R.self)
                        #expect(String(reflecting: try R(row: row)) == String(reflecting: codable))
                    }
                    return rows.count
                }
                #expect(try await same(EpisodeRow.self, "episodes", EpisodeRow.columns) > 0)
                #expect(try await same(PersonRow.self, "people", PersonRow.columns) > 0)
                #expect(try await same(UserRow.self, "users", UserRow.columns, snakeCase: true) > 0)
                #expect(try await same(SiteRow.self, "sites", SiteRow.columns, snakeCase: true) > 0)

                let sessions = try await db.raw(
                    """
                    SELECT csrf_token AS session_csrf_token, created_at AS session_created_at, \
                    last_seen_at AS session_last_seen_at, second_factor_due_at AS session_second_factor_due_at, \
                    single_sign_on AS session_single_sign_on FROM sessions
                    """
                ).all()
                #expect(!sessions.isEmpty)
                for row in sessions {
                    let codable = try row.decode(
                        model: SessionRow.self, prefix: "session_", keyDecodingStrategy: .snakeCaseColumns)
                    #expect(
                        String(reflecting: try SessionRow(row: row, prefix: "session_"))
                            == String(reflecting: codable))
                }
            }
        }
    }

    @Test("A column the query did not select is an error, not a default", arguments: TestDatabase.available)
    func missingColumn(_ database: TestDatabase) async throws {
        try await database.withDatabase { (database: Database) async throws in
            try await database.withConnection { db in
                let row = try #require(try await db.raw("SELECT 'x' AS id").first())
                #expect(throws: (any Error).self) { try SiteRow(row: row) }
            }
        }
    }
}
