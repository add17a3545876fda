import ArgumentParser
import Foundation
import LiaisonApp
import LiaisonCore
import LiaisonStore

/// `liaison users …`: account administration from the server's command line.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "Create, list, disable and reset user accounts.",
        subcommands: [Create.self, List.self, Disable.self, ResetPassword.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an account.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Email address (the sign-in name).") var email: String
        @Option(help: "Full name.") var name: String
        @Option(help: "Organisation name or id.") var organisation: String
        @Option(help: "Role (repeatable): \(Role.allCases.map(\.rawValue).joined(separator: ", ")).")
        var role: [String]
        @Option(help: "Initial password; or set $LIAISON_NEW_PASSWORD.") var password: String?

        func run() async throws {
            let password = try UsersCommand.password(password)
            let values: ValidUser
            do {
                values = try UserDraft(email: email, displayName: name, roles: role).validated()
            } catch {
                throw ValidationError(error.problems.map { "\($0.field): \($0.message)" }.joined(separator: "; "))
            }
            try await database.withStores { stores in
                guard
                    let org = try await stores.organisations.list().first(where: {
                        $0.id.rawValue == organisation || $0.name.lowercased() == organisation.lowercased()
                    })
                else { throw CLIError("No organisation called \(organisation). See the organisations page.") }
                let hash = try await PasswordHasher().hash(password)
                do {
                    let user = try await stores.users.create(
                        values, for: org.id, passwordHash: hash, by: Attribution(.commandLine))
                    print("Created \(user.email) (\(user.id)) in \(org.name).")
                } catch let failure as ValidationFailure {
                    throw CLIError(failure.problems.map(\.message).joined(separator: "; "))
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List accounts.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await database.withStores { stores in
                let organisations = Dictionary(
                    uniqueKeysWithValues: try await stores.organisations.list().map { ($0.id, $0.name) })
                for user in try await stores.users.list(of: nil) {
                    let roles = user.sortedRoles.map(\.rawValue).joined(separator: ",")
                    let status = user.isActive ? "active" : "disabled"
                    print(
                        "\(user.email)\t\(user.displayName)\t\(organisations[user.organisationID] ?? "?")\t\(roles)\t\(status)"
                    )
                }
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account and end its sessions.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Email address.") var email: String

        func run() async throws {
            try await database.withStores { stores in
                let user = try await UsersCommand.find(email, in: stores)
                _ = try await stores.users.setActive(
                    user.id, false, expected: ExpectedVersion(user.version), by: Attribution(.commandLine))
                print("Disabled \(user.email).")
            }
        }
    }

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-password", abstract: "Set a new password, clear any lockout, end sessions.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Email address.") var email: String
        @Option(help: "New password; or set $LIAISON_NEW_PASSWORD.") var password: String?

        func run() async throws {
            let password = try UsersCommand.password(password)
            try await database.withStores { stores in
                let user = try await UsersCommand.find(email, in: stores)
                try await stores.users.resetPassword(
                    user.id, passwordHash: try await PasswordHasher().hash(password), by: Attribution(.commandLine))
                print("Password reset for \(user.email).")
            }
        }
    }

    static func password(_ option: String?) throws -> String {
        guard let password = option ?? ProcessInfo.processInfo.environment["LIAISON_NEW_PASSWORD"] else {
            throw ValidationError("Give --password or set LIAISON_NEW_PASSWORD")
        }
        do { try PasswordPolicy.check(password, breached: .shipped) } catch {
            throw ValidationError(error.problems[0].message)
        }
        return password
    }

    static func find(_ email: String, in stores: Stores) async throws -> User {
        guard let credentials = try await stores.users.credentials(email: email.lowercased()) else {
            throw CLIError("No account with email \(email).")
        }
        return credentials.user
    }
}
