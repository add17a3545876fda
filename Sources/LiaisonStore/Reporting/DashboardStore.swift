import Foundation
import LiaisonCore
import SQLKit

/// Counts the service dashboard's figures in the database: aggregate queries (COUNT, COUNT DISTINCT, GROUP BY) over
/// the episodes of the period that match the filter, read on one snapshot; no rows are loaded into Swift. Figures
/// that read the same rows share one scan (`bench/reporting.sh` times them against the single aggregate they are
/// built from). Viewing it is audited.
package protocol DashboardStore: Sendable {
    func counts(_ filter: DashboardFilter, by who: Attribution) async throws -> DashboardCounts
}

/// `DashboardStore` over SQLKit.
package struct SQLDashboardStore: DashboardStore {
    let database: Database
    let audit: AuditLog
    let clock: Clock

    package func counts(_ filter: DashboardFilter, by who: Attribution) async throws -> DashboardCounts {
        try AccessPolicy.require(who.actor, .viewDashboard(of: filter.organisationID))
        let today = CalendarDate(clock.now())
        let engine = database.engine
        let counts = try await database.snapshot { db in
            var counts = DashboardCounts()
            try await Self.totals(filter, into: &counts, on: db)
            try await Self.places(filter, into: &counts, on: db)
            try await Self.people(filter, into: &counts, on: db)
            let before = try await db.raw(
                "SELECT COUNT(DISTINCT e.person_id) AS n " + Self.matching(filter)
                    + """
                     AND EXISTS (SELECT 1 FROM episodes x WHERE x.person_id = e.person_id
                      AND x.identified_at < \(bind: Timestamp.text(filter.from.londonStart)))
                    """
            ).first()
            counts.seenBefore = try before?.decode(column: "n", as: Int.self) ?? 0
            counts.population = try await Self.population(filter, on: db)
            counts.recontact = try await Self.recontact(filter, today: today, on: db)
            counts.referrals = try await Self.referrals(filter, on: db)
            // Every screened episode has a complete screening, every assessed one a completed assessment
            // (`EpisodeProgress`): the counts are known, only the two ranks are looked up.
            counts.toScreening = try await Self.minutes(
                to: "(SELECT MIN(r.recorded_at) FROM screening_responses r WHERE r.episode_id = e.id"
                    + " AND r.is_complete = \(bind: true))", among: "e.is_screened", count: counts.screened, filter,
                engine: engine, on: db)
            counts.toAssessment = try await Self.minutes(
                to: "(SELECT MIN(a.completed_at) FROM assessments a WHERE a.episode_id = e.id)",
                among: "e.is_assessed", count: counts.assessed, filter, engine: engine, on: db)
            counts.activity = try await Self.activity(filter, engine: engine, on: db)
            return counts
        }
        try await database.transaction { db in
            try await audit.append(
                who.entry("dashboard.view", "organisation", filter.organisationID?.rawValue ?? "all"), on: db)
        }
        return counts
    }

    /// One scan of the period's episodes: episodes, people, people at police stations and at crown courts, episodes
    /// screened and assessed; then one of the period before for its episodes and people.
    static func totals(_ filter: DashboardFilter, into counts: inout DashboardCounts, on db: any SQLDatabase)
        async throws
    {
        let police = PathwayPoint.policeStation.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        let row = try await db.raw(
            "SELECT COUNT(*) AS episodes, COUNT(DISTINCT e.person_id) AS people,"
                + " COUNT(DISTINCT CASE WHEN e.pathway_point IN (\(unsafeRaw: police)) THEN e.person_id END) AS police,"
                + " COUNT(DISTINCT CASE WHEN e.pathway_point = \(bind: PathwayPoint.crownCourt.rawValue)"
                + " THEN e.person_id END) AS crown,"
                + " COALESCE(SUM(CASE WHEN e.is_screened THEN 1 ELSE 0 END), 0) AS screened,"
                + " COALESCE(SUM(CASE WHEN e.is_assessed THEN 1 ELSE 0 END), 0) AS assessed "
                + matching(filter, people: false)
        ).first()
        counts.episodes = try row?.decode(column: "episodes", as: Int.self) ?? 0
        counts.people = try row?.decode(column: "people", as: Int.self) ?? 0
        counts.atPoliceStations = try row?.decode(column: "police", as: Int.self) ?? 0
        counts.atCrownCourts = try row?.decode(column: "crown", as: Int.self) ?? 0
        counts.screened = try row?.decode(column: "screened", as: Int.self) ?? 0
        counts.assessed = try row?.decode(column: "assessed", as: Int.self) ?? 0
        let earlier = try await db.raw(
            "SELECT COUNT(*) AS episodes, COUNT(DISTINCT e.person_id) AS people "
                + matching(filter.previous, people: false)
        ).first()
        counts.previousEpisodes = try earlier?.decode(column: "episodes", as: Int.self) ?? 0
        counts.previousPeople = try earlier?.decode(column: "people", as: Int.self) ?? 0
    }

    /// Episodes by point of the pathway and by site from one GROUP BY of both (each episode is in one cell), and
    /// by point in the period before.
    static func places(_ filter: DashboardFilter, into counts: inout DashboardCounts, on db: any SQLDatabase)
        async throws
    {
        for row in try await db.raw(
            "SELECT e.pathway_point AS point, e.site_id AS site, COUNT(*) AS n " + matching(filter, people: false)
                + " GROUP BY e.pathway_point, e.site_id"
        ).all() {
            let n = try row.decode(column: "n", as: Int.self)
            if let point = PathwayPoint(rawValue: try row.decode(column: "point", as: String.self)) {
                counts.byPathwayPoint[point, default: 0] += n
            }
            counts.bySite[Site.ID(try row.decode(column: "site", as: String.self)), default: 0] += n
        }
        for row in try await db.raw(
            "SELECT e.pathway_point AS point, COUNT(*) AS n " + matching(filter.previous, people: false)
                + " GROUP BY e.pathway_point"
        ).all() {
            if let point = PathwayPoint(rawValue: try row.decode(column: "point", as: String.self)) {
                counts.previousByPathwayPoint[point] = try row.decode(column: "n", as: Int.self)
            }
        }
    }

    /// People by sex, ethnic category and age band from one GROUP BY of all three: each is the person's own, so
    /// every person is in exactly one cell and each breakdown is the sum of its cells.
    static func people(_ filter: DashboardFilter, into counts: inout DashboardCounts, on db: any SQLDatabase)
        async throws
    {
        // Age at the start of the period, banded by comparing dates of birth with each band's cut-off.
        var band: SQLQueryString = "CASE"
        for (index, years) in AgeBand.bounds.enumerated() {
            band +=
                " WHEN p.date_of_birth > \(bind: Self.bornBefore(filter.from, years)) THEN \(unsafeRaw: String(index))"
        }
        band += " ELSE \(unsafeRaw: String(AgeBand.bounds.count)) END"
        for row in try await db.raw(
            "SELECT x.sex AS sex, x.ethnicity AS ethnicity, x.band AS band, COUNT(DISTINCT x.person_id) AS n FROM"
                + " (SELECT p.stated_gender AS sex, p.ethnicity AS ethnicity, " + band + " AS band, e.person_id "
                + matching(filter) + ") x GROUP BY x.sex, x.ethnicity, x.band"
        ).all() {
            let n = try row.decode(column: "n", as: Int.self)
            if let sex = StatedGender(rawValue: try row.decode(column: "sex", as: String.self)) {
                counts.bySex[sex, default: 0] += n
            }
            if let group = EthnicCategory(rawValue: try row.decode(column: "ethnicity", as: String.self)) {
                counts.byEthnicity[group, default: 0] += n
            }
            let index = try row.decode(column: "band", as: Int.self)
            if AgeBand.allCases.indices.contains(index) { counts.byAgeBand[AgeBand.allCases[index], default: 0] += n }
        }
    }

    /// The population of the boroughs the filter's active sites serve.
    static func population(_ filter: DashboardFilter, on db: any SQLDatabase) async throws -> Int {
        var covered: SQLQueryString = """
            SELECT CAST(COALESCE(SUM(b.population), 0) AS BIGINT) AS n FROM boroughs b WHERE b.id IN
              (SELECT s.borough_id FROM sites s WHERE s.is_active = \(bind: true)
            """
        if let organisation = filter.organisationID {
            covered += " AND s.organisation_id = \(bind: organisation.rawValue)"
        }
        if let site = filter.siteID { covered += " AND s.id = \(bind: site.rawValue)" }
        covered += ")"
        return try await db.raw(covered).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// The re-contact measure for each calendar month the period touches, in one query: each person's first
    /// episode of each month (under the filter), the cohort numbered by comparing with the months' London starts,
    /// and whether any later episode of theirs, at any organisation, falls before the end of that cohort's
    /// follow-up.
    static func recontact(_ filter: DashboardFilter, today: CalendarDate, on db: any SQLDatabase) async throws
        -> [Recontact]
    {
        var months = [ReturnMonth(filter.from)]
        while let last = months.last, last.next < filter.until { months.append(ReturnMonth(last.next)) }
        var cohort: SQLQueryString = "CASE"
        var ends: SQLQueryString = "CASE f.cohort"
        for (index, month) in months.enumerated() {
            cohort +=
                " WHEN e.identified_at < \(bind: Timestamp.text(month.next.londonStart)) THEN \(unsafeRaw: String(index))"
            ends +=
                " WHEN \(unsafeRaw: String(index)) THEN \(bind: Timestamp.text(Recontact.followUpEnds(month).londonStart))"
        }
        cohort += " END"
        ends += " END"
        let sql: SQLQueryString =
            "SELECT f.cohort AS cohort, COUNT(*) AS people, COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM episodes y"
            + " WHERE y.person_id = f.person_id AND y.identified_at > f.first_at AND y.identified_at < " + ends
            + ") THEN 1 ELSE 0 END), 0) AS again FROM (SELECT " + cohort
            + " AS cohort, e.person_id AS person_id, MIN(e.identified_at) AS first_at " + matching(filter)
            + " GROUP BY 1, 2) f GROUP BY f.cohort"
        var found: [Int: (people: Int, again: Int)] = [:]
        for row in try await db.raw(sql).all() {
            found[try row.decode(column: "cohort", as: Int.self)] = (
                try row.decode(column: "people", as: Int.self), try row.decode(column: "again", as: Int.self)
            )
        }
        return months.enumerated().map { index, month in
            Recontact(
                month: month, people: found[index]?.people ?? 0, seenAgain: found[index]?.again ?? 0,
                isComplete: Recontact.followUpEnds(month) <= today)
        }
    }

    /// The referrals made from the period's episodes, by kind of service, with how many reached each step (from
    /// their recorded steps, so a referral since closed still counts as attended if it was).
    static func referrals(_ filter: DashboardFilter, on db: any SQLDatabase) async throws
        -> [ServiceKind: ReferralFunnel]
    {
        func reached(_ statuses: [ReferralStatus]) -> SQLQueryString {
            let list = statuses.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            return "COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM referral_steps t WHERE t.referral_id = f.id"
                + " AND t.status IN (\(unsafeRaw: list))) THEN 1 ELSE 0 END), 0)"
        }
        let sql: SQLQueryString =
            "SELECT s.kind AS kind, COUNT(*) AS made, "
            + reached([.accepted, .attended, .didNotAttend, .engaged]) + " AS accepted, "
            + "COALESCE(SUM(CASE WHEN f.supported_to_first_appointment = \(bind: true) THEN 1 ELSE 0 END), 0) AS supported, "
            + reached([.attended, .engaged]) + " AS attended, " + reached([.engaged]) + " AS engaged"
            + " FROM referrals f JOIN services s ON s.id = f.service_id JOIN episodes e ON e.id = f.episode_id"
            + joiningPeople(filter) + " WHERE " + conditions(filter) + " GROUP BY s.kind"
        var funnels: [ServiceKind: ReferralFunnel] = [:]
        for row in try await db.raw(sql).all() {
            guard let kind = ServiceKind(rawValue: try row.decode(column: "kind", as: String.self)) else { continue }
            funnels[kind] = ReferralFunnel(
                made: try row.decode(column: "made", as: Int.self),
                accepted: try row.decode(column: "accepted", as: Int.self),
                supported: try row.decode(column: "supported", as: Int.self),
                attended: try row.decode(column: "attended", as: Int.self),
                engaged: try row.decode(column: "engaged", as: Int.self))
        }
        return funnels
    }

    /// The median and 90th percentile of the minutes from identification to `first` (a correlated subquery of the
    /// episode's first such event) over the `count` episodes of the filter that have one (`among`): both ranks'
    /// values from one window over the sorted durations in the database. The difference of two stored timestamps is the one thing the
    /// engines spell differently.
    static func minutes(
        to first: SQLQueryString, among: String, count: Int, _ filter: DashboardFilter, engine: Database.Engine,
        on db: any SQLDatabase
    ) async throws -> Percentiles? {
        guard count > 0 else { return nil }
        let difference: SQLQueryString =
            engine == .postgres
            ? "CAST(EXTRACT(EPOCH FROM (CAST(" + first + " AS timestamptz) - CAST(e.identified_at AS timestamptz)))"
                + " / 60 AS DOUBLE PRECISION)"
            : "(julianday(" + first + ") - julianday(e.identified_at)) * 1440"
        let durations: SQLQueryString =
            "SELECT " + difference + " AS m " + matching(filter, people: false)
            + " AND \(unsafeRaw: among)"
        // Both ranks from one sort: ROW_NUMBER() over the durations, keeping the two rows wanted (1-based).
        let ranks = Percentiles.ranks(of: count)
        var values: [Int: Int] = [:]
        for row in try await db.raw(
            "SELECT y.rn AS rn, y.m AS m FROM (SELECT x.m AS m, ROW_NUMBER() OVER (ORDER BY x.m) AS rn FROM ("
                + durations + ") x) y WHERE y.rn IN (\(bind: ranks.median + 1), \(bind: ranks.p90 + 1))"
        ).all() {
            values[try row.decode(column: "rn", as: Int.self) - 1] = Int(
                (try row.decode(column: "m", as: Double.self)).rounded())
        }
        return Percentiles(count: count, median: values[ranks.median] ?? 0, p90: values[ranks.p90] ?? 0)
    }

    /// The conditions on `e` (the episodes) and `p` (their people) for the episodes of the period that match the
    /// filter.
    static func conditions(_ filter: DashboardFilter) -> SQLQueryString {
        var sql: SQLQueryString = """
            e.identified_at >= \(bind: Timestamp.text(filter.from.londonStart)) \
            AND e.identified_at < \(bind: Timestamp.text(filter.until.londonStart))
            """
        if let organisation = filter.organisationID { sql += " AND e.organisation_id = \(bind: organisation.rawValue)" }
        if let site = filter.siteID { sql += " AND e.site_id = \(bind: site.rawValue)" }
        if filter.womenOnly { sql += " AND p.stated_gender = \(bind: StatedGender.female.rawValue)" }
        return sql
    }

    /// The join to the episodes' people, where the filter needs it (women only).
    static func joiningPeople(_ filter: DashboardFilter) -> SQLQueryString {
        filter.womenOnly ? " JOIN people p ON p.id = e.person_id" : ""
    }

    /// `FROM … WHERE …` for the episodes of the period that match the filter, with their people (as `p`) unless
    /// `people` is false and the filter does not need them.
    static func matching(_ filter: DashboardFilter, people: Bool = true) -> SQLQueryString {
        "FROM episodes e" + (people ? " JOIN people p ON p.id = e.person_id" : joiningPeople(filter)) + " WHERE "
            + conditions(filter)
    }

    /// The latest date of birth of someone `years` old on `day`, as stored text ("YYYY-MM-DD").
    static func bornBefore(_ day: CalendarDate, _ years: Int) -> String {
        String(format: "%04d-%02d-%02d", day.year - years, day.month, day.day)
    }
}
