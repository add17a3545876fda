import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// What reports/dashboard.mustache shows: the filters, the headline figures against the previous period, and
/// each breakdown as a chart with its data table (every chart has a text alternative).
struct DashboardPage: Sendable {
    struct Bar: Sendable {
        let label: String
        let shown: String
        let percent: Int
        /// The same group's count in the period before, where the breakdown compares.
        var previous: String? = nil
    }

    struct Breakdown: Sendable {
        let heading: String
        let caption: String
        let bars: [Bar]
        /// The total of a breakdown whose groups part the whole; nil for a list of separate counts.
        let total: String?
        let hasPrevious: Bool
    }

    let shell: Shell
    let periods: [FormOption]
    let organisations: [FormOption]
    let sites: [FormOption]
    let womenOnly: Bool
    let headline: [SummaryPage.Item]
    let suppressed: Bool
    let breakdowns: [Breakdown]
    /// Supported housing and training, as figures.
    let services: [SummaryPage.Item]
    let recontact: [Recontact]
    /// Referrals by kind of service, and how far they went (the service, then five counts).
    let referrals: [Row]

    struct Row: Sendable {
        let cells: [String]
    }

    /// One cohort of the re-contact measure.
    struct Recontact: Sendable {
        let month: String
        let people: String
        let seenAgain: String
        let share: String
        let percent: Int
        let followUp: String
    }
}

/// The service dashboard (issue 20): team managers see their organisation's figures; analysts any organisation's
/// or the whole service's, with small numbers suppressed. Counted by the database, never from rows.
struct DashboardRoutes: Sendable {
    let store: any DashboardStore
    let sites: any SiteStore
    let organisations: any OrganisationStore
    let pages: PageRenderer
    let clock: Clock

    static let path = "/reports/dashboard"
    static let periods = [(30, "Last 30 days"), (91, "Last 3 months"), (365, "Last 12 months")]

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("reports/dashboard", use: show)
    }

    /// "259,200 (1.2 people seen per 100,000)"; the rate is hidden with the count it comes from.
    static func coverage(_ counts: DashboardCounts, hidden: Bool) -> String {
        guard let rate = counts.ratePer100k else { return "Not known" }
        let shown = hidden ? Suppression.mark : String(format: "%.1f", rate)
        return "\(counts.population.formatted()) (\(shown) people seen per 100,000)"
    }

    /// "median 2 h 5 min, 90th percentile 1 day 3 h (12 episodes)"; for an analyst, nothing from fewer than 8.
    static func times(_ times: Percentiles?, of episodes: Int, hidden: Bool) -> String {
        guard let times else { return "None yet" }
        if hidden && Suppression.hidden.contains(times.count) { return "\(Suppression.mark) (too few to show)" }
        return "median \(Percentiles.words(times.median)), 90th percentile \(Percentiles.words(times.p90))"
            + " (\(times.count) of \(episodes) episodes)"
    }

    func show(request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requireIdentity().actor
        let query = request.uri.queryParameters
        let days =
            query.get("period").flatMap(Int.init).flatMap { asked in
                Self.periods.first { $0.0 == asked }?.0
            } ?? 91
        // The service-wide reader (an analyst, `ReportingScope`) chooses an organisation and sees suppressed counts.
        let isAnalyst = ReportingScope.of(actor) == .service
        let until = CalendarDate(clock.now()).next
        var filter = DashboardFilter(
            from: CalendarDate(until.londonStart.addingTimeInterval(-Double(days) * 86_400 + 12 * 3600)), until: until)
        filter.organisationID =
            isAnalyst
            ? query.get("organisation").flatMap { $0.isEmpty ? nil : Organisation.ID($0) } : actor.organisationID
        let allSites = try await sites.list().filter { site in
            filter.organisationID.map { site.organisationID == $0 } ?? true
        }
        if let site = query.get("site"), let found = allSites.first(where: { $0.id.rawValue == site }) {
            filter.siteID = found.id
        }
        filter.womenOnly = query.get("women") == "yes"
        let who = try context.authorize(.viewDashboard(of: filter.organisationID))
        let counts = try await store.counts(filter, by: who)
        let publish = { (value: Int) in isAnalyst ? Suppression.count(value) : String(value) }
        let breakdown: Breakdown = { .make($0, $1, $2, total: $3, suppressed: isAnalyst) }
        let orgs = try await organisations.list()
        let page = DashboardPage(
            shell: Shell(title: "Service dashboard", context: context, section: Self.path),
            periods: Self.periods.map { FormOption(value: String($0.0), label: $0.1, selected: $0.0 == days) },
            organisations: isAnalyst
                ? [FormOption(value: "", label: "The whole service", selected: filter.organisationID == nil)]
                    + orgs.map {
                        FormOption(value: $0.id.rawValue, label: $0.name, selected: $0.id == filter.organisationID)
                    } : [],
            sites: [FormOption(value: "", label: "Every site", selected: filter.siteID == nil)]
                + allSites.map { FormOption(value: $0.id.rawValue, label: $0.name, selected: $0.id == filter.siteID) },
            womenOnly: filter.womenOnly,
            headline: [
                .init(
                    key: "People seen",
                    value: "\(publish(counts.people)) (previous \(days) days: \(publish(counts.previousPeople)))"),
                .init(
                    key: "Episodes",
                    value: "\(publish(counts.episodes)) (previous \(days) days: \(publish(counts.previousEpisodes)))"),
                .init(key: "People seen at police stations", value: publish(counts.atPoliceStations)),
                .init(key: "People seen at crown courts", value: publish(counts.atCrownCourts)),
                .init(
                    key: "Seen by L&D before",
                    value: "\(publish(counts.seenBefore)) of \(publish(counts.people)) people"),
                .init(
                    key: "Identification to screening",
                    value: Self.times(counts.toScreening, of: counts.episodes, hidden: isAnalyst)),
                .init(
                    key: "Identification to assessment",
                    value: Self.times(counts.toAssessment, of: counts.episodes, hidden: isAnalyst)),
                .init(
                    key: "Population covered",
                    value: Self.coverage(counts, hidden: isAnalyst && Suppression.hidden.contains(counts.people))),
            ],
            suppressed: isAnalyst,
            breakdowns: [
                .make(
                    "Episodes by point of the pathway", "Episodes opened in the period at each point",
                    PathwayPoint.allCases.map { ($0.label, counts.byPathwayPoint[$0] ?? 0) }, total: counts.episodes,
                    previous: (
                        PathwayPoint.allCases.map { counts.previousByPathwayPoint[$0] ?? 0 }, counts.previousEpisodes
                    ), suppressed: isAnalyst),
                breakdown(
                    "Episodes by site", "Episodes opened in the period at each site",
                    allSites.map { ($0.name, counts.bySite[$0.id] ?? 0) }, counts.episodes),
                breakdown(
                    "People by sex", "People seen, by stated gender",
                    StatedGender.allCases.map { ($0.label, counts.bySex[$0] ?? 0) }, counts.people),
                breakdown(
                    "People by age", "People seen, by age at the start of the period",
                    AgeBand.allCases.map { ($0.rawValue, counts.byAgeBand[$0] ?? 0) }, counts.people),
                breakdown(
                    "People by ethnic group", "People seen, by broad ethnic group",
                    counts.byBroadEthnicGroup, counts.people),
                breakdown(
                    "People by ethnic category", "People seen, by ethnic category (the detail of each broad group)",
                    EthnicCategory.allCases.map { ($0.label, counts.byEthnicity[$0] ?? 0) }, counts.people),
                breakdown(
                    "Screening and assessment", "Episodes screened and assessed (of all the period's episodes)",
                    [("Screened", counts.screened), ("Assessed", counts.assessed)], counts.episodes),
            ] + Self.activity(counts.activity, breakdown),
            services: Self.services(counts.activity, hidden: isAnalyst),
            recontact: counts.recontact.map { cohort in
                let hidden =
                    isAnalyst
                    && (Suppression.hidden.contains(cohort.people)
                        || Suppression.hidden.contains(cohort.seenAgain))
                return .init(
                    month: cohort.month.long, people: publish(cohort.people), seenAgain: publish(cohort.seenAgain),
                    share: hidden ? Suppression.mark : cohort.percent.map { "\($0)%" } ?? "None seen",
                    percent: hidden ? 0 : cohort.percent ?? 0,
                    followUp: cohort.isComplete ? "Complete" : "Still running")
            },
            referrals: ServiceKind.allCases.compactMap { kind in
                counts.referrals[kind].map { funnel in
                    DashboardPage.Row(
                        cells: [kind.label]
                            + [funnel.made, funnel.accepted, funnel.supported, funnel.attended, funnel.engaged]
                            .map(publish))
                }
            })
        return try pages.render("reports/dashboard", page)
    }
}

extension DashboardPage.Breakdown {
    /// A breakdown's bars and table; for an analyst (`suppressed`) counts of 1 to 7 become `*` (with a partner cell
    /// where a total would give one away). `previous` (the period before: its cells and total) adds a column.
    static func make(
        _ heading: String, _ caption: String, _ cells: [(String, Int)], total: Int?, previous: ([Int], Int)? = nil,
        suppressed: Bool
    ) -> Self {
        func publish(_ values: [Int], _ total: Int?) -> (cells: [String], total: String?) {
            switch (suppressed, total) {
            case (true, let total?): Suppression.apply(values, total: total)
            case (true, nil): (values.map(Suppression.count), nil)
            case (false, _): (values.map(String.init), total.map(String.init))
            }
        }
        let values = cells.map(\.1)
        let shown = publish(values, total)
        let before = previous.map { publish($0.0, $0.1).cells }
        let most = max(1, values.max() ?? 1)
        return .init(
            heading: heading, caption: caption,
            bars: cells.indices.map { index in
                .init(
                    label: cells[index].0, shown: shown.cells[index],
                    percent: shown.cells[index] == Suppression.mark ? 0 : values[index] * 100 / most,
                    previous: before?[index])
            }, total: shown.total, hasPrevious: previous != nil)
    }
}
