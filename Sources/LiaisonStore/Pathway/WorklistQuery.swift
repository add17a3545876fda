import Foundation
import LiaisonCore
import SQLKit

/// The work list filtered, counted, ordered and paged in the database (issue 21): the page reads the fifty rows it
/// shows and the counts it heads them with, never the service's whole open list. The order is
/// `WorklistFilter.ordered`'s, spelt in SQL: most urgent first; within each urgency today's arrivals newest first,
/// then the rest longest waiting first; the id breaks ties so that pages never overlap.
struct WorklistQuery {
    let organisation: Organisation.ID
    let filter: WorklistFilter
    let today: CalendarDate
    /// Whether the statements are for SQLite (`database.engine`), which decides two things. The person join names
    /// the index it reads (`people_worklist`, which carries the sex and date of birth the counts read): SQLite's
    /// planner, without statistics, prefers the primary key's index and then reads every person's row from the
    /// table (at 100,000 people the whole list's counts took 25 ms that way and 14 ms from the index); PostgreSQL's
    /// planner weighs index-only scans itself. And `masked` is read with SQLite's JSON functions, not PostgreSQL's.
    var onSQLite = false
    /// The people on the list the reader may not open (`SQLEpisodeStore.decide`): the filters and counts that read
    /// the person (sex, age) never match them, as their rows show neither.
    var masked: [String] = []

    /// `masked` as one bound JSON array read as a set in SQL: however many there are, one bind each time it is
    /// named (a bind per id passed PostgresNIO's limit of 32,767 binds a statement, which traps, at about 16,000
    /// masked people).
    private var maskedSet: SQLQueryString {
        let list = String(decoding: (try? JSONEncoder().encode(masked)) ?? Data("[]".utf8), as: UTF8.self)
        return onSQLite
            ? "(SELECT value FROM json_each(\(bind: list)))"
            : "(SELECT jsonb_array_elements_text(CAST(\(bind: list) AS jsonb)))"
    }

    /// The open episodes that pass the filters set on stored columns, with the person's few details, the progress
    /// kept on the episode (`w.is_screened`, `w.is_assessed`, `w.is_referred`, see `EpisodeProgress`) and
    /// `w.arrived` for today, as subquery `w`. `columns` are the episode's columns it carries: all of them for the
    /// rows shown, only what the counts read for the counts (a narrower row is a third cheaper at 100,000 people).
    /// With `people: false` the person is not joined (for a sort that reads no person filter; see `rows`).
    private func matching(_ columns: [String], people: Bool = true) -> SQLQueryString {
        var sql: SQLQueryString = """
            (SELECT \(unsafeRaw: columns.map { "e.\($0)" }.joined(separator: ", ")),
            \(unsafeRaw: people ? "\(Self.personColumns)," : "")
            CASE WHEN e.identified_at >= \(bind: Timestamp.text(today.londonStart))
              AND e.identified_at < \(bind: Timestamp.text(today.next.londonStart)) THEN 1 ELSE 0 END AS arrived
            FROM episodes e \(unsafeRaw: people ? "JOIN people p \(onSQLite ? "INDEXED BY people_worklist " : "")ON p.id = e.person_id" : "")
            WHERE e.organisation_id = \(bind: organisation.rawValue) AND e.closed_at IS NULL
            """
        if let site = filter.siteID { sql += " AND e.site_id = \(bind: site.rawValue)" }
        if let point = filter.pathwayPoint { sql += " AND e.pathway_point = \(bind: point.rawValue)" }
        if filter.womenOnly { sql += " AND p.stated_gender = \(bind: StatedGender.female.rawValue)" }
        if filtersOnPerson && !masked.isEmpty { sql += " AND e.person_id NOT IN \(maskedSet)" }
        if let user = filter.allocatedTo { sql += " AND e.allocated_to = \(bind: user.rawValue)" }
        if filter.unallocatedOnly { sql += " AND e.allocated_to IS NULL" }
        let adult = today.bornOnOrBefore(yearsAgo: 18)
        switch filter.ageGroup {
        case .under18: sql += " AND p.date_of_birth > \(bind: adult)"
        case .transition:
            sql +=
                " AND p.date_of_birth <= \(bind: adult) AND p.date_of_birth > \(bind: today.bornOnOrBefore(yearsAgo: 25))"
        case nil: break
        }
        sql += ") w WHERE 1 = 1"
        if filter.arrivedToday { sql += " AND w.arrived = 1" }
        switch filter.status {
        case .identified: sql += " AND NOT (w.is_screened OR w.is_assessed OR w.is_referred)"
        case .screened: sql += " AND w.is_screened AND NOT (w.is_assessed OR w.is_referred)"
        case .assessed: sql += " AND w.is_assessed AND NOT w.is_referred"
        case .referred: sql += " AND w.is_referred"
        // Closed episodes are never on the work list.
        case .closed: sql += " AND 1 = 0"
        case nil: break
        }
        return sql
    }

    /// A work-list row's episode columns, read from `e`.
    private static let episodeColumns = EpisodeRow.columns.map { "e.\($0)" }.joined(separator: ", ")

    /// The few details of the person a work-list row shows.
    private static let personColumnNames = [
        "given_name", "family_name", "date_of_birth", "stated_gender", "is_restricted",
    ]
    private static let personColumns = personColumnNames.map { "p.\($0)" }.joined(separator: ", ")

    /// True if a filter reads the person (sex, age): the episodes cannot be sorted and paged before the join.
    var filtersOnPerson: Bool { filter.womenOnly || filter.ageGroup != nil }

    /// One page of the matching rows, in the work list's order. When no filter reads the person, the episodes are
    /// sorted and paged by the few columns `episodes_open_worklist` carries, and only the page's fifty episodes
    /// and people are read in full (deferred joins: at 100,000 people, sorting 4,781 open episodes joined to their
    /// people took 30 ms, alone 12, and from the index alone 4).
    func rows(_ page: ListPage) -> SQLQueryString {
        let order: SQLQueryString = """
             ORDER BY CASE w.urgency WHEN \(bind: Urgency.immediate.rawValue) THEN 0 \
            WHEN \(bind: Urgency.urgent.rawValue) THEN 1 ELSE 2 END, w.arrived DESC, \
            CASE WHEN w.arrived = 1 THEN w.identified_at END DESC, w.identified_at, w.id
            """
        let limit: SQLQueryString = " LIMIT \(literal: page.size) OFFSET \(literal: page.offset)"
        // Each statement names what it reads from `w`, never `w.*`.
        func named(_ columns: [String]) -> String { columns.map { "w.\($0)" }.joined(separator: ", ") }
        guard !filtersOnPerson else {
            let columns = EpisodeRow.columns + ["claim_id"]
            return "SELECT \(unsafeRaw: named(columns + Self.personColumnNames + ["arrived"])) FROM "
                + matching(columns) + order + limit
        }
        let sorted = ["id", "urgency", "identified_at", "is_screened", "is_assessed", "is_referred"]
        return
            "SELECT \(unsafeRaw: Self.episodeColumns), e.claim_id, w.arrived, \(unsafeRaw: Self.personColumns) FROM (SELECT \(unsafeRaw: named(sorted + ["arrived"])) FROM "
            + matching(sorted, people: false)
            + order + limit
            + ") w JOIN episodes e ON e.id = w.id JOIN people p ON p.id = e.person_id" + order
    }

    /// The counts the page heads the rows with, over every matching row (not only this page).
    /// The women and under-18s counted are those the filters would show: masked rows are neither.
    var counts: SQLQueryString {
        let shown: SQLQueryString = masked.isEmpty ? "" : " AND w.person_id NOT IN \(maskedSet)"
        let columns = ["allocated_to", "is_screened", "is_assessed", "is_referred", "urgency"]
        return """
            SELECT COUNT(*) AS matching, \
            SUM(w.arrived) AS arrived, \
            SUM(CASE WHEN NOT (w.is_screened OR w.is_assessed OR w.is_referred) THEN 1 ELSE 0 END) AS waiting, \
            SUM(CASE WHEN w.allocated_to IS NULL THEN 1 ELSE 0 END) AS unallocated, \
            SUM(CASE WHEN w.stated_gender = \(bind: StatedGender.female.rawValue)\(shown) THEN 1 ELSE 0 END) AS women, \
            SUM(CASE WHEN w.date_of_birth > \(bind: today.bornOnOrBefore(yearsAgo: 18))\(shown) THEN 1 ELSE 0 END) \
            AS under18 FROM
            """ + matching(masked.isEmpty ? columns : columns + ["person_id"])
    }

    /// Each practitioner's open episodes at the organisation's sites and how many of them arrived today.
    var loads: SQLQueryString {
        """
        SELECT allocated_to, COUNT(*) AS open, \
        SUM(CASE WHEN identified_at >= \(bind: Timestamp.text(today.londonStart)) \
        AND identified_at < \(bind: Timestamp.text(today.next.londonStart)) THEN 1 ELSE 0 END) AS today \
        FROM episodes WHERE organisation_id = \(bind: organisation.rawValue) AND closed_at IS NULL \
        AND allocated_to IS NOT NULL GROUP BY allocated_to
        """
    }
}

extension SQLEpisodeStore {
    package func worklist(
        _ filter: WorklistFilter, page: ListPage, of organisation: Organisation.ID, today: CalendarDate,
        withLoads: Bool, withDirectory: Bool, by who: Attribution
    ) async throws -> WorklistSlice {
        let query = WorklistQuery(
            organisation: organisation, filter: filter, today: today, onSQLite: database.engine == .sqlite)
        let now = Timestamp.text(clock.now())
        func read(_ page: ListPage) async throws -> WorklistSlice {
            try await database.readTogether { db in
                try await Self.slice(
                    query, page: page, withLoads: withLoads, withDirectory: withDirectory, for: who, now: now, on: db)
            }
        }
        var slice = try await read(page)
        // A page past the end shows the last page: read again for it (rare; the counts come first otherwise).
        let last = page.clamped(to: slice.counts.matching)
        if last != page { slice = try await read(last) }
        try await views.record(who.entry("worklist.view", "organisation", organisation.rawValue))
        return slice
    }

    /// One page of the work list with its counts, and the loads and directory if asked for, read together (one
    /// statement on PostgreSQL) with the people the page may have to mask. If the reader may not open some of
    /// them, the counts, and the rows if filtered on the person, are read again without them (`remask`).
    private static func slice(
        _ query: WorklistQuery, page: ListPage, withLoads: Bool, withDirectory: Bool, for who: Attribution,
        now: String, on db: any SQLDatabase
    ) async throws -> WorklistSlice {
        var reads: [ReadTogether.Read] = [
            .init(query.counts), .init(openCountQuery(of: query.organisation)), .init(query.rows(page)),
            .init(query.maskable),
        ]
        func add(_ statement: SQLQueryString) -> Int {
            reads.append(.init(statement))
            return reads.count - 1
        }
        let loadsAt = withLoads ? add(query.loads) : nil
        let partnersAt = withDirectory ? add(SQLSiteStore.partnersQuery(of: nil)) : nil
        let sitesAt = withDirectory ? add(SQLSiteStore.servedQuery(by: query.organisation)) : nil
        let staffAt = withDirectory ? add(SQLUserStore.practitionersQuery(of: query.organisation)) : nil
        var rows = try await ReadTogether.rows(reads, on: db)
        let decided = try await decide(rows[3], for: who, now: now, on: db)
        try await remask(&rows, query, page: page, decided: decided, on: db)
        var counts = WorklistCounts()
        if let row = rows[0].first {
            counts.matching = try row.decode(column: "matching", as: Int.self)
            counts.arrivedToday = try row.decode(column: "arrived", as: Int?.self) ?? 0
            counts.waitingForScreening = try row.decode(column: "waiting", as: Int?.self) ?? 0
            counts.unallocated = try row.decode(column: "unallocated", as: Int?.self) ?? 0
            counts.women = try row.decode(column: "women", as: Int?.self) ?? 0
            counts.under18 = try row.decode(column: "under18", as: Int?.self) ?? 0
        }
        counts.openAtSites = try rows[1].first?.decode(column: "n", as: Int.self) ?? 0
        var loads: [User.ID: StaffLoad] = [:]
        for row in loadsAt.map({ rows[$0] }) ?? [] {
            loads[User.ID(try row.decode(column: "allocated_to", as: String.self))] = StaffLoad(
                open: try row.decode(column: "open", as: Int.self),
                today: try row.decode(column: "today", as: Int?.self) ?? 0)
        }
        return WorklistSlice(
            items: try await Self.items(rows[2], for: who, now: now, decided: decided, on: db), offset: page.offset,
            counts: counts,
            loads: loads,
            sites: try sitesAt.map { try SQLSiteStore.sites(rows[$0], partners: rows[partnersAt!]) } ?? [],
            staff: try staffAt.map { try SQLUserStore.practitioners(rows[$0]) } ?? [])
    }
}

extension CalendarDate {
    /// The last date of birth of someone who is `years` old or older on this day: anyone born on or before it.
    /// As "YYYY-MM-DD" text, so that it compares with stored dates of birth (29 February compares correctly even
    /// in a year without one).
    fileprivate func bornOnOrBefore(yearsAgo years: Int) -> String {
        CalendarDate.iso(year: year - years, month: month, day: day)
    }
}
