import Foundation
import LiaisonCore
import SQLKit

extension SQLDashboardStore {
    /// The dashboard's activity figures, each one aggregate: episode-linked figures (needs, reports, sharing,
    /// outcomes) over the period's episodes under the filter; support cases by the day they opened or closed;
    /// housing and training by organisation only (a unit or a session belongs to no site or person).
    static func activity(_ filter: DashboardFilter, engine: Database.Engine, on db: any SQLDatabase) async throws
        -> DashboardActivity
    {
        var activity = DashboardActivity()
        // Each table joins the episodes it belongs to, and is counted under the filter's conditions.
        let episodes: SQLQueryString =
            " JOIN episodes e ON e.id = x.episode_id" + joiningPeople(filter) + " WHERE "
            + conditions(filter)
        let needItems = Need.allCases.map { "'need.\($0.rawValue)'" }.joined(separator: ", ")
        for (key, n) in try await keyed(
            "SELECT q.item AS k, COUNT(DISTINCT x.person_id) AS n FROM assessment_answers q"
                + " JOIN assessments x ON x.id = q.assessment_id" + episodes
                + " AND q.section = 'needs' AND q.value = 'yes' AND q.item IN (\(unsafeRaw: needItems)) GROUP BY q.item",
            on: db)
        {
            if let need = Need(rawValue: String(key.dropFirst("need.".count))) { activity.needs[need] = n }
        }
        let reports = try await db.raw(
            "SELECT COUNT(*) AS n, COALESCE(SUM(CASE WHEN x.status = 'issued' THEN 1 ELSE 0 END), 0) AS issued"
                + " FROM court_reports x" + episodes
        ).first()
        activity.reportsWritten = try reports?.decode(column: "n", as: Int.self) ?? 0
        activity.reportsIssued = try reports?.decode(column: "issued", as: Int.self) ?? 0
        for (key, n) in try await keyed(
            "SELECT x.kind AS k, COUNT(*) AS n FROM disclosures x" + episodes + " GROUP BY x.kind", on: db)
        {
            if let kind = DisclosureKind(rawValue: key) { activity.disclosures[kind] = n }
        }
        // A decision is "after a report" when an issued report on the same episode was issued on or before its day.
        for (key, n) in try await keyed(
            "SELECT x.code AS k, COUNT(*) AS n FROM justice_outcomes x" + episodes
                + " AND EXISTS (SELECT 1 FROM court_reports r WHERE r.episode_id = x.episode_id"
                + " AND r.status = 'issued' AND SUBSTR(r.issued_at, 1, 10) <= x.decided_on) GROUP BY x.code",
            on: db)
        {
            if let code = OutcomeCode(rawValue: key) { activity.afterReport[code] = n }
        }
        try await support(filter, into: &activity, on: db)
        try await housing(filter, engine: engine, into: &activity, on: db)
        try await training(filter, into: &activity, on: db)
        return activity
    }

    /// Cases opened in the period, cases closed in it, and the goals of the cases closed.
    static func support(_ filter: DashboardFilter, into activity: inout DashboardActivity, on db: any SQLDatabase)
        async throws
    {
        let from = filter.from.description
        let until = filter.until.description
        var cases: SQLQueryString =
            "FROM support_cases c JOIN episodes e ON e.id = c.episode_id JOIN people p ON p.id = c.person_id WHERE 1 = 1"
        if let organisation = filter.organisationID {
            cases += " AND c.organisation_id = \(bind: organisation.rawValue)"
        }
        if let site = filter.siteID { cases += " AND e.site_id = \(bind: site.rawValue)" }
        if filter.womenOnly { cases += " AND p.stated_gender = \(bind: StatedGender.female.rawValue)" }
        let row = try await db.raw(
            "SELECT COALESCE(SUM(CASE WHEN c.started_on >= \(bind: from) AND c.started_on < \(bind: until)"
                + " THEN 1 ELSE 0 END), 0) AS opened,"
                + " COALESCE(SUM(CASE WHEN c.closed_on >= \(bind: from) AND c.closed_on < \(bind: until)"
                + " THEN 1 ELSE 0 END), 0) AS closed " + cases
        ).first()
        activity.supportOpened = try row?.decode(column: "opened", as: Int.self) ?? 0
        activity.supportClosed = try row?.decode(column: "closed", as: Int.self) ?? 0
        let goals = try await db.raw(
            "SELECT COUNT(*) AS n, COALESCE(SUM(CASE WHEN g.status = \(bind: GoalStatus.achieved.rawValue)"
                + " THEN 1 ELSE 0 END), 0) AS achieved FROM support_goals g WHERE g.case_id IN (SELECT c.id " + cases
                + " AND c.closed_on >= \(bind: from) AND c.closed_on < \(bind: until))"
        ).first()
        activity.goalsSet = try goals?.decode(column: "n", as: Int.self) ?? 0
        activity.goalsAchieved = try goals?.decode(column: "achieved", as: Int.self) ?? 0
    }

    /// Placements started in the period and their court outcomes; nights occupied in the period (a placement
    /// occupies each night from its start until the day it ended) of the places' nights in it, for units funded
    /// at some time in the period.
    static func housing(
        _ filter: DashboardFilter, engine: Database.Engine, into activity: inout DashboardActivity,
        on db: any SQLDatabase
    ) async throws {
        let from = filter.from.description
        let until = filter.until.description
        var units: SQLQueryString =
            "SELECT u.id FROM housing_units u WHERE u.funded_from < \(bind: until) AND u.funded_until >= \(bind: from)"
        if let organisation = filter.organisationID {
            units += " AND u.organisation_id = \(bind: organisation.rawValue)"
        }
        let start: SQLQueryString = "CASE WHEN p.start_on > \(bind: from) THEN p.start_on ELSE \(bind: from) END"
        let end: SQLQueryString =
            "CASE WHEN p.ended_on IS NOT NULL AND p.ended_on < \(bind: until) THEN p.ended_on ELSE \(bind: until) END"
        func days(_ later: SQLQueryString, _ earlier: SQLQueryString) -> SQLQueryString {
            engine == .postgres
                ? "(CAST(" + later + " AS date) - CAST(" + earlier + " AS date))"
                : "CAST(julianday(" + later + ") - julianday(" + earlier + ") AS INTEGER)"
        }
        let placements = try await db.raw(
            "SELECT COALESCE(SUM(CASE WHEN p.start_on >= \(bind: from) THEN 1 ELSE 0 END), 0) AS made,"
                + " COALESCE(SUM(CASE WHEN p.start_on >= \(bind: from) AND p.court_outcome <> 'not_yet_known'"
                + " THEN 1 ELSE 0 END), 0) AS decided,"
                + " COALESCE(SUM(CASE WHEN p.start_on >= \(bind: from) AND p.court_outcome = 'bailed'"
                + " THEN 1 ELSE 0 END), 0) AS bailed,"
                + " CAST(COALESCE(SUM(CASE WHEN " + end + " > " + start + " THEN " + days(end, start)
                + " ELSE 0 END), 0) AS BIGINT) AS nights"
                + " FROM placements p WHERE p.start_on < \(bind: until)"
                + " AND (p.ended_on IS NULL OR p.ended_on > \(bind: from)) AND p.unit_id IN (" + units + ")"
        ).first()
        activity.placementsMade = try placements?.decode(column: "made", as: Int.self) ?? 0
        activity.placementsDecided = try placements?.decode(column: "decided", as: Int.self) ?? 0
        activity.placementsBailed = try placements?.decode(column: "bailed", as: Int.self) ?? 0
        activity.nightsOccupied = try placements?.decode(column: "nights", as: Int.self) ?? 0
        let places = try await db.raw(
            "SELECT CAST(COALESCE(SUM(u.capacity), 0) AS BIGINT) AS n FROM housing_units u WHERE u.id IN (" + units
                + ")"
        ).first()
        let periodDays = Int((filter.until.londonStart.timeIntervalSince(filter.from.londonStart) / 86_400).rounded())
        activity.nightsPossible = (try places?.decode(column: "n", as: Int.self) ?? 0) * periodDays
    }

    /// Sessions held in the period and people trained, by audience.
    static func training(_ filter: DashboardFilter, into activity: inout DashboardActivity, on db: any SQLDatabase)
        async throws
    {
        var sql: SQLQueryString =
            "SELECT t.audience AS k, COUNT(*) AS sessions, CAST(COALESCE(SUM(t.attended), 0) AS BIGINT) AS n"
            + " FROM training_sessions t WHERE t.held_on >= \(bind: filter.from.description)"
            + " AND t.held_on < \(bind: filter.until.description)"
        if let organisation = filter.organisationID { sql += " AND t.organisation_id = \(bind: organisation.rawValue)" }
        for row in try await db.raw(sql + " GROUP BY t.audience").all() {
            activity.trainingSessions += try row.decode(column: "sessions", as: Int.self)
            if let audience = TrainingAudience(rawValue: try row.decode(column: "k", as: String.self)) {
                activity.trained[audience] = try row.decode(column: "n", as: Int.self)
            }
        }
    }

    /// Rows of (text key `k`, count `n`).
    static func keyed(_ sql: SQLQueryString, on db: any SQLDatabase) async throws -> [(String, Int)] {
        try await db.raw(sql).all().map {
            (try $0.decode(column: "k", as: String.self), try $0.decode(column: "n", as: Int.self))
        }
    }
}
