import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// Where the national return lives.
enum NationalReturnPaths {
    static let page = "/reports/national"
    static let csv = "/reports/national.csv"
    static let dictionary = "/reports/national/dictionary.csv"
}

/// What reports/national.mustache shows: a month to choose, how many records it holds, every record with a
/// missing or invalid mandatory item (to fix before sending), and the downloads.
struct NationalReturnPage: Sendable {
    struct Problem: Sendable {
        /// Nil for an episode whose person is withheld (no longer shared with the organisation): its page refuses.
        let episodeHref: String?
        let episodeID: String
        let item: String
        let message: String
    }

    let shell: Shell
    let months: [FormOption]
    let summary: String
    let problems: [Problem]
    let csvHref: String
    let dictionaryHref: String
}

/// The monthly national return for a team manager's organisation: checked on the page, downloaded as CSV with its
/// data dictionary (the same rows as `liaison export national`).
struct NationalReturnRoutes: Sendable {
    let store: any NationalReturnStore
    let pages: PageRenderer
    let clock: Clock

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("reports/national", use: show)
        group.get("reports/national.csv", use: download)
        group.get("reports/national/dictionary.csv", use: dictionary)
    }

    /// The month asked for (last month by default); a month that is not one is a 422 with the reason.
    private func month(_ request: Request) throws -> ReturnMonth {
        guard let asked = request.uri.queryParameters.get("month") else {
            return ReturnMonth(CalendarDate(clock.now())).previous
        }
        guard let month = ReturnMonth(asked) else {
            throw ValidationFailure(field: "month", message: "Choose a month, as YYYY-MM")
        }
        return month
    }

    func show(request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requireIdentity().actor
        let who = try context.authorize(.exportNationalReturn(of: actor.organisationID))
        let month = try month(request)
        let sources = try await store.nationalReturn(month, provider: actor.organisationID, by: who)
        let problems = sources.flatMap(NationalReturn.problems)
        let records = Set(problems.map(\.episodeID)).count
        var months: [ReturnMonth] = [ReturnMonth(CalendarDate(clock.now()))]
        while months.count < 13 { months.append(months.last!.previous) }
        if !months.contains(month) { months.append(month) }
        let page = NationalReturnPage(
            shell: Shell(title: "National return", context: context, section: NationalReturnPaths.page),
            months: months.map { FormOption(value: $0.description, label: $0.long, selected: $0 == month) },
            summary: "\(month.long): \(sources.count == 1 ? "1 episode" : "\(sources.count) episodes"); "
                + (records == 0
                    ? "every mandatory item is recorded."
                    : "\(records) with missing or invalid mandatory items (\(problems.count) in all), listed below."),
            problems: problems.map {
                .init(
                    episodeHref: $0.personID.isEmpty ? nil : EpisodeDataPaths.page(Episode.ID($0.episodeID)),
                    episodeID: $0.episodeID,
                    item: $0.item,
                    message: $0.message)
            },
            csvHref: NationalReturnPaths.csv + "?month=\(month)", dictionaryHref: NationalReturnPaths.dictionary)
        return try pages.render("reports/national", page)
    }

    func download(request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requireIdentity().actor
        let who = try context.authorize(.exportNationalReturn(of: actor.organisationID))
        let month = try month(request)
        let sources = try await store.nationalReturn(month, provider: actor.organisationID, by: who)
        return .csvAttachment(NationalReturn.csv(sources), name: "national-return-\(month).csv")
    }

    func dictionary(request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requireIdentity().actor
        _ = try context.authorize(.exportNationalReturn(of: actor.organisationID))
        return .csvAttachment(NationalReturn.dictionaryCSV, name: "national-return-dictionary.csv")
    }
}
