import SQLKit

/// Every person filed again under one name whole with the other's initial (`w:`, issue 22): a search without a date
/// of birth, or with a wrong one, found no one whose name had a typo that changed its sound, nor "J Smith" for John
/// Smith. Only the new keys are inserted, as in 0044.
struct FileMatchKeysByNameAndInitial: Migration {
    let name = "0045_file_match_keys_by_name_and_initial"

    func apply(on db: any SQLDatabase) async throws {
        _ = try await MatchKeys.rebuild(on: db, only: "w")
    }
}
