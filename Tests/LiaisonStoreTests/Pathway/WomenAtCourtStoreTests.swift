import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

@Suite("Women at court list")
struct WomenAtCourtStoreTests {
    @Test(
        "Women identified at the organisation's courts on a London day, open or closed; the day follows British Summer Time",
        arguments: TestDatabase.available)
    func londonDay(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let world = try await PersonStoreTests.world(stores)
            let borough = try await stores.boroughs.list().first!
            let court = try await Fixture.site(
                stores, name: "Westminster Magistrates' Court", organisation: world.organisation, borough: borough,
                kind: "magistrates_court")
            let values = try EpisodeDraft(
                siteID: court.id.rawValue, pathwayPoint: "magistrates_court", referralSource: "court_staff",
                urgency: "routine"
            ).validated()
            func woman(_ given: String, at instant: String) async throws -> Episode {
                var details = PersonStoreTests.details(given, "Court")
                details.statedGender = .female
                return try await stores.people.create(
                    details, firstEpisode: values, identifiedAt: try Timestamp.date(instant), by: world.who
                ).1
            }
            // 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
            let early = try await woman("Early", at: "2026-06-30T23:30:00.000Z")
            _ = try await woman("Late", at: "2026-07-01T22:59:00.000Z")
            _ = try await woman("Before", at: "2026-06-30T22:59:00.000Z")
            _ = try await woman("After", at: "2026-07-01T23:00:00.000Z")
            _ = try await stores.episodes.close(early.id, reason: .noNeedsIdentified, expected: .init(1), by: world.who)
            let day = CalendarDate(year: 2026, month: 7, day: 1)!
            let list = try await stores.episodes.womenAtCourt(of: world.organisation.id, on: day, by: world.who)
            #expect(list.map(\.name) == ["COURT, Early", "COURT, Late"])
            #expect(list.first?.episode?.status == .closed)
        }
    }
}

@Suite("Women at court from the day's court lists")
struct WomenOnCourtListsStoreTests {
    @Test(
        "Every woman on the day's court list is listed once with who first saw her, her women's needs and her episode; men, unsexed unlinked lines and other days are not; a restricted record is masked",
        arguments: TestDatabase.available)
    func fromLists(_ database: TestDatabase) async throws {
        let clock = TestClock()
        try await database.withStores(clock: clock.clock) { stores in
            let court = try await TriageStoreTests.court(stores)
            let world = court.world
            let day = CalendarDate(clock.now)
            let header = "Court,Hearing time,Case reference,Name,Date of birth,PNC,Sex"
            func importList(_ rows: [String], on day: CalendarDate) async throws {
                let lines = try ListFile.read(
                    ([header] + rows).joined(separator: "\n"), kind: .court, day: day,
                    sites: [court.court, world.site])
                _ = try await stores.triage.importList(
                    lines, kind: .court, day: day, fileName: "list.csv", contentHash: "h\(day)", by: world.who)
            }
            // Olga is known only to another organisation: linked by her PNC ID, never shown from her record.
            let west = try await PersonStoreTests.world(stores, name: "West")
            let letter = PNCID.checkCharacter(year: "15", serial: "0111111")
            var olga = PersonStoreTests.details("Olga", "Recorded", dob: (1970, 1, 1))
            olga.pncID = PNCID("2015/0111111\(letter)")
            _ = try await stores.people.create(
                olga, firstEpisode: PersonStoreTests.episode(west), identifiedAt: clock.now, by: west.who)
            try await importList(
                [
                    "Westminster Magistrates Court,10:00,R1,\"HASSAN, Amira\",27/03/1990,12/345678U,",
                    "Westminster Magistrates Court,11:00,R2,\"OKAFOR, Beth\",,,F",
                    "Westminster Magistrates Court,09:30,R3,\"SMITH, John\",04/07/1980,,M",
                    "Westminster Magistrates Court,12:00,R4,\"LEE, Kim\",,,",
                    "Westminster Magistrates Court,12:30,R5,\"RECORDED, Olga\",01/01/1970,15/111111\(letter),F",
                ], on: day)
            try await importList(
                ["Westminster Magistrates Court,10:00,Y1,\"OLD, Yesterday\",,,F"],
                on: CalendarDate(clock.now.addingTimeInterval(-86_400)))
            // Amira is linked by her PNC ID (the list gives no sex, her record says female); a woman identified at
            // court this morning is on no imported list.
            let values = try EpisodeDraft(
                siteID: court.court.id.rawValue, pathwayPoint: "magistrates_court", referralSource: "court_staff",
                urgency: "routine"
            ).validated()
            var walkIn = PersonStoreTests.details("Wendy", "Walkin", dob: (1999, 1, 2))
            walkIn.statedGender = .female
            let (wendysRecord, wendysEpisode) = try await stores.people.create(
                walkIn, firstEpisode: values, identifiedAt: clock.now.addingTimeInterval(-3600), by: world.who)
            // Amira's open custody episode is screened today, her assessment found domestic abuse and housing.
            let amirasEpisode = try #require(try await stores.episodes.list(for: court.amira.id).first)
            clock.advance(by: 600)
            _ = try await stores.screenings.record(
                Instruments.gad7, answers: Dictionary(uniqueKeysWithValues: (1...7).map { ("\($0)", 1) }),
                for: amirasEpisode, by: world.who)
            let needs = try AssessmentSectionDraft(
                section: .needs,
                values: [
                    "need.domestic_abuse": "yes", "need.housing": "yes", "need.alcohol_misuse": "yes",
                    "need.housing.detail": "Sofa surfing",
                ], isFinished: true
            ).validated()
            clock.advance(by: 600)
            _ = try await stores.assessments.save(needs, for: amirasEpisode, expected: nil, by: world.who)

            let women = try await stores.episodes.womenAtCourt(of: world.organisation.id, on: day, by: world.who)
            #expect(women.map(\.name) == ["WALKIN, Wendy", "HASSAN, Amira", "OKAFOR, Beth", "RECORDED, Olga"])
            let wendy = women[0]
            let amira = women[1]
            let beth = women[2]
            let other = women[3]
            #expect(other.isMasked && other.personID == nil && other.lineID != nil)
            #expect(other.seen == nil && other.needs.isEmpty && other.episode == nil)
            #expect(wendy.episode?.id == wendysEpisode.id && wendy.lineID == nil && wendy.seen == nil)
            #expect(amira.personID == court.amira.id && amira.lineID != nil && amira.hearingAt != nil)
            #expect(amira.seen?.by == world.who.actor.userID && amira.seen?.record == "screening")
            #expect(amira.needs == [.domesticAbuse, .housing], "only the women-specific needs, in their order")
            #expect(beth.personID == nil && beth.seen == nil && beth.dateOfBirth == nil && !beth.isMasked)
            let events = try await stores.auditReader.recent(limit: 1)
            #expect(events.first?.action == "worklist.women_at_court")

            // Restricted: a colleague not on her episode sees that a woman is listed, not who or anything about her.
            var details = court.amira.details
            details.isRestricted = true
            let current = try #require(try await stores.people.view(court.amira.id, by: world.who))
            _ = try await stores.people.update(
                court.amira.id, with: details, expected: .init(current.version), by: world.who)
            let colleague = Attribution(
                Actor(
                    user: try await Fixture.user(
                        stores, email: "colleague@elft.test", organisation: world.organisation)))
            // Her line gives no sex, so for the colleague she is not listed at all: her record's sex is not shown.
            let masked = try await stores.episodes.womenAtCourt(of: world.organisation.id, on: day, by: colleague)
            #expect(masked.map(\.name) == ["WALKIN, Wendy", "OKAFOR, Beth", "RECORDED, Olga"])
            #expect(!masked.contains { $0.personID == court.amira.id })
            #expect(
                try await stores.episodes.womenAtCourt(of: world.organisation.id, on: day, by: world.who)
                    .contains { $0.personID == court.amira.id && !$0.isMasked })

            // Identified at court with no list line: restricted, she is not listed (nor counted) for the colleague
            // at all, since a masked row here would say she is a woman; her opener still sees her.
            var wendysDetails = wendysRecord.details
            wendysDetails.isRestricted = true
            _ = try await stores.people.update(wendysRecord.id, with: wendysDetails, expected: .init(1), by: world.who)
            let unnamed = try await stores.episodes.womenAtCourt(of: world.organisation.id, on: day, by: colleague)
            #expect(unnamed.map(\.name) == ["OKAFOR, Beth", "RECORDED, Olga"])
            #expect(
                try await stores.episodes.womenAtCourt(of: world.organisation.id, on: day, by: world.who)
                    .contains { $0.personID == wendysRecord.id && !$0.isMasked })
        }
    }
}
