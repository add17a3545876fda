import ArgumentParser
import Hummingbird

/// `liaison plaintext`: the framework's ceiling for `bench/pages.sh` — a bare Hummingbird 2 server answering one
/// route with a constant, built with the same compiler settings as Liaison and measured in the same run.
struct PlaintextCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plaintext",
        abstract: "Serve 'Hello, World!' on GET / with nothing else (the benchmark's ceiling).",
        shouldDisplay: false)

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8081

    func run() async throws {
        let router = Router()
        router.get("/") { _, _ in "Hello, World!" }
        let app = Application(router: router, configuration: .init(address: .hostname(host, port: port)))
        try await app.runService()
    }
}
