import Foundation
import LiaisonCore
import SQLKit

/// Reads the women's practitioner's day in a few batched queries: the women on the day's court lists, the women
/// identified at court, who first saw each (a screening or assessment that day) and the women-specific needs the
/// organisation's assessments found.
extension SQLEpisodeStore {
    package func womenAtCourt(of organisation: Organisation.ID, on day: CalendarDate, by who: Attribution)
        async throws -> [WomanAtCourt]
    {
        let now = Timestamp.text(clock.now())
        let from = Timestamp.text(day.londonStart)
        let until = Timestamp.text(day.next.londonStart)
        let rows = try await database.snapshot { db in
            let identified = try await Self.items(
                Self.worklistQuery(organisation, on: db)
                    .where(SQLColumn("stated_gender", table: "people"), .equal, SQLBind(StatedGender.female.rawValue))
                    .where(
                        SQLColumn("pathway_point", table: "episodes"), .in,
                        SQLGroupExpression(PathwayPoint.courts.map { SQLBind($0.rawValue) })
                    )
                    .where(SQLColumn("identified_at", table: "episodes"), .greaterThanOrEqual, SQLBind(from))
                    .where(SQLColumn("identified_at", table: "episodes"), .lessThan, SQLBind(until))
                    .orderBy(SQLColumn("identified_at", table: "episodes")),
                for: who, now: now, on: db)
            let listed = try await Self.listedWomen(organisation, on: day, for: who, now: now, on: db)
            let people = Array(
                Set(
                    identified.filter { !$0.isMasked }.map(\.episode.personID).map(\.rawValue)
                        + listed.filter { !$0.isMasked }.compactMap(\.personID?.rawValue)))
            let seen = try await Self.firstSeen(people, by: organisation, from: from, until: until, on: db)
            let needs = try await Self.womenSpecificNeeds(people, found: organisation, on: db)
            return WomanAtCourt.day(listed: listed, identified: identified, seen: seen, needs: needs)
        }
        try await views.record(who.entry("worklist.women_at_court", "organisation", organisation.rawValue))
        return rows
    }

    /// The day's court-list lines that say F, or are linked to a record that does. A linked record the reader may not
    /// open is hidden as the triage list hides it: the line shows what the court's list says, never the record (nor
    /// its sex: such a line is listed only if the list itself says F).
    static func listedWomen(
        _ organisation: Organisation.ID, on day: CalendarDate, for who: Attribution, now: String, on db: any SQLDatabase
    ) async throws -> [WomanAtCourt.ListedWoman] {
        let female = SQLBind(StatedGender.female.rawValue)
        let rows = try await db.select()
            .column(SQLColumn("id", table: "l"), as: "line_id").column(SQLColumn("site_id", table: "l"))
            .column(SQLColumn("due_at", table: "l")).column(SQLColumn("courtroom", table: "l"))
            .column(SQLColumn("stated_gender", table: "l"), as: "listed_gender")
            .column(SQLColumn("given_name", table: "l"), as: "listed_given")
            .column(SQLColumn("family_name", table: "l"), as: "listed_family")
            .column(SQLColumn("date_of_birth", table: "l"), as: "listed_born")
            .column(SQLColumn("person_id", table: "l")).column(SQLColumn("given_name", table: "p"))
            .column(SQLColumn("family_name", table: "p")).column(SQLColumn("date_of_birth", table: "p"))
            .from(SQLAlias(SQLIdentifier("list_lines"), as: SQLIdentifier("l")))
            .join(
                SQLAlias(SQLIdentifier("people"), as: SQLIdentifier("p")), method: SQLJoinMethod.left,
                on: SQLColumn("person_id", table: "l"), .equal, SQLColumn("id", table: "p")
            )
            .where(SQLColumn("organisation_id", table: "l"), .equal, SQLBind(organisation.rawValue))
            .where(SQLColumn("kind", table: "l"), .equal, SQLBind(ListKind.court.rawValue))
            .where(SQLColumn("list_day", table: "l"), .equal, SQLBind(day.description))
            .where {
                $0.where(SQLColumn("stated_gender", table: "l"), .equal, female)
                    .orWhere(SQLColumn("stated_gender", table: "p"), .equal, female)
            }
            .orderBy(SQLColumn("due_at", table: "l")).limit(5000).all()
        let linked = try Set(rows.compactMap { try $0.decode(column: "person_id", as: String?.self) })
        let openable = try await SQLPersonStore.openable(Array(linked), by: who, now: now, on: db)
        return try rows.compactMap { row in
            let person = try row.decode(column: "person_id", as: String?.self).map(Person.ID.init)
            let masked = person.map { !openable.contains($0) } ?? false
            if masked, try row.decode(column: "listed_gender", as: String?.self) != StatedGender.female.rawValue {
                return nil
            }
            let fromRecord = person != nil && !masked
            let given = try row.decode(column: fromRecord ? "given_name" : "listed_given", as: String.self)
            let family = try row.decode(column: fromRecord ? "family_name" : "listed_family", as: String.self)
            let born = try row.decode(column: fromRecord ? "date_of_birth" : "listed_born", as: String?.self)
            return WomanAtCourt.ListedWoman(
                lineID: .init(try row.decode(column: "line_id", as: String.self)),
                name: "\(family.uppercased()), \(given)", isMasked: masked, personID: person,
                dateOfBirth: try born.map { try StoredCode.date($0, "date_of_birth") },
                siteID: .init(try row.decode(column: "site_id", as: String.self)),
                hearingAt: try Timestamp.date(try row.decode(column: "due_at", as: String.self)),
                courtroom: try row.decode(column: "courtroom", as: String?.self))
        }
    }

    /// Each person's first screening or assessment by the organisation within the day: who saw her, and when.
    static func firstSeen(
        _ people: [String], by organisation: Organisation.ID, from: String, until: String, on db: any SQLDatabase
    ) async throws -> [Person.ID: WomanAtCourt.Seen] {
        var seen: [Person.ID: WomanAtCourt.Seen] = [:]
        for chunk in Records.chunks(people, columns: 1) {
            for (table, user, time, record) in [
                ("screening_responses", "recorded_by", "recorded_at", "screening"),
                ("assessments", "created_by", "created_at", "assessment"),
            ] {
                let rows = try await db.select()
                    .column(SQLColumn("person_id", table: "r")).column(SQLColumn(user, table: "r"), as: "seen_by")
                    .column(SQLColumn(time, table: "r"), as: "seen_at")
                    .from(SQLAlias(SQLIdentifier(table), as: SQLIdentifier("r")))
                    .join(
                        "episodes", on: SQLColumn("episode_id", table: "r"), .equal, SQLColumn("id", table: "episodes")
                    )
                    .where(SQLColumn("person_id", table: "r"), .in, SQLBind.group(chunk))
                    .where(SQLColumn("organisation_id", table: "episodes"), .equal, SQLBind(organisation.rawValue))
                    .where(SQLColumn(time, table: "r"), .greaterThanOrEqual, SQLBind(from))
                    .where(SQLColumn(time, table: "r"), .lessThan, SQLBind(until)).all()
                for row in rows {
                    let person = Person.ID(try row.decode(column: "person_id", as: String.self))
                    let at = try Timestamp.date(try row.decode(column: "seen_at", as: String.self))
                    if let earlier = seen[person], earlier.at <= at { continue }
                    seen[person] = .init(
                        by: .init(try row.decode(column: "seen_by", as: String.self)), at: at, record: record)
                }
            }
        }
        return seen
    }

    /// The women-specific needs any of the organisation's assessments of each person found.
    static func womenSpecificNeeds(_ people: [String], found organisation: Organisation.ID, on db: any SQLDatabase)
        async throws -> [Person.ID: [Need]]
    {
        let items = Dictionary(
            uniqueKeysWithValues: WomanAtCourt.womenSpecificNeeds.map { (NeedsSection.item($0), $0) })
        var found: [Person.ID: Set<Need>] = [:]
        for chunk in Records.chunks(people, columns: 1) {
            let rows = try await db.select()
                .column(SQLColumn("person_id", table: "assessments")).column(
                    SQLColumn("item", table: "assessment_answers")
                )
                .from("assessment_answers")
                .join(
                    "assessments", on: SQLColumn("assessment_id", table: "assessment_answers"), .equal,
                    SQLColumn("id", table: "assessments")
                )
                .join(
                    "episodes", on: SQLColumn("episode_id", table: "assessments"), .equal,
                    SQLColumn("id", table: "episodes")
                )
                .where(SQLColumn("person_id", table: "assessments"), .in, SQLBind.group(chunk))
                .where(SQLColumn("organisation_id", table: "episodes"), .equal, SQLBind(organisation.rawValue))
                .where(
                    SQLColumn("section", table: "assessment_answers"), .equal, SQLBind(AssessmentSection.needs.rawValue)
                )
                .where(SQLColumn("item", table: "assessment_answers"), .in, SQLBind.group(Array(items.keys)))
                .where(SQLColumn("value", table: "assessment_answers"), .equal, SQLBind("yes")).all()
            for row in rows {
                guard let need = items[try row.decode(column: "item", as: String.self)] else { continue }
                found[Person.ID(try row.decode(column: "person_id", as: String.self)), default: []].insert(need)
            }
        }
        return found.mapValues { needs in WomanAtCourt.womenSpecificNeeds.filter(needs.contains) }
    }
}
