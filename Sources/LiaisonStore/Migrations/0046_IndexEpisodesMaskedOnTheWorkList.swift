import SQLKit

/// The open episodes whose person a reader may be refused, found without reading the work list: those opened on a
/// relationship claim, and those of restricted people. The work list asks the policy about just these before it
/// filters and counts by sex and age, so that a row it masks is never matched by those filters. Both indexes are
/// partial: they hold only these few rows, and the statement that reads them finds none in most services.
struct IndexEpisodesMaskedOnTheWorkList: Migration {
    let name = "0046_index_episodes_masked_on_the_work_list"

    func apply(on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            CREATE INDEX episodes_open_claimed ON episodes (organisation_id, person_id) \
            WHERE closed_at IS NULL AND claim_id IS NOT NULL
            """
        ).run()
        try await db.raw("CREATE INDEX people_restricted ON people (id) WHERE is_restricted").run()
    }
}
