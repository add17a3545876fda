import Foundation
import LiaisonCore
import SQLKit

/// Counts the service dashboard's figures in the database: each is one aggregate query (COUNT, COUNT DISTINCT,
/// GROUP BY) over the episodes of the period that match the filter, read on one snapshot; no rows are loaded into
/// Swift. Viewing it is audited.
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
            let totals = try await db.raw(
                "SELECT COUNT(*) AS episodes, COUNT(DISTINCT e.person_id) AS people " + Self.matching(filter)
            ).first()
            counts.episodes = try totals?.decode(column: "episodes", as: Int.self) ?? 0
            counts.people = try totals?.decode(column: "people", as: Int.self) ?? 0
            let police = PathwayPoint.policeStation.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            let settings = try await db.raw(
                "SELECT COUNT(DISTINCT CASE WHEN e.pathway_point IN (\(unsafeRaw: police)) THEN e.person_id END)"
                    + " AS police, COUNT(DISTINCT CASE WHEN e.pathway_point = \(bind: PathwayPoint.crownCourt.rawValue)"
                    + " THEN e.person_id END) AS crown " + Self.matching(filter)
            ).first()
            counts.atPoliceStations = try settings?.decode(column: "police", as: Int.self) ?? 0
            counts.atCrownCourts = try settings?.decode(column: "crown", as: Int.self) ?? 0
            let earlier = try await db.raw(
                "SELECT COUNT(*) AS episodes, COUNT(DISTINCT e.person_id) AS people " + Self.matching(filter.previous)
            ).first()
            counts.previousEpisodes = try earlier?.decode(column: "episodes", as: Int.self) ?? 0
            counts.previousPeople = try earlier?.decode(column: "people", as: Int.self) ?? 0
            for (key, n) in try await Self.grouped("e.pathway_point", "COUNT(*)", filter, on: db) {
                if let point = PathwayPoint(rawValue: key) { counts.byPathwayPoint[point] = n }
            }
            for (key, n) in try await Self.grouped("e.pathway_point", "COUNT(*)", filter.previous, on: db) {
                if let point = PathwayPoint(rawValue: key) { counts.previousByPathwayPoint[point] = n }
            }
            for (key, n) in try await Self.grouped("e.site_id", "COUNT(*)", filter, on: db) {
                counts.bySite[Site.ID(key)] = n
            }
            for (key, n) in try await Self.grouped("p.stated_gender", "COUNT(DISTINCT e.person_id)", filter, on: db) {
                if let sex = StatedGender(rawValue: key) { counts.bySex[sex] = n }
            }
            for (key, n) in try await Self.grouped("p.ethnicity", "COUNT(DISTINCT e.person_id)", filter, on: db) {
                if let group = EthnicCategory(rawValue: key) { counts.byEthnicity[group] = n }
            }
            // Age at the start of the period, banded by comparing dates of birth with each band's cut-off.
            var band: SQLQueryString = "CASE"
            for (index, years) in AgeBand.bounds.enumerated() {
                band +=
                    " WHEN p.date_of_birth > \(bind: Self.bornBefore(filter.from, years)) THEN '\(unsafeRaw: String(index))'"
            }
            band += " ELSE '\(unsafeRaw: String(AgeBand.bounds.count))' END"
            for (key, n) in try await Self.grouped(band, "COUNT(DISTINCT e.person_id)", filter, on: db) {
                if let index = Int(key) { counts.byAgeBand[AgeBand.allCases[index]] = n }
            }
            let before = try await db.raw(
                "SELECT COUNT(DISTINCT e.person_id) AS n " + Self.matching(filter)
                    + """
                     AND EXISTS (SELECT 1 FROM episodes x WHERE x.person_id = e.person_id
                      AND x.identified_at < \(bind: Timestamp.text(filter.from.londonStart)))
                    """
            ).first()
            counts.seenBefore = try before?.decode(column: "n", as: Int.self) ?? 0
            var covered: SQLQueryString = """
                SELECT CAST(COALESCE(SUM(b.population), 0) AS BIGINT) AS n FROM boroughs b WHERE b.id IN
                  (SELECT s.borough_id FROM sites s WHERE s.is_active = \(bind: true)
                """
            if let organisation = filter.organisationID {
                covered += " AND s.organisation_id = \(bind: organisation.rawValue)"
            }
            if let site = filter.siteID { covered += " AND s.id = \(bind: site.rawValue)" }
            covered += ")"
            counts.population = try await db.raw(covered).first()?.decode(column: "n", as: Int.self) ?? 0
            counts.recontact = try await Self.recontact(filter, today: today, on: db)
            let progress = try await db.raw(
                "SELECT COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM screening_responses r WHERE r.episode_id = e.id"
                    + " AND r.is_complete = \(bind: true)) THEN 1 ELSE 0 END), 0) AS screened,"
                    + " COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM assessments a WHERE a.episode_id = e.id"
                    + " AND a.completed_at IS NOT NULL) THEN 1 ELSE 0 END), 0) AS assessed " + Self.matching(filter)
            ).first()
            counts.screened = try progress?.decode(column: "screened", as: Int.self) ?? 0
            counts.assessed = try progress?.decode(column: "assessed", as: Int.self) ?? 0
            counts.referrals = try await Self.referrals(filter, on: db)
            counts.toScreening = try await Self.minutes(
                to:
                    "(SELECT episode_id, MIN(recorded_at) AS at FROM screening_responses WHERE is_complete = \(bind: true)"
                    + " GROUP BY episode_id)", filter, engine: engine, on: db)
            counts.toAssessment = try await Self.minutes(
                to: "(SELECT episode_id, MIN(completed_at) AS at FROM assessments WHERE completed_at IS NOT NULL"
                    + " GROUP BY episode_id)", filter, engine: engine, on: db)
            counts.activity = try await Self.activity(filter, engine: engine, on: db)
            return counts
        }
        try await database.transaction { db in
            try await audit.append(
                who.entry("dashboard.view", "organisation", filter.organisationID?.rawValue ?? "all"), on: db)
        }
        return counts
    }

    /// The re-contact measure for each calendar month the period touches: one aggregate per cohort over each
    /// person's first episode of the month (under the filter), and whether any later episode of theirs, at any
    /// organisation, falls before the end of the follow-up.
    static func recontact(_ filter: DashboardFilter, today: CalendarDate, on db: any SQLDatabase) async throws
        -> [Recontact]
    {
        var months = [ReturnMonth(filter.from)]
        while let last = months.last, last.next < filter.until { months.append(ReturnMonth(last.next)) }
        var cohorts: [Recontact] = []
        for month in months {
            var cohort = filter
            cohort.from = month.first
            cohort.until = month.next
            let ends = Recontact.followUpEnds(month)
            let sql: SQLQueryString =
                "SELECT COUNT(*) AS people, COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM episodes y"
                + " WHERE y.person_id = f.person_id AND y.identified_at > f.first_at"
                + " AND y.identified_at < \(bind: Timestamp.text(ends.londonStart))) THEN 1 ELSE 0 END), 0) AS again"
                + " FROM (SELECT e.person_id AS person_id, MIN(e.identified_at) AS first_at "
                + matching(cohort) + " GROUP BY e.person_id) f"
            let row = try await db.raw(sql).first()
            cohorts.append(
                Recontact(
                    month: month, people: try row?.decode(column: "people", as: Int.self) ?? 0,
                    seenAgain: try row?.decode(column: "again", as: Int.self) ?? 0, isComplete: ends <= today))
        }
        return cohorts
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
            + " FROM referrals f JOIN services s ON s.id = f.service_id"
            + " WHERE f.episode_id IN (SELECT e.id " + matching(filter) + ") GROUP BY s.kind"
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

    /// The median and 90th percentile of the minutes from identification to `first` (a subquery of each episode's
    /// first such event, as `episode_id`, `at`) over the filter's episodes: the count, then each rank's value by
    /// ORDER BY … OFFSET in the database. The difference of two stored timestamps is the one thing the engines
    /// spell differently.
    static func minutes(
        to first: SQLQueryString, _ filter: DashboardFilter, engine: Database.Engine, on db: any SQLDatabase
    ) async throws -> Percentiles? {
        let difference =
            engine == .postgres
            ? "CAST(EXTRACT(EPOCH FROM (CAST(r.at AS timestamptz) - CAST(e.identified_at AS timestamptz))) / 60"
                + " AS DOUBLE PRECISION)"
            : "(julianday(r.at) - julianday(e.identified_at)) * 1440"
        let durations: SQLQueryString =
            "SELECT \(unsafeRaw: difference) AS m FROM " + first + " r JOIN episodes e ON e.id = r.episode_id"
            + " WHERE e.id IN (SELECT e.id " + matching(filter) + ")"
        let count =
            try await db.raw("SELECT COUNT(*) AS n FROM (" + durations + ") x").first()?
            .decode(column: "n", as: Int.self) ?? 0
        guard count > 0 else { return nil }
        func value(at rank: Int) async throws -> Int {
            let row = try await db.raw(
                "SELECT x.m AS m FROM (" + durations + ") x ORDER BY x.m LIMIT 1 OFFSET \(bind: rank)"
            ).first()
            return Int((try row?.decode(column: "m", as: Double.self) ?? 0).rounded())
        }
        let ranks = Percentiles.ranks(of: count)
        return Percentiles(count: count, median: try await value(at: ranks.median), p90: try await value(at: ranks.p90))
    }

    /// `FROM … WHERE …` for the episodes of the period that match the filter, with their people.
    static func matching(_ filter: DashboardFilter) -> SQLQueryString {
        var sql: SQLQueryString = """
            FROM episodes e JOIN people p ON p.id = e.person_id
            WHERE e.identified_at >= \(bind: Timestamp.text(filter.from.londonStart))
              AND e.identified_at < \(bind: Timestamp.text(filter.until.londonStart))
            """
        if let organisation = filter.organisationID { sql += " AND e.organisation_id = \(bind: organisation.rawValue)" }
        if let site = filter.siteID { sql += " AND e.site_id = \(bind: site.rawValue)" }
        if filter.womenOnly { sql += " AND p.stated_gender = \(bind: StatedGender.female.rawValue)" }
        return sql
    }

    /// One breakdown: `aggregate` for each value of `key` (a column or expression), as text keys.
    static func grouped(
        _ key: SQLQueryString, _ aggregate: String, _ filter: DashboardFilter, on db: any SQLDatabase
    ) async throws -> [(String, Int)] {
        let inner: SQLQueryString = "SELECT \(key) AS k, e.person_id " + matching(filter)
        let sql: SQLQueryString =
            "SELECT x.k AS k, \(unsafeRaw: aggregate.replacingOccurrences(of: "e.person_id", with: "x.person_id")) AS n FROM ("
            + inner + ") x GROUP BY x.k"
        return try await db.raw(sql).all().map {
            (try $0.decode(column: "k", as: String.self), try $0.decode(column: "n", as: Int.self))
        }
    }

    static func grouped(_ column: String, _ aggregate: String, _ filter: DashboardFilter, on db: any SQLDatabase)
        async throws -> [(String, Int)]
    {
        try await grouped("\(unsafeRaw: column)", aggregate, filter, on: db)
    }

    /// The latest date of birth of someone `years` old on `day`, as stored text ("YYYY-MM-DD").
    static func bornBefore(_ day: CalendarDate, _ years: Int) -> String {
        String(format: "%04d-%02d-%02d", day.year - years, day.month, day.day)
    }
}
