import ArgumentParser

/// `liaison match`: the identity matching engine's operator jobs.
struct MatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match", abstract: "Train, evaluate and run the person matching engine.",
        subcommands: [
            MatchTrainCommand.self, MatchEvaluateCommand.self, MatchDedupeCommand.self, MatchReindexCommand.self,
        ])
}
