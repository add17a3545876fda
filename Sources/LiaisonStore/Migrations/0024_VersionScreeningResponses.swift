import SQLKit

/// A draft screening can be continued and completed later: its response carries a version, so two people
/// continuing the same draft cannot overwrite each other's answers.
struct VersionScreeningResponses: Migration {
    let name = "0024_version_screening_responses"

    func apply(on db: any SQLDatabase) async throws {
        try await db.alter(table: "screening_responses").column("version", type: .bigint).run()
        try await db.update("screening_responses").set("version", to: 1).run()
    }
}
