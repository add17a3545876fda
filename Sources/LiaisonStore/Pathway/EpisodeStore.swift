import Foundation
import LiaisonCore
import SQLKit

/// Reads and writes episodes. Opening an episode at one of your organisation's sites is what creates the
/// relationship that lets your organisation see the person; it is audited against the person.
package protocol EpisodeStore: Sendable {
    /// Opens an episode at one of the actor's sites. If their organisation does not yet work with the person, the
    /// episode is a relationship claim and `claim` (where and why) is required (`AccessPolicy.episodeOpening`).
    func open(
        _ values: ValidEpisode, for person: Person.ID, identifiedAt: Date, claim: ClaimDraft?, by who: Attribution
    ) async throws -> Episode
    /// Every episode of a person across the service, newest first (the person's timeline).
    func list(for person: Person.ID) async throws -> [Episode]
    func find(_ id: Episode.ID) async throws -> Episode?
    /// The episode and what the access policy decides work on it by; throws `notFound`.
    func scope(of id: Episode.ID) async throws -> (Episode, EpisodeScope)
    /// The open episodes at an organisation's sites, with the person's name, date of birth and sex. The list is
    /// one audit event (`worklist.view`), not one per row.
    func open(of organisation: Organisation.ID, by who: Attribution) async throws -> [WorklistItem]
    /// One page of the work list, filtered, counted, ordered and paged in the database, with each practitioner's
    /// load when `withLoads` (whoever allocates sees it) and, when `withDirectory`, the sites the organisation
    /// serves and its practitioners (what the page's filters and allocation need), all in one snapshot; one audit
    /// event.
    func worklist(
        _ filter: WorklistFilter, page: ListPage, of organisation: Organisation.ID, today: CalendarDate,
        withLoads: Bool, withDirectory: Bool, by who: Attribution
    ) async throws -> WorklistSlice
    /// How many episodes are open at an organisation's sites (no personal data, not audited).
    func openCount(of organisation: Organisation.ID) async throws -> Int
    /// Every woman at the organisation's courts on a London day: on its imported court lists (the line says F, or is
    /// linked to a woman's record) or identified there, needs found or not, with who has seen her. The women's
    /// practitioner's list. One audit event for the list.
    func womenAtCourt(of organisation: Organisation.ID, on day: CalendarDate, by who: Attribution) async throws
        -> [WomanAtCourt]
    /// Allocates the episode to a practitioner of its organisation (nil to unallocate).
    func allocate(_ id: Episode.ID, to user: User.ID?, expected: ExpectedVersion, by who: Attribution) async throws
        -> Episode
    /// Closes the episode with a reason; it stays in the person's timeline.
    func close(_ id: Episode.ID, reason: ClosureReason, expected: ExpectedVersion, by who: Attribution) async throws
        -> Episode
}

extension EpisodeStore {
    /// One page of the work list without the sites and staff (see the requirement).
    package func worklist(
        _ filter: WorklistFilter, page: ListPage, of organisation: Organisation.ID, today: CalendarDate,
        withLoads: Bool, by who: Attribution
    ) async throws -> WorklistSlice {
        try await worklist(
            filter, page: page, of: organisation, today: today, withLoads: withLoads, withDirectory: false, by: who)
    }

    /// Opens an episode where no relationship claim is made (the organisation already works with the person).
    package func open(_ values: ValidEpisode, for person: Person.ID, identifiedAt: Date, by who: Attribution)
        async throws -> Episode
    {
        try await open(values, for: person, identifiedAt: identifiedAt, claim: nil, by: who)
    }
}

/// `EpisodeStore` over SQLKit.
package struct SQLEpisodeStore: EpisodeStore {
    let database: Database
    let audit: AuditLog
    let clock: Clock
    let ids: IDGenerator
    /// Group-commits the audit events of list views.
    let views: AuditBatcher

    package func open(
        _ values: ValidEpisode, for person: Person.ID, identifiedAt: Date, claim: ClaimDraft?, by who: Attribution
    ) async throws -> Episode {
        let id: Episode.ID = ids.next()
        let claimID: RelationshipClaim.ID = ids.next()
        let now = clock.now()
        return try await database.transaction { db in
            try await SQLRelationshipClaimStore.openEpisode(
                id, claimID: claimID, for: person, values, identifiedAt: identifiedAt, now: now, claim: claim, by: who,
                audit: audit, on: db)
        }
    }

    package func list(for person: Person.ID) async throws -> [Episode] {
        try await database.withConnection { db in try await Self.list(person: person, on: db) }
    }

    /// A person's episodes, newest first, with their derived progress.
    static func list(person: Person.ID, on db: any SQLDatabase) async throws -> [Episode] {
        try await db.raw(listQuery(person: person)).all(reading: EpisodeRow.self).map { try $0.episode() }
    }

    /// The person's episodes, newest identified first.
    static func listQuery(person: Person.ID) -> SQLQueryString {
        "SELECT \(EpisodeRow.list) FROM episodes WHERE person_id = \(bind: person.rawValue) ORDER BY identified_at DESC"
    }

    package func find(_ id: Episode.ID) async throws -> Episode? {
        try await database.withConnection { db in
            guard
                let row = try await db.select().columns(ColumnList(EpisodeRow.columns)).from("episodes").where(
                    "id", .equal, id.rawValue
                )
                .first(reading: EpisodeRow.self)
            else { return nil }
            return try row.episode()
        }
    }

    package func open(of organisation: Organisation.ID, by who: Attribution) async throws -> [WorklistItem] {
        let items = try await database.snapshot { db in
            let query = Self.worklistQuery(organisation, on: db)
                .where(SQLColumn("closed_at", table: "episodes"), .is, SQLLiteral.null)
            return try await Self.items(query, for: who, now: Timestamp.text(clock.now()), on: db)
        }
        try await views.record(who.entry("worklist.view", "organisation", organisation.rawValue))
        return items
    }

    package func openCount(of organisation: Organisation.ID) async throws -> Int {
        try await database.withConnection { db in try await Self.openCount(of: organisation, on: db) }
    }

    static func openCount(of organisation: Organisation.ID, on db: any SQLDatabase) async throws -> Int {
        try await db.raw(openCountQuery(of: organisation)).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// How many episodes are open at the organisation (`n`).
    static func openCountQuery(of organisation: Organisation.ID) -> SQLQueryString {
        "SELECT COUNT(*) AS n FROM episodes WHERE organisation_id = \(bind: organisation.rawValue) AND closed_at IS NULL"
    }

    /// Episodes of an organisation joined to the little a work list shows of the person.
    static func worklistQuery(_ organisation: Organisation.ID, on db: any SQLDatabase) -> SQLSelectBuilder {
        db.select().columns(ColumnList(EpisodeRow.columns, table: "episodes"))
            .column(SQLColumn("given_name", table: "people")).column(SQLColumn("family_name", table: "people"))
            .column(SQLColumn("date_of_birth", table: "people")).column(SQLColumn("stated_gender", table: "people"))
            .column(SQLColumn("is_restricted", table: "people")).column(SQLColumn("claim_id", table: "episodes"))
            .from("episodes").join(
                "people", on: SQLColumn("person_id", table: "episodes"), .equal, SQLColumn("id", table: "people")
            )
            .where(SQLColumn("organisation_id", table: "episodes"), .equal, SQLBind(organisation.rawValue))
    }

    /// The rows of a work list. A restricted record's name is shown only to those the policy lets open it, and so is
    /// that of a person whose episode here was opened on a claim (a claim rejected, ended or lapsed leaves the
    /// episode open but shares nothing): the rest of the organisation sees that an episode is there, not whose, as
    /// "Find a person" shows them.
    static func items(
        _ query: SQLSelectBuilder, for who: Attribution, now: String, on db: any SQLDatabase
    ) async throws -> [WorklistItem] {
        try await items(try await query.limit(5000).all(), for: who, now: now, on: db)
    }

    /// Work-list rows (an episode's columns and the person's few details) with their progress already known.
    /// `decided` is what the policy has already said of some of their people (`decide(_:for:now:on:)`).
    static func items(
        _ rows: [any SQLRow], for who: Attribution, now: String, decided: [String: Bool] = [:],
        on db: any SQLDatabase
    ) async throws -> [WorklistItem] {
        let episodes = try rows.map(EpisodeRow.init(row:))
        let checked = try zip(rows, episodes).filter { row, _ in
            try row.decode(column: "is_restricted", as: Bool.self)
                || row.decode(column: "claim_id", as: String?.self) != nil
        }
        .map(\.1.personId)
        let asked = checked.filter { decided[$0] == nil }
        let openable = asked.isEmpty ? [] : try await SQLPersonStore.openable(asked, by: who, now: now, on: db)
        return try zip(rows, episodes).map { row, episode in
            let given = try row.decode(column: "given_name", as: String.self)
            let family = try row.decode(column: "family_name", as: String.self)
            let masked =
                checked.contains(episode.personId)
                && !(decided[episode.personId] ?? openable.contains(Person.ID(episode.personId)))
            return WorklistItem(
                episode: try episode.episode(),
                personName: masked ? WorklistItem.restrictedName : "\(family.uppercased()), \(given)", isMasked: masked,
                dateOfBirth: try StoredCode.date(
                    try row.decode(column: "date_of_birth", as: String.self), "date_of_birth"),
                statedGender: try StoredCode.read(
                    try row.decode(column: "stated_gender", as: String.self), "stated_gender", as: StatedGender.self))
        }
    }

    package func allocate(_ id: Episode.ID, to user: User.ID?, expected: ExpectedVersion, by who: Attribution)
        async throws -> Episode
    {
        let now = Timestamp.text(clock.now())
        return try await database.transaction { db in
            let episode = try await Self.find(id, on: db)
            try AccessPolicy.require(
                who.actor, .allocateEpisode(try await Self.scope(of: episode, now: now, on: db), to: user))
            if let user {
                guard let allocated = try await SQLUserStore.find(user, on: db), allocated.isActive,
                    allocated.organisationID == episode.organisationID
                else {
                    throw ValidationFailure(
                        field: "userID", message: "Select a practitioner of this episode's organisation")
                }
            }
            _ = try await Records.update(
                db, table: "episodes", id: id.rawValue, expected: expected.value, now: clock.now(),
                set: ["allocated_to": user?.rawValue])
            try await audit.append(
                who.entry(
                    user == nil ? "episode.unallocate" : "episode.allocate", "episode", id.rawValue,
                    personID: episode.personID.rawValue), on: db)
            return try await Self.find(id, on: db)
        }
    }

    package func close(_ id: Episode.ID, reason: ClosureReason, expected: ExpectedVersion, by who: Attribution)
        async throws -> Episode
    {
        let now = clock.now()
        return try await database.transaction { db in
            let episode = try await Self.find(id, on: db)
            try AccessPolicy.require(
                who.actor, .recordOnEpisode(try await Self.scope(of: episode, now: Timestamp.text(now), on: db)))
            try Records.requireCurrent(expected, episode.version)
            guard episode.closedAt == nil else { throw DomainError.ruleBroken("This episode is already closed") }
            _ = try await Records.update(
                db, table: "episodes", id: id.rawValue, expected: expected.value, now: now,
                set: ["closed_at": Timestamp.text(now), "closure_reason": reason.rawValue])
            try await audit.append(
                who.entry("episode.close", "episode", id.rawValue, personID: episode.personID.rawValue), on: db)
            return try await Self.find(id, on: db)
        }
    }

    static func find(_ id: Episode.ID, on db: any SQLDatabase) async throws -> Episode {
        guard
            let row = try await db.select().columns(ColumnList(EpisodeRow.columns)).from("episodes").where(
                "id", .equal, id.rawValue
            )
            .first(reading: EpisodeRow.self)
        else { throw DomainError.notFound(what: "episode") }
        return try row.episode()
    }

    /// Inserts an episode inside the caller's transaction, at a site the actor's organisation works at (its own or
    /// one it is a partner at); the episode is the actor's organisation's work.
    static func insert(
        _ id: Episode.ID, for person: Person.ID, _ values: ValidEpisode, identifiedAt: Date, now: String,
        by who: Attribution, audit: AuditLog, on db: any SQLDatabase
    ) async throws -> Episode {
        guard let site = try await SQLSiteStore.find(values.siteID, on: db), site.isActive,
            site.isServed(by: who.actor.organisationID)
        else { throw ValidationFailure(field: "siteID", message: "Select one of your organisation's sites") }
        let row = EpisodeRow(
            id: id.rawValue, personId: person.rawValue, siteId: site.id.rawValue,
            organisationId: who.actor.organisationID.rawValue, pathwayPoint: values.pathwayPoint.rawValue,
            referralSource: values.referralSource.rawValue, identifiedAt: Timestamp.text(identifiedAt),
            urgency: values.urgency.rawValue, allocatedTo: nil, closedAt: nil, closureReason: nil,
            openedBy: who.actor.userID.rawValue, createdAt: now,
            updatedAt: now, version: 1)
        try await db.insert(into: "episodes").model(row, keyEncodingStrategy: .convertToSnakeCase).run()
        try await audit.append(who.entry("episode.open", "episode", id.rawValue, personID: person.rawValue), on: db)
        return try row.episode()
    }
}

/// An `episodes` row.
struct EpisodeRow: Codable {
    let id: String
    let personId: String
    let siteId: String
    let organisationId: String
    let pathwayPoint: String
    let referralSource: String
    let identifiedAt: String
    let urgency: String
    let allocatedTo: String?
    let closedAt: String?
    let closureReason: String?
    let openedBy: String?
    let createdAt: String
    let updatedAt: String
    let version: Int
    /// The episode's progress, kept by `EpisodeProgress.refresh` in every write that changes it.
    var isScreened = false
    var isAssessed = false
    var isReferred = false

    /// Column names spelt out: decoding with a snake-case key strategy converted every key on every row, which
    /// was a quarter of the work list's cost.
    /// The columns a row is read with (named, never `*`).
    static let columns = CodingKeys.allCases.map(\.rawValue)
    /// `columns`, quoted once, for statements written as SQL.
    static let list = ColumnList(columns)

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case personId = "person_id"
        case siteId = "site_id"
        case organisationId = "organisation_id"
        case pathwayPoint = "pathway_point"
        case referralSource = "referral_source"
        case identifiedAt = "identified_at"
        case urgency
        case allocatedTo = "allocated_to"
        case closedAt = "closed_at"
        case closureReason = "closure_reason"
        case openedBy = "opened_by"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case version
        case isScreened = "is_screened"
        case isAssessed = "is_assessed"
        case isReferred = "is_referred"
    }
    func episode() throws -> Episode {
        Episode(
            id: .init(id), personID: .init(personId), siteID: .init(siteId), organisationID: .init(organisationId),
            pathwayPoint: try StoredCode.read(pathwayPoint, "pathway_point", as: PathwayPoint.self),
            referralSource: try StoredCode.read(referralSource, "referral_source", as: ReferralSource.self),
            identifiedAt: try Timestamp.date(identifiedAt),
            urgency: try StoredCode.read(urgency, "urgency", as: Urgency.self),
            allocatedTo: allocatedTo.map(User.ID.init), closedAt: try closedAt.map(Timestamp.date),
            closureReason: closureReason.flatMap(ClosureReason.init(rawValue:)),
            isScreened: isScreened, isAssessed: isAssessed, isReferred: isReferred, version: version)
    }
}

extension EpisodeRow: ReadableRow {
    init(row: any SQLRow) throws {
        id = try row.value("id")
        personId = try row.value("person_id")
        siteId = try row.value("site_id")
        organisationId = try row.value("organisation_id")
        pathwayPoint = try row.value("pathway_point")
        referralSource = try row.value("referral_source")
        identifiedAt = try row.value("identified_at")
        urgency = try row.value("urgency")
        allocatedTo = try row.value("allocated_to")
        closedAt = try row.value("closed_at")
        closureReason = try row.value("closure_reason")
        openedBy = try row.value("opened_by")
        createdAt = try row.value("created_at")
        updatedAt = try row.value("updated_at")
        version = try row.value("version")
        isScreened = try row.value("is_screened")
        isAssessed = try row.value("is_assessed")
        isReferred = try row.value("is_referred")
    }
}
