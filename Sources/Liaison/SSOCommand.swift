import ArgumentParser
import Foundation
import LiaisonCore
import LiaisonStore

/// `liaison sso …`: an organisation's single sign-on provider and the accounts linked to it, from the server's
/// command line (audited as system:cli), for set-up before any administrator can sign in.
struct SSOCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sso", abstract: "Configure single sign-on (OpenID Connect) and link accounts to it.",
        subcommands: [SetProvider.self, Link.self])

    struct SetProvider: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Set an organisation's OpenID Connect provider (replaces any already set).")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Organisation name or id.") var organisation: String
        @Option(help: "The provider's issuer URL, exactly as it names itself.") var issuer: String
        @Option(name: .customLong("client-id"), help: "The client ID the provider gave Liaison.") var clientID: String

        private let option = [
            "issuer": "--issuer", "clientID": "--client-id", "clientSecret": "$LIAISON_SSO_CLIENT_SECRET",
        ]

        func run() async throws {
            // A secret never goes on a command line (it would sit in shell history and `ps`).
            let secret = ProcessInfo.processInfo.environment["LIAISON_SSO_CLIENT_SECRET"]
            try await database.withStores { stores in
                let org = try await SSOCommand.organisation(organisation, in: stores)
                let current = try await stores.singleSignOn.provider(of: org.id)
                do {
                    let saved = try await stores.singleSignOn.setProvider(
                        IdentityProviderDraft(issuer: issuer, clientID: clientID, clientSecret: secret), for: org.id,
                        expected: current.map { ExpectedVersion($0.version) }, by: Attribution(.commandLine))
                    print(
                        "\(org.name) signs in through \(saved.issuer) as client \(saved.clientID)"
                            + (saved.clientSecret == nil ? " (public client, PKCE)." : " (with a client secret)."))
                } catch let failure as ValidationFailure {
                    throw CLIError(
                        failure.problems.map { "\(option[$0.field] ?? $0.field): \($0.message)" }.joined(
                            separator: "; "))
                }
            }
        }
    }

    struct Link: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Link an account to its subject at its organisation's provider (--subject '' unlinks).")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Email address of the account.") var email: String
        @Option(help: "The subject ('sub') the provider gives this person: never an email address alone.")
        var subject: String

        func run() async throws {
            try await database.withStores { stores in
                let user = try await UsersCommand.find(email, in: stores)
                do {
                    try await stores.singleSignOn.link(
                        user.id, subject: subject, expected: nil, by: Attribution(.commandLine))
                } catch let failure as ValidationFailure {
                    throw CLIError(failure.problems.map(\.message).joined(separator: "; "))
                }
                print(subject.isEmpty ? "Unlinked \(user.email)." : "Linked \(user.email) to subject \(subject).")
            }
        }
    }

    static func organisation(_ nameOrID: String, in stores: Stores) async throws -> Organisation {
        guard
            let org = try await stores.organisations.list().first(where: {
                $0.id.rawValue == nameOrID || $0.name.lowercased() == nameOrID.lowercased()
            })
        else {
            throw CLIError("No organisation called \(nameOrID). See `liaison users list` or the organisations page.")
        }
        return org
    }
}
