import SQLKit

/// A search's key blocks read from the key index alone (issue 22: p95 ≤ 10 ms at a million people). Each block is
/// up to 150 entries of one key, and every entry needs the record it resolves to: with `resolves_to` outside the
/// index, each entry was a fetch from the table, a page apart (the keys are written person by person), so a block
/// of 45 read 47 pages on PostgreSQL at a million people. On PostgreSQL the primary key now carries `resolves_to`
/// (an index-only scan; `match reindex` vacuums, so the pages are marked all-visible); on SQLite the table is
/// rebuilt `WITHOUT ROWID`, stored in its primary key's order, so a block is adjacent rows of one B-tree.
struct CoverMatchKeysWithTheirRecord: Migration {
    let name = "0043_cover_match_keys_with_their_record"

    func apply(on db: any SQLDatabase) async throws {
        if db.dialect.name == "postgresql" {
            try await db.raw(
                """
                ALTER TABLE person_match_keys DROP CONSTRAINT person_match_keys_pkey, \
                ADD CONSTRAINT person_match_keys_pkey PRIMARY KEY (match_key, person_id) INCLUDE (resolves_to)
                """
            ).run()
            return
        }
        try await db.raw(
            """
            CREATE TABLE person_match_keys_by_key (
                match_key TEXT NOT NULL,
                person_id TEXT NOT NULL REFERENCES people (id),
                resolves_to TEXT NOT NULL,
                PRIMARY KEY (match_key, person_id)
            ) WITHOUT ROWID
            """
        ).run()
        try await db.raw(
            """
            INSERT INTO person_match_keys_by_key (match_key, person_id, resolves_to)
            SELECT match_key, person_id, resolves_to FROM person_match_keys
            """
        ).run()
        try await db.raw("DROP TABLE person_match_keys").run()
        try await db.raw("ALTER TABLE person_match_keys_by_key RENAME TO person_match_keys").run()
        try await db.create(index: "person_match_keys_person_id").on("person_match_keys").column("person_id").run()
        try await db.create(index: "person_match_keys_resolves_to").on("person_match_keys").column("resolves_to")
            .run()
    }
}
