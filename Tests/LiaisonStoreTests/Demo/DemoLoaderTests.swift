import Foundation
import LiaisonCore
import LiaisonTestSupport
import SQLKit
import Testing

@testable import LiaisonStore

@Suite("Demo data")
struct DemoLoaderTests {
    @Test(
        "The demo partnership loads once, with the seeds' shape, and loading again adds nothing",
        arguments: TestDatabase.available)
    func loadsIdempotently(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let loader = DemoLoader(stores: stores, hashPassword: { "hash-of-\($0.count)" })
            try await loader.load { _, _, _ in }
            let audited = try await Fixture.auditCount(stores)
            try await loader.load { _, _, _ in }
            #expect(try await Fixture.auditCount(stores) == audited)

            let organisations = try await stores.organisations.list()
            #expect(organisations.filter { $0.kind == .charity }.count == 1)
            #expect((3...4).contains(organisations.filter { $0.kind == .nhsTrust }.count))
            let sites = try await stores.sites.list()
            #expect(sites.filter { $0.kind == .custodySuite }.count == 10)
            #expect(sites.filter { $0.kind == .magistratesCourt }.count == 6)
            #expect(sites.filter { $0.kind == .crownCourt }.count == 2)
            #expect(sites.filter { $0.kind == .youthCourt }.count == 3)
            #expect(sites.contains { $0.name == "Thames Magistrates' Court" })
            #expect(sites.contains { $0.name == "Westminster Magistrates' Court" })
            let boroughs = try await stores.boroughs.list()
            #expect(boroughs.map(\.population).reduce(0, +) > 4_500_000)
            #expect(
                Set(boroughs.map(\.region)).isSuperset(of: [
                    .westLondon, .northWestLondon, .centralLondon, .northLondon, .northEastLondon,
                ]))
            let users = try await stores.users.list(of: nil)
            let roles = users.reduce(into: Set<Role>()) { $0.formUnion($1.roles) }
            #expect(roles == Set(Role.allCases))
            for organisation in organisations {
                #expect(
                    users.contains { $0.organisationID == organisation.id && $0.roles.contains(.teamManager) },
                    "\(organisation.name) has a team manager to approve its reports")
            }
            let services = try await stores.services.list()
            #expect(services.count == DemoServices.services.count)
            #expect(
                Set(services.map(\.kind)).isSuperset(of: [
                    .communityMentalHealth, .substanceMisuse, .housingOptions, .debtAdvice, .domesticAbuse,
                    .womensCentre,
                ]))
            #expect(try await stores.auditReader.verify() == .intact(events: audited))
        }
    }

    @Test(
        "Demo people come with screenings that read back, and assessments and referrals whose dated steps follow the rules",
        arguments: TestDatabase.available)
    func caseWork(_ database: TestDatabase) async throws {
        try await database.withStores(clock: .system) { stores in
            try await DemoLoader(stores: stores, hashPassword: { "hash-of-\($0.count)" }).load { _, _, _ in }
            try await DemoPeople(stores: stores, seed: 7, now: Date()).load(count: 40) { _ in }
            let rows = try await stores.database.withConnection { db in
                try await db.select().column("person_id").from("referrals").all()
                    .map { Person.ID(try $0.decode(column: "person_id", as: String.self)) }
            }
            #expect(!rows.isEmpty)
            for person in Set(rows) {
                for referral in try await stores.referrals.list(for: person) {
                    #expect(referral.steps.first?.status == .proposed && referral.steps.last?.status == referral.status)
                    for (from, to) in zip(referral.steps, referral.steps.dropFirst()) {
                        #expect(from.status.next.contains(to.status) && from.occurredOn <= to.occurredOn)
                    }
                }
            }
            // Every demo screening reads back (each carries a version, as the store's own records do).
            let screened = try await stores.database.withConnection { db in
                try await db.select().column("person_id").from("screening_responses").all()
                    .map { Person.ID(try $0.decode(column: "person_id", as: String.self)) }
            }
            #expect(!screened.isEmpty)
            for person in Set(screened) { #expect(try await !stores.screenings.list(for: person).isEmpty) }
            guard case .intact = try await stores.auditReader.verify() else {
                Issue.record("The demo's audit chain is broken")
                return
            }
        }
    }

    @Test("The same seed makes the same people, with the same ids")
    func deterministic() async throws {
        func people(seed: UInt64) async throws -> [String] {
            try await TestDatabase.sqlite.withStores(clock: .system) { stores in
                try await DemoLoader(stores: stores, hashPassword: { "hash-of-\($0.count)" }).load { _, _, _ in }
                let now = Date(timeIntervalSince1970: 1_790_000_000)
                try await DemoPeople(stores: stores, seed: seed, now: now).load(count: 25) { _ in }
                return try await stores.database.withConnection { db in
                    try await db.select().columns("id", "family_name", "date_of_birth").from("people").orderBy("id")
                        .all().map {
                            try [
                                $0.decode(column: "id", as: String.self),
                                $0.decode(column: "family_name", as: String.self),
                                $0.decode(column: "date_of_birth", as: String.self),
                            ].joined(separator: " ")
                        }
                }
            }
        }
        let first = try await people(seed: 11)
        #expect(first.count == 25)
        #expect(try await people(seed: 11) == first)
        #expect(try await people(seed: 12) != first)
    }

    @Test(
        "Demo courts see people only while they sit and only of the ages they hear; youth courts hear children",
        arguments: TestDatabase.available)
    func courtsAsTheySit(_ database: TestDatabase) async throws {
        try await database.withStores(clock: .system) { stores in
            try await DemoLoader(stores: stores, hashPassword: { "hash-of-\($0.count)" }).load { _, _, _ in }
            let now = Date(timeIntervalSince1970: 1_796_000_000)
            try await DemoPeople(stores: stores, seed: 5, now: now).load(count: 1_000) { _ in }
            let sites = Dictionary(uniqueKeysWithValues: try await stores.sites.list().map { ($0.id, $0) })
            let rows = try await stores.database.withConnection { db in
                try await db.select().column(SQLColumn("site_id", table: "episodes"))
                    .column(SQLColumn("identified_at", table: "episodes"))
                    .column(SQLColumn("date_of_birth", table: "people")).from("episodes")
                    .join(
                        "people", on: SQLColumn("person_id", table: "episodes"), .equal,
                        SQLColumn("id", table: "people")
                    )
                    .all()
            }
            var atCourt = 0
            var children = 0
            var youthCourt = 0
            for row in rows {
                let site = try #require(sites[Site.ID(try row.decode(column: "site_id", as: String.self))])
                let identified = try Timestamp.date(try row.decode(column: "identified_at", as: String.self))
                let born = try #require(CalendarDate(iso: try row.decode(column: "date_of_birth", as: String.self)))
                let age = born.years(until: CalendarDate(identified))
                #expect(identified <= now)
                #expect(site.kind.isOpen(at: identified), "\(site.name) was not sitting at \(identified)")
                #expect(site.kind.usualAges.contains(age), "a \(age)-year-old at \(site.name)")
                if site.kind.isCourt { atCourt += 1 }
                if age < 18 { children += 1 }
                if site.kind == .youthCourt { youthCourt += 1 }
            }
            #expect(
                atCourt > 150 && children > 20 && youthCourt > 0, "\(atCourt) at court, \(youthCourt) at youth court")
            // Every episode carries its national data items, read back through the store's own reader.
            let items = try await stores.database.withConnection { db in
                try await db.select().column("id").from("episode_data_items").all()
                    .map { Episode.ID(try $0.decode(column: "id", as: String.self)) }
            }
            #expect(items.count == rows.count)
            let read = try await stores.database.withConnection { db in
                try await SQLEpisodeDataItemsStore.items(items[0], on: db)
            }
            #expect(read != nil)
            // Every person carries GP and equality items, read back through the store.
            let people = try await stores.database.withConnection { db in
                try await db.select().column("id").from("people").all()
                    .map { Person.ID(try $0.decode(column: "id", as: String.self)) }
            }
            let withItems = try await stores.database.withConnection { db in
                try await db.select().column("id").from("person_data_items").all().count
            }
            #expect(withItems == people.count)
            let first = try await stores.database.withConnection { db in
                try await SQLPersonDataItemsStore.items(people[0], on: db)
            }
            #expect(first != nil)
            // Pregnancy is answered yes only for women of an age to be; armed forces service only for adults.
            let answers = try await stores.database.withConnection { db in
                try await db.select()
                    .columns(
                        SQLColumn("stated_gender", table: "people"), SQLColumn("date_of_birth", table: "people"),
                        SQLColumn("pregnant", table: "person_data_items"),
                        SQLColumn("veteran", table: "person_data_items")
                    )
                    .from("person_data_items").join("people", on: "people.id = person_data_items.id")
                    .all()
                    .map {
                        (
                            try $0.decode(column: "stated_gender", as: String.self),
                            CalendarDate(iso: try $0.decode(column: "date_of_birth", as: String.self))!,
                            try $0.decode(column: "pregnant", as: String.self),
                            try $0.decode(column: "veteran", as: String.self)
                        )
                    }
            }
            let today = CalendarDate(Date())
            let pregnant = answers.filter { $0.2 == "yes" }
            #expect(!pregnant.isEmpty && pregnant.allSatisfy { $0.0 == "2" && $0.1.years(until: today) >= 16 })
            let veterans = answers.filter { $0.3 == "yes" }
            #expect(!veterans.isEmpty && veterans.allSatisfy { $0.1.years(until: today) >= 18 })
        }
    }
}

@Suite("Demo court reports")
struct DemoCourtReportsTests {
    @Test(
        "Each organisation with a team manager issues reports through the stores, approved within it, and the court's decisions make custody avoided start with data",
        arguments: TestDatabase.available)
    func reportsAndOutcomes(_ database: TestDatabase) async throws {
        try await database.withStores(clock: .system) { stores in
            try await DemoLoader(stores: stores, hashPassword: { "hash-of-\($0.count)" }).load { _, _, _ in }
            try await DemoPeople(stores: stores, seed: 9, now: Date()).load(count: 1_500) { _ in }
            // The store's own issue with a stand-in document (the CLI renders the real PDF, as the page does).
            let issued = try await DemoCourtReports(stores: stores, seed: 9) { report, person, dated, who in
                try await dated.courtReports.issue(
                    report.id, pdf: Array("%PDF-1.3 \(person.details.familyName)".utf8), text: "Report",
                    recipient: Recipient(kind: .court, organisation: "The court", name: nil, role: "Legal adviser"),
                    override: nil, expected: .init(report.version), by: who)
            }.load(perOrganisation: 3) { _, _ in }
            #expect(issued >= 8, "\(issued) reports")
            let sites = Dictionary(uniqueKeysWithValues: try await stores.sites.list().map { ($0.id, $0) })
            var avoided = 0
            var notAvoided = 0
            for organisation in try await stores.organisations.list() {
                let reports = try await stores.courtReports.issued(of: organisation.id)
                #expect(reports.count <= 3)
                let summary = RemandAvoidance.summarise(
                    reports: reports, outcomes: try await stores.hearings.outcomes(of: organisation.id))
                #expect(summary.awaiting == 0)
                avoided += summary.avoided
                notAvoided += summary.notAvoided
                for report in reports {
                    #expect(report.approvedBy != nil && report.approvedBy != report.authorID)
                    let court = try #require(sites[report.hearing.courtID])
                    #expect(court.kind.isCourt && court.isServed(by: organisation.id))
                    let issuedAt = try #require(report.issued?.issuedAt)
                    #expect(CalendarDate(issuedAt) == report.hearing.date)
                }
            }
            #expect(avoided > 0 && avoided + notAvoided > 0)
            guard case .intact = try await stores.auditReader.verify() else {
                Issue.record("The demo's audit chain is broken")
                return
            }
        }
    }
}

extension DemoLoaderTests {
    @Test(
        "The demo's year on the dashboard has the seeds' headline shape: every person seen in the year, most at police stations, about 3% at crown courts, mostly men",
        arguments: TestDatabase.available)
    func headlineFigures(_ database: TestDatabase) async throws {
        try await database.withStores(clock: .system) { stores in
            try await DemoLoader(stores: stores, hashPassword: { "hash-of-\($0.count)" }).load { _, _, _ in }
            let people = 600
            try await DemoPeople(stores: stores, seed: 11, now: Date()).load(count: people) { _ in }
            let today = CalendarDate(Date())
            let year = DashboardFilter(from: CalendarDate(Date().addingTimeInterval(-366 * 86_400)), until: today.next)
            let counts = try await stores.dashboard.counts(year, by: Attribution(.commandLine))
            // Every demo person is first seen within the last 365 days.
            #expect(counts.people == people)
            #expect(counts.episodes > people && counts.seenBefore == 0)
            let share = { (count: Int) in Double(count) / Double(counts.people) }
            #expect(
                (0.72...0.9).contains(share(counts.atPoliceStations)), "at police stations: \(counts.atPoliceStations)")
            #expect((0.015...0.06).contains(share(counts.atCrownCourts)), "at crown courts: \(counts.atCrownCourts)")
            #expect((0.08...0.22).contains(share(counts.bySex[.female] ?? 0)), "women: \(counts.bySex)")
        }
    }
}
