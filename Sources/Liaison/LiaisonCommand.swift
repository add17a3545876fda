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
}
