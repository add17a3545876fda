import Crypto
import Foundation
import LiaisonCore
import SQLKit

/// The day's court and custody lists: importing a checked list (each line matched to people, re-imports merged
/// by line key), the triage list per day, and the decisions on a line (confirm or reject a possible match, open
/// an episode). Lines belong to the importing organisation; every match read and decision is audited.
package protocol TriageStore: Sendable {
    /// Saves a list read by `ListFile`: new lines are added and matched, lines already imported keep their
    /// decisions (unlinked ones are matched again). All in one transaction. `progress` hears how many lines have
    /// been matched, out of how many.
    func importList(
        _ lines: [ListLine], kind: ListKind, day: CalendarDate, fileName: String, contentHash: String,
        by who: Attribution, progress: @Sendable (Int, Int) -> Void
    ) async throws -> ListImport
    /// The organisation's lines of one kind on a London day, by due time, with what is known of each person.
    /// Audited once on the organisation and once on each linked person's trail (`triage.view`).
    func entries(kind: ListKind, on day: CalendarDate, by who: Attribution) async throws -> [TriageEntry]
    /// One of the organisation's lines, with its pending possible matches.
    func line(_ id: TriageLine.ID, by who: Attribution) async throws -> TriageLine
    /// The line with each pending match's record and the matcher's explanation, for a person to decide. Each
    /// record read is audited (`list_line.compare`).
    func compare(_ id: TriageLine.ID, by who: Attribution) async throws -> (TriageLine, [PersonCandidate])
    /// Links the line to one of its possible matches.
    func confirm(_ id: TriageLine.ID, person: Person.ID, expected: ExpectedVersion, by who: Attribution)
        async throws -> TriageLine
    /// Records that a possible match is not the person on the list; it is not offered again.
    func reject(_ id: TriageLine.ID, person: Person.ID, expected: ExpectedVersion, by who: Attribution)
        async throws -> TriageLine
    /// Opens an episode for the line's person at the line's court or suite, and notes it on the line.
    /// Opens an episode from a linked line; a person the organisation does not work with yet needs `claim`.
    func openEpisode(from id: TriageLine.ID, expected: ExpectedVersion, claim: ClaimDraft?, by who: Attribution)
        async throws -> Episode
}

extension TriageStore {
    /// Imports a list without reporting progress (a page waits for the whole import).
    package func importList(
        _ lines: [ListLine], kind: ListKind, day: CalendarDate, fileName: String, contentHash: String,
        by who: Attribution
    ) async throws -> ListImport {
        try await importList(
            lines, kind: kind, day: day, fileName: fileName, contentHash: contentHash, by: who, progress: { _, _ in })
    }
}

/// `TriageStore` over SQLKit.
package struct SQLTriageStore: TriageStore {
    let database: Database
    let audit: AuditLog
    let clock: Clock
    let ids: IDGenerator
    let models: MatchModelCache
    let views: AuditBatcher

    package func importList(
        _ lines: [ListLine], kind: ListKind, day: CalendarDate, fileName: String, contentHash: String,
        by who: Attribution, progress: @Sendable (Int, Int) -> Void
    ) async throws -> ListImport {
        let organisation = who.actor.organisationID
        let keys = lines.map(\.key)
        // Matching reads the register; it runs before the write transaction so that the writer is held briefly.
        let known = try await database.withConnection { db in try await Self.existing(keys, of: organisation, on: db) }
        let toMatch = lines.filter { known[$0.key]?.personId == nil }
        let outcomes: [String: ListMatching.Outcome] = try await database.withConnection { db in
            let parameters = try await models.parameters(on: db)
            var outcomes: [String: ListMatching.Outcome] = [:]
            for (index, line) in toMatch.enumerated() {
                progress(index, toMatch.count)
                let asked = MatchRecord(line.query)
                let found = try await SQLPersonStore.candidates(asked, parameters: parameters, on: db)
                outcomes[line.key] = ListMatching.outcome(
                    found.map { .init(personID: $0.person.id, explanation: $0.explanation) },
                    thresholds: parameters.thresholds)
            }
            progress(toMatch.count, toMatch.count)
            return outcomes
        }
        let importID = (ids.next() as TypedID<ListImport>).rawValue
        let now = Timestamp.text(clock.now())
        return try await database.transaction { db in
            let existing = try await Self.existing(keys, of: organisation, on: db)
            // What each unlinked line offered before: a line whose offer changes moves on a version, so that a
            // decision taken on the old offer is a conflict.
            let offeredBefore = try await TriageContext.pending(
                existing.values.filter { $0.personId == nil }.map(\.id), on: db)
            var entries = [who.entry("list.import", "list_import", importID)]
            var added: [ListLineRow] = []
            var candidates: [(line: String, person: String, probability: Double)] = []
            var linked = 0
            var possible = 0
            var linkedNow: [(ListLine, Person.ID, String)] = []
            for line in lines {
                let row = existing[line.key]
                if row?.personId != nil { continue }
                let lineID = row?.id ?? (ids.next() as TriageLine.ID).rawValue
                var link: (Person.ID, TriageLine.Linked, User.ID)?
                var offeredNow: Set<String> = []
                switch outcomes[line.key] ?? ListMatching.Outcome.none {
                case .linked(let person, _):
                    link = (person, .identifier, who.actor.userID)
                    linked += 1
                    linkedNow.append((line, person, lineID))
                    entries.append(who.entry("list_line.link", "list_line", lineID, personID: person.rawValue))
                case .possible(let found):
                    let rejected = row == nil ? [] : try await Self.rejected(lineID, on: db)
                    let offered = found.filter { !rejected.contains($0.personID.rawValue) }
                    if !offered.isEmpty { possible += 1 }
                    for candidate in offered {
                        offeredNow.insert(candidate.personID.rawValue)
                        candidates.append((lineID, candidate.personID.rawValue, candidate.explanation.probability))
                        entries.append(
                            who.entry("list_line.match", "list_line", lineID, personID: candidate.personID.rawValue))
                    }
                case .none: break
                }
                if row == nil {
                    added.append(
                        ListLineRow(
                            id: lineID, organisation: organisation, importID: importID, line: line, now: now,
                            link: link))
                } else {
                    try await db.delete(from: "list_line_candidates").where("line_id", .equal, lineID)
                        .where("state", .equal, "pending").run()
                    if let link {
                        try await db.update("list_lines").set("person_id", to: link.0.rawValue)
                            .set("linked_how", to: link.1.rawValue).set("linked_by", to: link.2.rawValue)
                            .set("linked_at", to: now).set("updated_at", to: now)
                            .set("version", to: SQLRaw("version + 1")).where("id", .equal, lineID).run()
                    } else if offeredNow != Set((offeredBefore[lineID] ?? []).map(\.personID.rawValue)) {
                        try await db.update("list_lines").set("updated_at", to: now)
                            .set("version", to: SQLRaw("version + 1")).where("id", .equal, lineID).run()
                    }
                }
            }
            try await db.insert(into: "list_imports")
                .columns(
                    "id", "organisation_id", "kind", "list_day", "file_name", "content_hash", "line_count", "added",
                    "imported_by", "imported_at"
                )
                .values(
                    SQLBind(importID), SQLBind(organisation.rawValue), SQLBind(kind.rawValue),
                    SQLBind(day.description), SQLBind(String(fileName.prefix(200))), SQLBind(contentHash),
                    SQLBind(lines.count), SQLBind(added.count), SQLBind(who.actor.userID.rawValue), SQLBind(now)
                ).run()
            for chunk in Records.chunks(added, columns: 26) {
                try await db.insert(into: "list_lines").models(chunk, nilEncodingStrategy: .asNil).run()
            }
            for chunk in Records.chunks(candidates, columns: 4) {
                let insert = db.insert(into: "list_line_candidates").columns(
                    "line_id", "person_id", "probability", "state")
                for candidate in chunk {
                    _ = insert.values(
                        SQLBind(candidate.line), SQLBind(candidate.person), SQLBind(candidate.probability),
                        SQLBind("pending"))
                }
                try await insert.run()
            }
            try await audit.append(all: entries, on: db)
            for (line, person, lineID) in linkedNow {
                try await attachHearing(line, lineID: lineID, person: person, now: clock.now(), by: who, on: db)
            }
            return ListImport(
                kind: kind, day: day, lines: lines.count, added: added.count, alreadyImported: added.isEmpty,
                linked: linked, possible: possible)
        }
    }

    package func entries(kind: ListKind, on day: CalendarDate, by who: Attribution) async throws -> [TriageEntry] {
        let organisation = who.actor.organisationID
        let entries = try await database.withConnection { db in
            let rows = try await db.select().columns(ColumnList(ListLineRow.columns)).from("list_lines")
                .where("organisation_id", .equal, organisation.rawValue).where("list_day", .equal, day.description)
                .where("kind", .equal, kind.rawValue).orderBy("due_at").orderBy("family_name").limit(5000)
                .all(decoding: ListLineRow.self)
            return try await TriageContext.entries(rows, of: organisation, on: db)
        }
        // The list's view, and one event on each linked person's trail (the list shows that their record is on it,
        // and, to those who may open it, their details and needs), as search audits each candidate shown.
        let linked = Set(entries.compactMap(\.line.personID?.rawValue)).sorted()
        try await views.record(
            all: [who.entry("triage.view", "organisation", organisation.rawValue)]
                + linked.map { who.entry("triage.view", "person", $0, personID: $0) })
        return entries
    }

    package func line(_ id: TriageLine.ID, by who: Attribution) async throws -> TriageLine {
        try await database.withConnection { db in try await Self.find(id, of: who.actor.organisationID, on: db) }
    }

    package func compare(_ id: TriageLine.ID, by who: Attribution) async throws -> (TriageLine, [PersonCandidate]) {
        try await database.transaction { db in
            let line = try await Self.find(id, of: who.actor.organisationID, on: db)
            let asked = MatchRecord(line.listed.query)
            let matcher = try await MatchFrequencies.matcher(for: asked, try await models.parameters(on: db), on: db)
            var shown: [PersonCandidate] = []
            for candidate in line.candidates {
                guard let person = try await SQLPersonStore.find(candidate.personID, on: db) else { continue }
                shown.append(PersonCandidate(person: person, explanation: matcher.explain(asked, MatchRecord(person))))
            }
            try await audit.append(
                all: shown.map {
                    who.entry("list_line.compare", "list_line", id.rawValue, personID: $0.person.id.rawValue)
                }, on: db)
            return (line, shown)
        }
    }

    package func confirm(_ id: TriageLine.ID, person: Person.ID, expected: ExpectedVersion, by who: Attribution)
        async throws -> TriageLine
    {
        let now = clock.now()
        return try await database.transaction { db in
            let line = try await Self.decidable(
                id, person: person, expected: expected, of: who.actor.organisationID, on: db)
            // A match merged into another record since the list was matched: linking it would hang the hearing on
            // a record no one sees. Said without saying why (the reader may not open the record).
            guard try await SQLPersonStore.find(person, on: db)?.mergedInto == nil else {
                throw ValidationFailure(
                    field: "personID",
                    message: "This record can no longer be chosen: choose another match, or find the person")
            }
            _ = try await Records.update(
                db, table: "list_lines", id: id.rawValue, expected: expected.value, now: now,
                set: [
                    "person_id": person.rawValue, "linked_how": TriageLine.Linked.confirmed.rawValue,
                    "linked_by": who.actor.userID.rawValue, "linked_at": Timestamp.text(now),
                ])
            try await Self.decide(line.id, person: person, "confirmed", now: now, by: who, on: db)
            try await audit.append(
                who.entry("list_line.confirm", "list_line", id.rawValue, personID: person.rawValue), on: db)
            try await attachHearing(line.listed, lineID: id.rawValue, person: person, now: now, by: who, on: db)
            return try await Self.find(id, of: who.actor.organisationID, on: db)
        }
    }

    package func reject(_ id: TriageLine.ID, person: Person.ID, expected: ExpectedVersion, by who: Attribution)
        async throws -> TriageLine
    {
        let now = clock.now()
        return try await database.transaction { db in
            let line = try await Self.decidable(
                id, person: person, expected: expected, of: who.actor.organisationID, on: db)
            _ = try await Records.update(
                db, table: "list_lines", id: id.rawValue, expected: expected.value, now: now, changes: [])
            try await Self.decide(line.id, person: person, "rejected", now: now, by: who, on: db)
            try await audit.append(
                who.entry("list_line.reject", "list_line", id.rawValue, personID: person.rawValue), on: db)
            return try await Self.find(id, of: who.actor.organisationID, on: db)
        }
    }

    package func openEpisode(
        from id: TriageLine.ID, expected: ExpectedVersion, claim: ClaimDraft?, by who: Attribution
    ) async throws -> Episode {
        let now = clock.now()
        let episodeID: Episode.ID = ids.next()
        let claimID: RelationshipClaim.ID = ids.next()
        let hearingID: Hearing.ID = ids.next()
        return try await database.transaction { db in
            let line = try await Self.find(id, of: who.actor.organisationID, on: db)
            try Records.requireCurrent(expected, line.version)
            guard let person = line.personID else {
                throw DomainError.ruleBroken("Link this line to a person before opening an episode")
            }
            // Two lines of the same person (custody and court) opened at once: one episode, the other refused.
            try await RowLocks.people([person], on: db)
            if let open = try await TriageContext.openEpisodes(
                of: [person.rawValue], in: who.actor.organisationID, on: db)[
                    person.rawValue]
            {
                throw DomainError.ruleBroken(
                    "This person already has an open episode (\(open.rawValue)) with your organisation")
            }
            guard let site = try await SQLSiteStore.find(line.listed.siteID, on: db) else {
                throw DomainError.notFound(what: "site")
            }
            let values = try EpisodeDraft(
                siteID: site.id.rawValue, pathwayPoint: PathwayPoint.usual(for: site.kind).rawValue,
                referralSource: line.listed.kind.referralSource.rawValue,
                urgency: (line.listed.kind == .custody ? Urgency.urgent : .routine).rawValue
            ).validated()
            let episode = try await SQLRelationshipClaimStore.openEpisode(
                episodeID, claimID: claimID, for: person, values, identifiedAt: now, now: now, claim: claim, by: who,
                audit: audit, on: db)
            if line.listed.kind == .court {
                // The hearing on the list is the episode's first hearing.
                try await SQLHearingStore.insert(
                    hearingID, Self.hearing(line.listed), episode: episode, now: Timestamp.text(now), by: who,
                    audit: audit, on: db)
            }
            _ = try await Records.update(
                db, table: "list_lines", id: id.rawValue, expected: expected.value, now: now,
                set: ["episode_id": episodeID.rawValue])
            try await audit.append(
                who.entry("list_line.episode", "list_line", id.rawValue, personID: person.rawValue), on: db)
            return episode
        }
    }

    /// A court-list line linked to someone with an open episode here: its hearing joins that episode, and the line
    /// points to it (custody lines have no hearing). Only if `who` may record on the episode: one that rests on a
    /// claim since ended, or a restricted record they are not named on, is left as it is (the line stays linked).
    private func attachHearing(
        _ listed: ListLine, lineID: String, person: Person.ID, now: Date, by who: Attribution, on db: any SQLDatabase
    ) async throws {
        guard listed.kind == .court,
            let open = try await TriageContext.openEpisodes(
                of: [person.rawValue], in: who.actor.organisationID, on: db)[person.rawValue]
        else { return }
        let episode = try await SQLEpisodeStore.find(open, on: db)
        let scope = try await SQLEpisodeStore.scope(of: episode, now: Timestamp.text(now), on: db)
        guard AccessPolicy.decide(who.actor, .recordOnEpisode(scope)) == .allowed else { return }
        try await SQLHearingStore.insert(
            ids.next(), Self.hearing(listed), episode: episode, now: Timestamp.text(now), by: who, audit: audit, on: db)
        try await db.update("list_lines").set("episode_id", to: open.rawValue).where("id", .equal, lineID).run()
    }

    /// The hearing a court-list line describes.
    static func hearing(_ listed: ListLine) -> ValidHearing {
        ValidHearing(
            courtID: listed.siteID, date: listed.day, session: listed.session, courtroom: listed.courtroom,
            caseReference: listed.reference ?? "Not on the list")
    }

    /// The organisation's lines with these keys.
    static func existing(_ keys: [String], of organisation: Organisation.ID, on db: any SQLDatabase) async throws
        -> [String: ListLineRow]
    {
        var rows: [String: ListLineRow] = [:]
        for chunk in Records.chunks(keys, columns: 1) {
            for row in try await db.select().columns(ColumnList(ListLineRow.columns)).from("list_lines")
                .where("organisation_id", .equal, organisation.rawValue).where("line_key", .in, chunk)
                .all(decoding: ListLineRow.self)
            {
                rows[row.lineKey] = row
            }
        }
        return rows
    }

    static func rejected(_ line: String, on db: any SQLDatabase) async throws -> Set<String> {
        Set(
            try await db.select().column("person_id").from("list_line_candidates").where("line_id", .equal, line)
                .where("state", .equal, "rejected").all().map { try $0.decode(column: "person_id", as: String.self) })
    }

    /// The line, if it is the organisation's (another organisation's line is "not found": its existence says
    /// who is in their custody).
    static func find(_ id: TriageLine.ID, of organisation: Organisation.ID, on db: any SQLDatabase) async throws
        -> TriageLine
    {
        guard
            let row = try await db.select().columns(ColumnList(ListLineRow.columns)).from("list_lines").where(
                "id", .equal, id.rawValue
            )
            .where("organisation_id", .equal, organisation.rawValue).first(decoding: ListLineRow.self)
        else { throw DomainError.notFound(what: "list line") }
        return try row.line(candidates: try await TriageContext.pending([row.id], on: db)[row.id] ?? [])
    }

    /// The line, if it is at the version the decision was made on (a decision on an older line is a conflict,
    /// whatever changed), still unlinked, and `person` is one of its pending matches.
    private static func decidable(
        _ id: TriageLine.ID, person: Person.ID, expected: ExpectedVersion, of organisation: Organisation.ID,
        on db: any SQLDatabase
    ) async throws -> TriageLine {
        let line = try await find(id, of: organisation, on: db)
        try Records.requireCurrent(expected, line.version)
        guard line.personID == nil else { throw DomainError.ruleBroken("This line is already linked to a person") }
        guard line.candidates.contains(where: { $0.personID == person }) else {
            throw ValidationFailure(field: "personID", message: "Choose one of the possible matches for this line")
        }
        return line
    }

    private static func decide(
        _ line: TriageLine.ID, person: Person.ID, _ state: String, now: Date, by who: Attribution,
        on db: any SQLDatabase
    ) async throws {
        try await db.update("list_line_candidates").set("state", to: state)
            .set("decided_by", to: who.actor.userID.rawValue).set("decided_at", to: Timestamp.text(now))
            .where("line_id", .equal, line.rawValue).where("person_id", .equal, person.rawValue).run()
    }
}

/// The fingerprint of an imported list file, kept with each import so that an operator can tell which file
/// it was.
package enum ListFingerprint {
    package static func of(_ text: String) -> String { Hex.lowercase(SHA256.hash(data: Data(text.utf8))) }
}
