import SQLKit

/// Organisations working at a site beside its owner (issue 18): the charity's court team at a trust's court.
struct CreateSitePartners: Migration {
    let name = "0030_create_site_partners"

    func apply(on db: any SQLDatabase) async throws {
        try await db.create(table: "site_partners")
            .column("site_id", type: .text, .notNull, .references("sites", "id"))
            .column("organisation_id", type: .text, .notNull, .references("organisations", "id"))
            .unique("site_id", "organisation_id")
            .run()
        try await db.create(index: "site_partners_organisation").on("site_partners").column("organisation_id").run()
    }
}
