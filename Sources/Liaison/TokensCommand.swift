import ArgumentParser
import LiaisonCore
import LiaisonStore

/// `liaison tokens issue`: an API bearer token for a user (shown once; only its hash is kept).
struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens", abstract: "API bearer tokens.", subcommands: [Issue.self])

    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue a token that acts as the given user.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Email address of the user the token acts as.") var email: String
        @Option(help: "What the token is for, e.g. 'reporting export'.") var name: String

        func run() async throws {
            try await database.withStores { stores in
                let user = try await UsersCommand.find(email, in: stores)
                let token = try await stores.apiTokens.issue(for: user.id, name: name, by: Attribution(.commandLine))
                print(token)
            }
        }
    }
}
