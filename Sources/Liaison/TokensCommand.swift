import ArgumentParser
import Foundation
import LiaisonCore
import LiaisonStore

/// `liaison tokens issue | list | revoke`: API bearer tokens for a user (the secret is shown once; only its hash is
/// kept). Tokens end after `--days` (90 by default, a year at most) and stop at once when revoked.
struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens", abstract: "API bearer tokens.", subcommands: [Issue.self, List.self, Revoke.self])

    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue a token that acts as the given user.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Email address of the user the token acts as.") var email: String
        @Option(help: "What the token is for, e.g. 'reporting export'.") var name: String
        @Option(help: "How many days it lasts (1 to 365).") var days = APITokenLifetime.defaultDays

        func run() async throws {
            try await database.withStores { stores in
                let user = try await UsersCommand.find(email, in: stores)
                do {
                    let issued = try await stores.apiTokens.issue(
                        for: user.id, name: name, days: days, by: Attribution(.commandLine))
                    print(issued.secret)
                    FileHandle.standardError.write(
                        Data(
                            "Token \(issued.token.id.rawValue) ends \(issued.token.expiresAt.formatted(.iso8601)).\n"
                                .utf8))
                } catch let failure as ValidationFailure {
                    throw ValidationError(failure.problems.map(\.message).joined(separator: "; "))
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A user's tokens, with last use and end.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Email address of the user.") var email: String

        func run() async throws {
            try await database.withStores { stores in
                let user = try await UsersCommand.find(email, in: stores)
                let now = Date()
                for token in try await stores.apiTokens.tokens(of: user.id) {
                    let state = token.revokedAt != nil ? "revoked" : token.isLive(at: now) ? "live" : "expired"
                    let used = token.lastUsedAt?.formatted(.iso8601) ?? "never used"
                    print(
                        "\(token.id.rawValue)\t\(state)\t\(token.name)\tlast used \(used)\tends \(token.expiresAt.formatted(.iso8601))"
                    )
                }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token: it stops working at once.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Email address of the token's user.") var email: String
        @Option(help: "The token's id (from `liaison tokens list`).") var id: String

        func run() async throws {
            try await database.withStores { stores in
                let user = try await UsersCommand.find(email, in: stores)
                do {
                    try await stores.apiTokens.revoke(APIToken.ID(id), of: user.id, by: Attribution(.commandLine))
                } catch DomainError.notFound {
                    throw ValidationError("\(email) has no live token \(id)")
                }
                print("Revoked token \(id) of \(email).")
            }
        }
    }
}
