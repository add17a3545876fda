import SQLKit

/// API tokens end: each has a last day (`expires_at`, set at issue; a token issued before this had none and is
/// read as lasting 90 days from its creation, `APITokenLifetime`).
struct AddAPITokenExpiry: Migration {
    let name = "0019_add_api_token_expiry"

    func apply(on db: any SQLDatabase) async throws {
        try await db.alter(table: "api_tokens").column("expires_at", type: .text).run()
        try await db.create(index: "api_tokens_user_id").on("api_tokens").column("user_id").run()
    }
}
