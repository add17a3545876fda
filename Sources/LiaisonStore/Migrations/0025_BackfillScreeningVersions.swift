import SQLKit

/// Databases loaded with the demo after 0024 hold screenings without a version (the demo's bulk rows left it out),
/// which no read can decode: they become version 1, as 0024 made every screening then.
struct BackfillScreeningVersions: Migration {
    let name = "0025_backfill_screening_versions"

    func apply(on db: any SQLDatabase) async throws {
        try await db.update("screening_responses").set("version", to: 1).where("version", .is, SQLLiteral.null).run()
    }
}
