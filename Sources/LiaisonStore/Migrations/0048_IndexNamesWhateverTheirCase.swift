import SQLKit

/// Names are unique whatever their case (the stores' check compares `LOWER(name)`), but the indexes behind that
/// check compared names as typed, and services had none: two saves racing past the check could keep "Hackney" and
/// "hackney", or one service twice. These indexes make the database say the same as the check. (SQLite's `LOWER`
/// folds ASCII letters only, as the check's comparison there does: "ÉLAN" and "élan" are two names on SQLite.)
struct IndexNamesWhateverTheirCase: Migration {
    let name = "0048_index_names_whatever_their_case"

    /// Each table whose names are unique, with the column that scopes them (teams: within an organisation).
    static let tables: [(table: String, scope: String?)] = [
        ("organisations", nil), ("boroughs", nil), ("sites", nil), ("services", nil), ("teams", "organisation_id"),
    ]

    func apply(on db: any SQLDatabase) async throws {
        var clashes: [String] = []
        for (table, scope) in Self.tables {
            let scoped = scope.map { "\($0), " } ?? ""
            for row in try await db.raw(
                "SELECT MIN(name) AS name FROM \(unsafeRaw: table) GROUP BY \(unsafeRaw: scoped)LOWER(name) HAVING COUNT(*) > 1"
            ).all() {
                clashes.append("\(table): \"\(try row.decode(column: "name", as: String.self))\"")
            }
        }
        guard clashes.isEmpty else { throw DuplicateNames(clashes: clashes) }
        for (table, scope) in Self.tables {
            let scoped = scope.map { "\($0), " } ?? ""
            try await db.raw(
                "CREATE UNIQUE INDEX \(unsafeRaw: table)_name_any_case ON \(unsafeRaw: table) (\(unsafeRaw: scoped)LOWER(name))"
            ).run()
        }
    }

    /// Names that differ only in case, which an administrator renames before migrating again.
    struct DuplicateNames: Error, CustomStringConvertible {
        let clashes: [String]

        var description: String {
            "Names that differ only in case must be renamed first (then migrate again): "
                + clashes.joined(separator: "; ")
        }
    }
}
