import ArgumentParser
import Foundation
import Hummingbird
import LiaisonApp
import LiaisonCore
import LiaisonStore
import Logging
import NIOCore
import NIOPosix

/// `liaison serve`: the web app and JSON API.
struct ServeCommand: AsyncParsableCommand, AppArguments {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Serve the web app and API.")

    @OptionGroup var database: DatabaseOptions
    @Option(name: .customLong("host"), help: "Address to listen on ($LIAISON_HOST).")
    var hostOption: String?
    @Option(name: .customLong("port"), help: "Port to listen on ($LIAISON_PORT).")
    var portOption: Int?
    @Flag(
        help:
            "Plain-http development only: cookies without the Secure flag and no HSTS; also $LIAISON_INSECURE_COOKIES=1."
    )
    var insecureCookies = false
    @Option(
        name: .customLong("public-url"),
        help:
            "The address people reach Liaison at, e.g. https://liaison.example.nhs.uk ($LIAISON_PUBLIC_URL); single sign-on sends them back to it. Default: http://HOST:PORT."
    )
    var publicURLOption: String?

    var publicURL: String {
        publicURLOption ?? ProcessInfo.processInfo.environment["LIAISON_PUBLIC_URL"] ?? "http://\(hostname):\(port)"
    }

    /// Cookies without the Secure flag and no HSTS, asked for by the flag or the environment.
    var insecure: Bool { insecureCookies || ProcessInfo.processInfo.environment["LIAISON_INSECURE_COOKIES"] == "1" }

    var hostname: String { hostOption ?? ProcessInfo.processInfo.environment["LIAISON_HOST"] ?? "127.0.0.1" }
    var port: Int { portOption ?? ProcessInfo.processInfo.environment["LIAISON_PORT"].flatMap(Int.init) ?? 8080 }

    /// Over PostgreSQL, Swift's tasks run on NIO's event loops (issues 19 and 21; docs/architecture.md, "Tasks on
    /// the event loops"): each statement's answer resumes its request on the loop that read it instead of a hop to
    /// Swift's pool and back. SQLite's statements already run on its own threads, and there it measured no better.
    /// LIAISON_TASKS_ON_EVENT_LOOPS=1 or 0 chooses either way, to measure against.
    var tasksOnEventLoops: Bool {
        switch ProcessInfo.processInfo.environment["LIAISON_TASKS_ON_EVENT_LOOPS"] {
        case "1": true
        case "0": false
        default:
            if case .postgres = try? DatabaseConfiguration(url: database.givenURL) {
                true
            } else {
                false
            }
        }
    }

    /// Makes NIO's event loops Swift's global executor when `tasksOnEventLoops` says so. Called by
    /// `LiaisonCommand.main` on the main thread before any task runs, as NIO requires.
    @MainActor func placeTasks() {
        if tasksOnEventLoops, NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor() {
            print("Tasks run on NIO's event loops.")
        }
    }

    func validate() throws {
        if portOption == nil, let text = ProcessInfo.processInfo.environment["LIAISON_PORT"], Int(text) == nil {
            throw ValidationError("LIAISON_PORT must be a port number between 1 and 65535, not \"\(text)\"")
        }
        guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
        // Cookies without Secure travel in clear over plain http: only where nothing leaves the machine.
        if insecure && !["127.0.0.1", "::1", "localhost"].contains(hostname.lowercased()) {
            throw ValidationError(
                "--insecure-cookies (or LIAISON_INSECURE_COOKIES=1) is for plain-http development on 127.0.0.1 only (or ::1, localhost); "
                    + "serve \(hostname) behind TLS with secure cookies")
        }
        guard let url = URLComponents(string: publicURL), ["http", "https"].contains(url.scheme ?? ""), url.host != nil,
            url.query == nil
        else {
            throw ValidationError("--public-url must be an http or https address, e.g. https://liaison.example.org")
        }
    }

    func run() async throws {
        var configured = Logger(label: "liaison")
        let level = ProcessInfo.processInfo.environment["LIAISON_LOG_LEVEL"] ?? "info"
        configured.logLevel = Logger.Level(rawValue: level) ?? .info
        let logger = configured
        // Secure by default: cookies only over TLS, and HSTS. Plain http is an explicit development choice.
        let secure = !insecure
        if !secure { print("Cookies are not marked Secure (--insecure-cookies): for plain-http development only.") }
        try await database.withStores { stores in
            let dependencies = AppDependencies(stores: stores, secureCookies: secure, publicURL: publicURL)
            let app = try await buildApplication(self, dependencies, logger: logger)
            print("Liaison is serving on http://\(hostname):\(port) (\(stores.database.configuration.redacted))")
            try await app.runService()
        }
    }
}
