import LiaisonCore
import SQLKit

/// PNC IDs in one form: every stored one whose check letter is right is rewritten in the long form (2012/0345678R),
/// with its blocking key, so a short form typed before and a long form typed now find each other. One whose check
/// letter is wrong is left as it was typed (it cannot be corrected without the person's papers).
struct CanonicalPNCIDs: Migration {
    let name = "0023_canonical_pnc_ids"

    func apply(on db: any SQLDatabase) async throws {
        for row in try await db.select().columns("id", "pnc_id").from("people")
            .where("pnc_id", .isNot, SQLLiteral.null).all()
        {
            let id = try row.decode(column: "id", as: String.self)
            let stored = try row.decode(column: "pnc_id", as: String.self)
            guard let canonical = PNCID(stored)?.value, canonical != stored else { continue }
            try await db.update("people").set("pnc_id", to: canonical).where("id", .equal, id).run()
            try await db.update("person_match_keys").set("match_key", to: "p:" + canonical)
                .where("person_id", .equal, id).where("match_key", .equal, "p:" + stored).run()
        }
        for row in try await db.select().columns("id", "pnc_id").from("list_lines")
            .where("pnc_id", .isNot, SQLLiteral.null).all()
        {
            let id = try row.decode(column: "id", as: String.self)
            let stored = try row.decode(column: "pnc_id", as: String.self)
            guard let canonical = PNCID(stored)?.value, canonical != stored else { continue }
            try await db.update("list_lines").set("pnc_id", to: canonical).where("id", .equal, id).run()
        }
    }
}
