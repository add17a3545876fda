import SQLKit

/// Each person's episodes in time order (issue 20): "seen before", the re-contact measure and the evaluation
/// extract ask, for every episode of a period, whether the same person has an episode before or after a moment;
/// with this index each answer is one index probe instead of reading the person's episodes.
struct IndexEpisodesByPersonAndTime: Migration {
    let name = "0040_index_episodes_by_person_and_time"

    func apply(on db: any SQLDatabase) async throws {
        try await db.create(index: "episodes_person_identified").on("episodes").column("person_id")
            .column("identified_at").run()
    }
}
