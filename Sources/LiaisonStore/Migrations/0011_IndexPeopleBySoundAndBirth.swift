import SQLKit

/// Search blocks on "surname sounds like X and born in year Y": one composite index answers it as a range scan.
struct IndexPeopleBySoundAndBirth: Migration {
    let name = "0011_index_people_by_sound_and_birth"

    func apply(on db: any SQLDatabase) async throws {
        try await db.create(index: "people_soundex_date_of_birth").on("people")
            .column("family_name_soundex").column("date_of_birth").run()
    }
}
