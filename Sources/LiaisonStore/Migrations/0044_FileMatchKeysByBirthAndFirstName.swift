import SQLKit

/// Every person filed again under the blocking keys, which now include the date of birth with the first name's
/// sound (`b:`, issue 22): at a million people the strangers born on the asked day filled the records a search
/// scores, so a person whose last name had changed was often not scored. Only the new keys are inserted (the others
/// stay as they are), so that no record is searchable by fewer keys than a new one.
struct FileMatchKeysByBirthAndFirstName: Migration {
    let name = "0044_file_match_keys_by_birth_and_first_name"

    func apply(on db: any SQLDatabase) async throws {
        _ = try await MatchKeys.rebuild(on: db, only: "b")
    }
}
