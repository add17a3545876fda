import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

@Suite("Court and custody list triage store")
struct TriageStoreTests {
    static let day = CalendarDate(year: 2026, month: 11, day: 23)!

    struct Court {
        let world: PersonStoreTests.World
        let court: Site
        let amira: Person
        let john: Person
    }

    /// An organisation with a custody suite and a magistrates' court, and two people it works with: Amira (with a
    /// PNC ID) and John (without).
    static func court(_ stores: Stores) async throws -> Court {
        let world = try await PersonStoreTests.world(stores)
        let borough = try await stores.boroughs.list().first!
        let court = try await Fixture.site(
            stores, name: "Westminster Magistrates' Court", organisation: world.organisation, borough: borough,
            kind: "magistrates_court")
        var details = PersonStoreTests.details()
        details.pncID = PNCID("2012/0345678U")
        let amira = try await stores.people.create(
            details, firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(), by: world.who
        ).0
        var john = PersonStoreTests.details("John", "Smith", dob: (1980, 7, 4))
        john.statedGender = .male
        let johnRecord = try await stores.people.create(
            john, firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(), by: world.who
        ).0
        return Court(world: world, court: court, amira: amira, john: johnRecord)
    }

    static func list(_ court: Court, _ rows: [String]) throws -> [ListLine] {
        try ListFile.read(
            (["Court,Hearing time,Case reference,Name,Date of birth,PNC"] + rows).joined(separator: "\n"),
            kind: .court, day: day, sites: [court.court, court.world.site])
    }

    static let usual = [
        "Westminster Magistrates Court,10:00,REF1,\"HASSAN, Amira\",27/03/1990,12/345678U",
        "Westminster Magistrates Court,11:00,REF2,\"SMITH, Jon\",04/07/1980,",
        "Westminster Magistrates Court,12:00,REF3,\"NOBODY, Zed\",01/01/1970,",
    ]

    static func importUsual(_ stores: Stores, _ court: Court) async throws -> ListImport {
        try await stores.triage.importList(
            try list(court, usual), kind: .court, day: day, fileName: "list.csv", contentHash: "h", by: court.world.who)
    }

    @Test(
        "Import links an exact PNC match, offers a likely one for review and leaves a stranger unknown; all audited",
        arguments: TestDatabase.available)
    func importMatches(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let court = try await Self.court(stores)
            let result = try await Self.importUsual(stores, court)
            #expect(result.added == 3 && result.linked == 1 && result.possible == 1 && !result.alreadyImported)
            let entries = try await stores.triage.entries(kind: .court, on: Self.day, by: court.world.who)
            #expect(entries.map(\.status) == [.openEpisode, .possibleMatch, .notKnown])
            #expect(entries[0].line.personID == court.amira.id && entries[0].line.linked == .identifier)
            #expect(try await stores.hearings.hearings(of: court.amira.id).map(\.caseReference) == ["REF1"])
            #expect(entries[0].line.episodeID == entries[0].openEpisodeID)
            #expect(entries[0].person?.displayName == "HASSAN, Amira" && entries[0].isWoman)
            #expect(entries[1].line.candidates.map(\.personID) == [court.john.id])
            let events = try await stores.auditReader.recent(limit: 50)
            #expect(events.contains { $0.action == "list.import" })
            #expect(events.contains { $0.action == "list_line.link" && $0.personID == court.amira.id.rawValue })
            #expect(events.contains { $0.action == "list_line.match" && $0.personID == court.john.id.rawValue })
            // The list's view is on the trail of the person it showed linked.
            #expect(events.contains { $0.action == "triage.view" && $0.personID == court.amira.id.rawValue })
            // Nothing for the other day, nor for custody.
            #expect(try await stores.triage.entries(kind: .court, on: Self.day.next, by: court.world.who).isEmpty)
            #expect(try await stores.triage.entries(kind: .custody, on: Self.day, by: court.world.who).isEmpty)
        }
    }

    @Test(
        "A colleague's import links a restricted record's line but adds no hearing to an episode they may not record on",
        arguments: TestDatabase.available)
    func importLeavesUnrecordableEpisodes(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let court = try await Self.court(stores)
            var details = court.amira.details
            details.isRestricted = true
            _ = try await stores.people.update(court.amira.id, with: details, expected: .init(1), by: court.world.who)
            let colleague = Attribution(
                Actor(
                    user: try await Fixture.user(
                        stores, email: "colleague@elft.test", organisation: court.world.organisation)))
            let result = try await stores.triage.importList(
                try Self.list(court, Self.usual), kind: .court, day: Self.day, fileName: "list.csv",
                contentHash: "h", by: colleague)
            #expect(result.linked == 1)
            #expect(try await stores.hearings.hearings(of: court.amira.id).isEmpty)
            let line = try await stores.triage.entries(kind: .court, on: Self.day, by: court.world.who)[0].line
            #expect(line.personID == court.amira.id && line.episodeID == nil)
        }
    }

    @Test(
        "Importing the same list again adds nothing and keeps every decision; a rejected match is not offered again",
        arguments: TestDatabase.available)
    func reimport(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let court = try await Self.court(stores)
            _ = try await Self.importUsual(stores, court)
            let possible = try await stores.triage.entries(kind: .court, on: Self.day, by: court.world.who)[1].line
            _ = try await stores.triage.reject(
                possible.id, person: court.john.id, expected: .init(possible.version), by: court.world.who)
            let again = try await Self.importUsual(stores, court)
            #expect(again.added == 0 && again.alreadyImported && again.possible == 0)
            let entries = try await stores.triage.entries(kind: .court, on: Self.day, by: court.world.who)
            #expect(entries.count == 3)
            #expect(entries.map(\.status) == [.openEpisode, .notKnown, .notKnown])
            // A later version of the list with one more line adds just that line.
            let longer = try Self.list(court, Self.usual + ["Westminster Magistrates Court,14:00,REF4,Bo Lee,,"])
            let third = try await stores.triage.importList(
                longer, kind: .court, day: Self.day, fileName: "list.csv", contentHash: "h2", by: court.world.who)
            #expect(third.added == 1)
            #expect(try await stores.triage.entries(kind: .court, on: Self.day, by: court.world.who).count == 4)
        }
    }

    @Test(
        "A line whose offer of matches changes on a later import moves on a version (a decision on the old offer is stale); an unchanged one keeps its version",
        arguments: TestDatabase.available)
    func reimportNewOffer(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let court = try await Self.court(stores)
            _ = try await Self.importUsual(stores, court)
            let before = try await stores.triage.entries(kind: .court, on: Self.day, by: court.world.who)
            #expect(before[2].line.candidates.isEmpty && before[2].line.version == 1)
            // Zed Nobody is registered after the first import; the list imported again offers him on his line.
            let zed = try await stores.people.create(
                PersonStoreTests.details("Zed", "Nobody", dob: (1970, 1, 1)),
                firstEpisode: PersonStoreTests.episode(court.world), identifiedAt: Date(), by: court.world.who
            ).0
            let again = try await Self.importUsual(stores, court)
            #expect(again.possible == 2)
            let after = try await stores.triage.entries(kind: .court, on: Self.day, by: court.world.who)
            #expect(after[2].line.candidates.map(\.personID) == [zed.id] && after[2].line.version == 2)
            #expect(after[1].line.candidates.map(\.personID) == [court.john.id] && after[1].line.version == 1)
            await #expect(throws: DomainError.staleVersion(current: 2)) {
                try await stores.triage.confirm(
                    after[2].line.id, person: zed.id, expected: .init(1), by: court.world.who)
            }
        }
    }

    @Test(
        "A match merged into another record since the list was matched cannot be chosen, and the line stays unlinked",
        arguments: TestDatabase.available)
    func confirmMerged(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let court = try await Self.court(stores)
            _ = try await Self.importUsual(stores, court)
            let possible = try await stores.triage.entries(kind: .court, on: Self.day, by: court.world.who)[1].line
            var details = PersonStoreTests.details("John", "Smith", dob: (1980, 7, 4))
            details.statedGender = .male
            let kept = try await stores.people.create(
                details, firstEpisode: PersonStoreTests.episode(court.world), identifiedAt: Date(),
                by: court.world.who
            ).0
            let manager = try await Fixture.user(
                stores, email: "manager@triage.test", organisation: court.world.organisation, roles: [.teamManager])
            let merge = try await stores.merges.propose(
                survivor: kept.id, duplicate: court.john.id, reason: "Same man, registered twice", by: court.world.who)
            _ = try await stores.merges.confirm(merge.id, expected: .init(1), by: Attribution(Actor(user: manager)))
            let refused = await #expect(throws: ValidationFailure.self) {
                try await stores.triage.confirm(
                    possible.id, person: court.john.id, expected: .init(possible.version), by: court.world.who)
            }
            #expect(refused?.problems.map(\.field) == ["personID"])
            #expect(
                try await stores.triage.entries(kind: .court, on: Self.day, by: court.world.who)[1].line.personID == nil
            )
        }
    }

    @Test(
        "Confirming a possible match links the line; an episode opened from it is at the court, once; stale decisions are refused",
        arguments: TestDatabase.available)
    func confirmAndOpen(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let court = try await Self.court(stores)
            _ = try await Self.importUsual(stores, court)
            let possible = try await stores.triage.entries(kind: .court, on: Self.day, by: court.world.who)[1].line
            let who = court.world.who
            let (compared, candidates) = try await stores.triage.compare(possible.id, by: who)
            #expect(compared.id == possible.id && candidates.map(\.person.id) == [court.john.id])
            #expect(candidates[0].explanation.lines.count == MatchField.allCases.count)
            await #expect(throws: ValidationFailure.self) {
                try await stores.triage.confirm(
                    possible.id, person: court.amira.id, expected: .init(possible.version), by: who)
            }
            let linked = try await stores.triage.confirm(
                possible.id, person: court.john.id, expected: .init(possible.version), by: who)
            #expect(linked.personID == court.john.id && linked.linked == .confirmed && linked.candidates.isEmpty)
            // John has an open episode here: the list's hearing joins it.
            let open = try await stores.episodes.list(for: court.john.id)[0]
            #expect(linked.episodeID == open.id)
            #expect(try await stores.hearings.hearings(of: court.john.id).map(\.episodeID) == [open.id])
            // A colleague's decision from the list as it was before the link is a conflict, not "already linked".
            await #expect(throws: DomainError.staleVersion(current: linked.version)) {
                try await stores.triage.reject(
                    possible.id, person: court.john.id, expected: .init(possible.version), by: who)
            }
            await #expect(throws: DomainError.staleVersion(current: linked.version)) {
                try await stores.triage.confirm(
                    possible.id, person: court.john.id, expected: .init(possible.version), by: who)
            }
            // John already has an open episode with this organisation: no second one from the list.
            await #expect(throws: DomainError.self) {
                try await stores.triage.openEpisode(
                    from: possible.id, expected: .init(linked.version), claim: nil, by: who)
            }
            _ = try await stores.episodes.close(open.id, reason: .completed, expected: .init(open.version), by: who)
            #expect(
                try await stores.triage.entries(kind: .court, on: Self.day, by: who)[1].status == .previouslyKnown)
            await #expect(throws: DomainError.staleVersion(current: linked.version)) {
                try await stores.triage.openEpisode(
                    from: possible.id, expected: .init(possible.version), claim: nil, by: who)
            }
            let episode = try await stores.triage.openEpisode(
                from: possible.id, expected: .init(linked.version), claim: nil, by: who)
            #expect(episode.siteID == court.court.id && episode.pathwayPoint == .magistratesCourt)
            #expect(episode.referralSource == .courtStaff && episode.personID == court.john.id)
            let after = try await stores.triage.entries(kind: .court, on: Self.day, by: who)[1]
            #expect(
                after.status == .openEpisode && after.openEpisodeID == episode.id && after.line.episodeID == episode.id)
            let hearing = try #require(
                try await stores.hearings.hearings(of: court.john.id).first { $0.episodeID == episode.id })
            #expect(hearing.courtID == court.court.id && hearing.caseReference == "REF2")
            #expect(hearing.date == Self.day && hearing.session == .morning)
        }
    }

    @Test("Another organisation neither sees the lines nor can decide on them", arguments: TestDatabase.available)
    func otherOrganisation(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let court = try await Self.court(stores)
            _ = try await Self.importUsual(stores, court)
            let line = try await stores.triage.entries(kind: .court, on: Self.day, by: court.world.who)[1].line
            let other = try await PersonStoreTests.world(stores, name: "CNWL")
            #expect(try await stores.triage.entries(kind: .court, on: Self.day, by: other.who).isEmpty)
            await #expect(throws: DomainError.notFound(what: "list line")) {
                try await stores.triage.line(line.id, by: other.who)
            }
            await #expect(throws: DomainError.notFound(what: "list line")) {
                try await stores.triage.confirm(
                    line.id, person: court.john.id, expected: .init(line.version), by: other.who)
            }
        }
    }

    @Test("A line linked to a record that is merged away follows the survivor", arguments: TestDatabase.available)
    func followsMerge(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let court = try await Self.court(stores)
            _ = try await Self.importUsual(stores, court)
            let manager = try await Fixture.user(
                stores, email: "manager@elft.test", organisation: court.world.organisation, roles: [.teamManager])
            let second = try await Fixture.user(
                stores, email: "manager2@elft.test", organisation: court.world.organisation, roles: [.teamManager])
            let proposal = try await stores.merges.propose(
                survivor: court.john.id, duplicate: court.amira.id, reason: "Test merge of two records",
                by: Attribution(Actor(user: manager), requestID: "r"))
            _ = try await stores.merges.confirm(
                proposal.id, expected: .init(proposal.version), by: Attribution(Actor(user: second), requestID: "r"))
            let first = try await stores.triage.entries(kind: .court, on: Self.day, by: court.world.who)[0]
            #expect(first.line.personID == court.john.id)
        }
    }
}
