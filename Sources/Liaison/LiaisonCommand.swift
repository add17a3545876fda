import ArgumentParser

/// The `liaison` command: the server and every operator job.
@main
struct LiaisonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "liaison",
        abstract: "Liaison: case management for Liaison and Diversion services.",
        subcommands: [
            ServeCommand.self, MigrateCommand.self, DemoCommand.self, UsersCommand.self, TokensCommand.self,
            SSOCommand.self,
            AuditCommand.self, MatchCommand.self, ListsCommand.self, BackupCommand.self, RestoreCommand.self,
            ChecksumCommand.self, PlaintextCommand.self, RenderBenchCommand.self, ExportCommand.self,
            ReportCommand.self,
        ]
    )

    /// As ArgumentParser's own, but parsing first, synchronously, on the main thread so that `serve` can make NIO's
    /// event loops Swift's global executor there before anything is queued on Swift's pool (NIO asks for the main
    /// thread and a single call, and checks the thread on Darwin only; `ServeCommand.placeTasks`). The asynchronous
    /// parse would hop to Swift's pool first; it differs only for asynchronous custom completions, which Liaison has
    /// none of.
    @MainActor static func main() async {
        do {
            var command = try parseAsRoot(nil)
            if let serve = command as? ServeCommand { serve.placeTasks() }
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
