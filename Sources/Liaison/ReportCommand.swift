import ArgumentParser
import Foundation
import LiaisonCore
import LiaisonStore

/// `liaison report dashboard`: the service dashboard's figures on the command line (exact counts: the operator
/// sees what the database holds), with how long the database took to count them.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Reports counted by the database.", subcommands: [Dashboard.self])

    /// The dashboard's headline and breakdowns as text.
    struct Dashboard: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "The service dashboard's figures for the last DAYS days (exact counts), and the time to count them.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "The period, in days up to and including today.")
        var days = 365
        @Option(help: "Only this provider, by its ODS code (default: the whole service).")
        var provider: String?

        func validate() throws {
            guard (1...3660).contains(days) else { throw ValidationError("--days must be from 1 to 3660") }
        }

        func run() async throws {
            let (days, provider) = (self.days, self.provider)
            let (counts, milliseconds) = try await database.withStores { stores in
                let until = CalendarDate(Date()).next
                var filter = DashboardFilter(
                    from: CalendarDate(until.londonStart.addingTimeInterval(-Double(days) * 86_400 + 12 * 3600)),
                    until: until)
                filter.organisationID = try await ExportCommand.organisation(provider, in: stores)
                let started = ContinuousClock.now
                let counts = try await stores.dashboard.counts(
                    filter, by: Attribution(.commandLine, reason: "liaison report dashboard"))
                let took = ContinuousClock.now - started
                return (counts, Double(took.components.seconds) * 1000 + Double(took.components.attoseconds) / 1e15)
            }
            var lines = [
                "People seen: \(counts.people) (previous \(days) days: \(counts.previousPeople))",
                "Episodes: \(counts.episodes) (previous \(days) days: \(counts.previousEpisodes))",
                "People seen at police stations: \(counts.atPoliceStations); at crown courts: \(counts.atCrownCourts)",
                "Seen by L&D before: \(counts.seenBefore)",
                "Screened: \(counts.screened); assessed: \(counts.assessed)",
            ]
            lines += PathwayPoint.allCases.compactMap { point in
                counts.byPathwayPoint[point].map { "  \(point.label): \($0) episodes" }
            }
            lines += ServiceKind.allCases.compactMap { kind in
                counts.referrals[kind].map {
                    "  Referrals to \(kind.label): \($0.made) made, \($0.accepted) accepted, \($0.engaged) engaged"
                }
            }
            lines.append(String(format: "Counted in %.0f ms", milliseconds))
            print(lines.joined(separator: "\n"))
        }
    }
}
