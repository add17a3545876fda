import SQLKit

/// Every person with a postcode filed again under it whole (`z:`, issue 22): a search that gives the postcode finds
/// a record whose names and date of birth were both mistyped or changed. Only the new keys are inserted, as in 0045.
struct FileMatchKeysByPostcode: Migration {
    let name = "0049_file_match_keys_by_postcode"

    func apply(on db: any SQLDatabase) async throws {
        _ = try await MatchKeys.rebuild(on: db, only: "z")
    }
}
