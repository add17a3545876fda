import SQLKit

/// The work list reads an organisation's open episodes and the person page a person's screenings: both were read
/// through a wider index or a scan that grows with the register (issue 21, found by `QueryPlanTests`).
struct IndexOpenEpisodesAndScreenings: Migration {
    let name = "0026_index_open_episodes_and_screenings"

    func apply(on db: any SQLDatabase) async throws {
        try await db.create(index: "episodes_open").on("episodes").column("organisation_id").column("closed_at").run()
        try await db.create(index: "screening_responses_person_id").on("screening_responses").column("person_id")
            .run()
    }
}
