import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

/// The work list filtered, ordered, counted and paged in the database gives exactly what filtering and ordering
/// the whole loaded list gives, page by page, for every filter (issue 21: the page reads only the rows it shows).
@Suite("Work list paged in the database")
struct WorklistPagingStoreTests {
    @Test(
        "Every filter's pages, counts and loads agree with the whole list filtered and ordered in memory",
        arguments: TestDatabase.available)
    func agreesWithMemory(_ database: TestDatabase) async throws {
        let clock = TestClock()
        try await database.withStores(clock: clock.clock) { stores in
            let world = try await PersonStoreTests.world(stores)
            let other = try await Fixture.user(stores, email: "second@elft.test", organisation: world.organisation)
            let borough = try await stores.boroughs.list().first!
            let court = try await Fixture.site(
                stores, name: "ELFT court", organisation: world.organisation, borough: borough,
                kind: "magistrates_court")
            let service = try await ReferralStoreTests.service(stores, world)
            let today = CalendarDate(clock.now)
            var random = SeededRandom(seed: 21)
            let urgencies = ["immediate", "urgent", "routine"]
            for index in 0..<46 {
                let age = [15, 17, 18, 22, 24, 25, 40][index % 7]
                let dob = CalendarDate(
                    year: today.year - age - (index % 3 == 0 ? 1 : 0), month: 1 + index % 12, day: 1 + index % 28)!
                let details = PersonDetails(
                    givenName: "Given\(index)", familyName: "Family\(index)", aliases: [], dateOfBirth: dob,
                    statedGender: index % 3 == 0 ? .female : .male, ethnicity: .whiteBritish, nhsNumber: nil,
                    custodyNumbers: [])
                let episode = try EpisodeDraft(
                    siteID: (index % 4 == 0 ? court.id : world.site.id).rawValue,
                    pathwayPoint: index % 4 == 0 ? "magistrates_court" : "police_custody",
                    referralSource: "police_custody_staff", urgency: urgencies[Int.random(in: 0..<3, using: &random)]
                ).validated()
                // Unique times, some today (the clock's day started hours ago), most on earlier days.
                let minutesAgo = index % 5 == 0 ? 7 * index + 1 : 60 * 24 * (1 + index) + index
                let (_, opened) = try await stores.people.create(
                    details, firstEpisode: episode,
                    identifiedAt: clock.now.addingTimeInterval(-60 * Double(minutesAgo)), by: world.who)
                switch index % 6 {
                case 1:
                    _ = try await stores.screenings.record(
                        Instruments.gad7, answers: Dictionary(uniqueKeysWithValues: (1...7).map { ("\($0)", 1) }),
                        for: opened, by: world.who)
                case 2:
                    _ = try await stores.referrals.create(
                        try ReferralDraft(serviceID: service.id.rawValue, reason: "Housing", needs: ["housing"])
                            .validated(), from: opened, by: world.who)
                default: break
                }
                let allocated = [nil, world.who.actor.userID, other.id][index % 3]
                var version = opened.version
                if let allocated {
                    version = try await stores.episodes.allocate(
                        opened.id, to: allocated, expected: .init(version), by: world.manager
                    ).version
                }
                if index % 11 == 10 {
                    _ = try await stores.episodes.close(
                        opened.id, reason: .completed, expected: .init(version), by: world.who)
                }
            }
            let me = try #require(try await stores.users.find(world.who.actor.userID))
            let everything = try await stores.episodes.open(of: world.organisation.id, by: world.who)
            #expect(everything.count == 42)
            #expect(Set(everything.map(\.episode.status)) == [.identified, .screened, .referred])
            var filters: [WorklistFilter] = [WorklistFilter()]
            for change: (inout WorklistFilter) -> Void in [
                { $0.status = .identified }, { $0.status = .screened }, { $0.status = .referred },
                { $0.status = .assessed }, { $0.womenOnly = true }, { $0.ageGroup = .under18 },
                { $0.ageGroup = .transition }, { $0.allocatedTo = world.who.actor.userID },
                { $0.unallocatedOnly = true },
                { $0.arrivedToday = true }, { $0.siteID = court.id }, { $0.pathwayPoint = .policeCustody },
                {
                    $0.womenOnly = true
                    $0.status = .identified
                    $0.ageGroup = .under18
                },
            ] {
                var filter = WorklistFilter()
                change(&filter)
                filters.append(filter)
            }
            for filter in filters {
                let expected = WorklistFilter.ordered(
                    everything.filter { filter.matches($0, today: today) }, today: today)
                var paged: [WorklistItem] = []
                var number = 1
                while true {
                    let slice = try await stores.episodes.worklist(
                        filter, page: ListPage(size: 7, number: number), of: world.organisation.id, today: today,
                        withLoads: number == 1, by: world.who)
                    #expect(slice.counts == WorklistCounts(expected, openAtSites: 42, today: today), "\(filter)")
                    #expect(slice.offset == min(7 * (number - 1), max(0, 7 * ((expected.count + 6) / 7 - 1))))
                    if number == 1 {
                        #expect(
                            slice.loads
                                == TeamDay.loads([me, other], open: everything, today: today)
                                .filter { $0.value.open > 0 })
                    }
                    paged += slice.items
                    if slice.items.count < 7 || paged.count >= expected.count { break }
                    number += 1
                }
                #expect(paged.map(\.episode.id) == expected.map(\.episode.id), "\(filter)")
                #expect(paged == expected, "\(filter)")
            }
            // A page past the end is the last page, never an empty one.
            let past = try await stores.episodes.worklist(
                WorklistFilter(), page: ListPage(size: 7, number: 99), of: world.organisation.id, today: today,
                withLoads: false, by: world.who)
            #expect(past.offset == 42 - 42 % 7 - (42 % 7 == 0 ? 7 : 0))
            #expect(
                past.items.map(\.episode.id)
                    == Array(WorklistFilter.ordered(everything, today: today).suffix(7))
                    .map(\.episode.id))
            #expect(try await stores.auditReader.recent(limit: 1).first?.action == "worklist.view")
            // With its directory: the sites the organisation serves and its active practitioners, by name.
            let directory = try await stores.episodes.worklist(
                WorklistFilter(), page: ListPage(size: 7, number: 2), of: world.organisation.id, today: today,
                withLoads: true, withDirectory: true, by: world.who)
            #expect(
                directory.items.map(\.episode.id)
                    == Array(WorklistFilter.ordered(everything, today: today).dropFirst(7).prefix(7)).map(\.episode.id))
            #expect(directory.sites.map(\.id) == [court, world.site].sorted { $0.name < $1.name }.map(\.id))
            let practitioners = try await stores.users.list(of: world.organisation.id)
                .filter { $0.isActive && !$0.roles.isDisjoint(with: [.practitioner, .womensPractitioner]) }
            #expect(directory.staff.map(\.id) == practitioners.sorted { $0.displayName < $1.displayName }.map(\.id))
            #expect(directory.staff.count == 2)
        }
    }

    @Test(
        "The work list page with its counts, loads and directory is one snapshot; on PostgreSQL one statement",
        arguments: TestDatabase.available)
    func statements(_ engine: TestDatabase) async throws {
        let statements = StatementLog()
        try await engine.withDatabase(logger: statements.logger) { database in
            let stores = Stores(database: database, clock: TestClock().clock, ids: .sequential())
            let world = try await PersonStoreTests.world(stores)
            _ = try await stores.people.create(
                PersonStoreTests.details(), firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(),
                by: world.who)
            statements.clear()
            let slice = try await stores.episodes.worklist(
                WorklistFilter(), page: ListPage(size: 50, number: 1), of: world.organisation.id,
                today: PersonStoreTests.today, withLoads: true, withDirectory: true, by: world.who)
            #expect(slice.items.count == 1 && slice.sites.map(\.id) == [world.site.id] && slice.staff.count == 1)
            let all = statements.all
            switch engine {
            case .sqlite:
                // A snapshot of counts, open count, rows, the people it may mask (none here), loads, partners,
                // sites and practitioners; then the audit.
                let reads = all.firstIndex { $0 == "BEGIN IMMEDIATE" } ?? all.count
                #expect(all.first == "BEGIN" && reads == 10, "\(all.map { $0.prefix(40) })")
            case .postgres:
                // One statement, then the audit event's write transaction.
                let reads = all.firstIndex { $0.hasPrefix("BEGIN") } ?? all.count
                #expect(reads == 1, "\(all.map { $0.prefix(40) })")
            }
            #expect(all.filter { $0.hasPrefix("BEGIN") }.count == (engine == .sqlite ? 2 : 1))
        }
    }
}

@Suite("Work list filters and masked rows")
struct WorklistMaskedFilterTests {
    @Test(
        "Filtering or counting women and under-18s never matches a row the reader may not open; its opener's do",
        arguments: TestDatabase.available)
    func filtersSkipMasked(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let world = try await PersonStoreTests.world(stores)
            let today = CalendarDate(Date())
            // A restricted girl of 16, whom only the practitioner who opened her episode may open, and a woman of
            // 30 whose record is not restricted.
            var girl = PersonStoreTests.details("Nadia", "Okafor", dob: (today.year - 16, 1, 1))
            girl.isRestricted = true
            _ = try await stores.people.create(
                girl, firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(), by: world.who)
            _ = try await stores.people.create(
                PersonStoreTests.details("Amira", "Hassan", dob: (today.year - 30, 1, 1)),
                firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(), by: world.who)
            let colleague = Attribution(
                Actor(
                    user: try await Fixture.user(stores, email: "colleague@elft.test", organisation: world.organisation)
                ))
            func read(_ who: Attribution, women: Bool = false, under18: Bool = false) async throws -> WorklistSlice {
                var filter = WorklistFilter()
                filter.womenOnly = women
                filter.ageGroup = under18 ? .under18 : nil
                return try await stores.episodes.worklist(
                    filter, page: ListPage(size: 50, number: 1), of: world.organisation.id, today: today,
                    withLoads: false, by: who)
            }
            // The colleague sees two episodes, one masked, and neither filter nor count matches the masked one.
            let all = try await read(colleague)
            #expect(all.items.map(\.personName).sorted() == ["HASSAN, Amira", WorklistItem.restrictedName])
            #expect(all.counts.matching == 2 && all.counts.women == 1 && all.counts.under18 == 0)
            let women = try await read(colleague, women: true)
            #expect(women.items.map(\.personName) == ["HASSAN, Amira"] && women.counts.matching == 1)
            let young = try await read(colleague, under18: true)
            #expect(young.items.isEmpty && young.counts.matching == 0)
            // The practitioner who opened her episode may open her record: both filters find her.
            let mine = try await read(world.who)
            #expect(mine.counts.women == 2 && mine.counts.under18 == 1)
            #expect(try await read(world.who, under18: true).items.map(\.personName) == ["OKAFOR, Nadia"])
            #expect(try await read(world.who, women: true).counts.matching == 2)
        }
    }

    @Test(
        "However many people are masked, the statements bind them once: forty thousand read as well as one",
        arguments: TestDatabase.available)
    func manyMasked(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let world = try await PersonStoreTests.world(stores)
            let today = CalendarDate(Date())
            let (girl, _) = try await stores.people.create(
                PersonStoreTests.details("Nadia", "Okafor", dob: (today.year - 16, 1, 1)),
                firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(), by: world.who)
            var filter = WorklistFilter()
            filter.womenOnly = true
            var query = WorklistQuery(
                organisation: world.organisation.id, filter: filter, today: today,
                onSQLite: stores.database.engine == .sqlite)
            query.masked = (0..<40_000).map { "someone-\($0)" } + [girl.id.rawValue]
            let many = query
            let (counts, rows) = try await stores.database.withConnection { db in
                (
                    try await db.raw(many.counts).first(),
                    try await db.raw(many.rows(ListPage(size: 50, number: 1))).all()
                )
            }
            #expect(try counts?.decode(column: "matching", as: Int.self) == 0)
            #expect(rows.isEmpty)
            query.masked = ["someone-else"]
            let one = query
            let unmasked = try await stores.database.withConnection { try await $0.raw(one.counts).first() }
            #expect(try unmasked?.decode(column: "women", as: Int.self) == 1)
        }
    }
}

extension WorklistCounts {
    /// The same counts worked out from loaded rows: what the database's counts are checked against here.
    init(_ items: [WorklistItem], openAtSites: Int, today: CalendarDate) {
        self.init()
        matching = items.count
        self.openAtSites = openAtSites
        arrivedToday = items.filter { $0.arrived(on: today) }.count
        waitingForScreening = items.filter { $0.episode.status == .identified }.count
        unallocated = items.filter { $0.episode.allocatedTo == nil }.count
        women = items.filter { $0.statedGender == .female }.count
        under18 = items.filter { $0.dateOfBirth.years(until: today) < 18 }.count
    }
}
