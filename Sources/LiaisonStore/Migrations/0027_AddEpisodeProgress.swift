import SQLKit

/// Each episode's progress kept on the episode (`EpisodeProgress`), set from what is already recorded: lists count
/// and filter by status from the episode rows instead of three `EXISTS` per open episode (issue 21).
struct AddEpisodeProgress: Migration {
    let name = "0027_add_episode_progress"

    func apply(on db: any SQLDatabase) async throws {
        for column in ["is_screened", "is_assessed", "is_referred"] {
            try await db.alter(table: "episodes").column(column, type: Column.boolean, .notNull, .default(false))
                .run()
        }
        try await EpisodeProgress.refreshAll(on: db)
    }
}
