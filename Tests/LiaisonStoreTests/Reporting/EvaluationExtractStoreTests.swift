import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

@Suite("Evaluation extract store")
struct EvaluationExtractStoreTests {
    @Test(
        "Pseudonyms are stable within one extract and differ across extracts; ages, boroughs and needs replace identifiers; each extract is audited with its recipient and downloaded once by its maker",
        arguments: TestDatabase.available)
    func extract(_ database: TestDatabase) async throws {
        try await database.withStores(clock: TestClock().clock) { stores in
            let world = try await PersonStoreTests.world(stores)
            let west = try await PersonStoreTests.world(stores, name: "West")
            // Amira (born 27 March 1990) is seen twice in December; Wes by another organisation.
            var details = PersonStoreTests.details("Amira", "Hassan", nhs: "9434765919")
            details.postcode = "E8 1AB"
            let (amira, _) = try await stores.people.create(
                details, firstEpisode: try DashboardStoreTests.episode(world, "police_custody"),
                identifiedAt: DashboardStoreTests.at(2026, 12, 5), by: world.who)
            let second = try await stores.episodes.open(
                try DashboardStoreTests.episode(world, "magistrates_court"), for: amira.id,
                identifiedAt: DashboardStoreTests.at(2026, 12, 20), claim: nil, by: world.who)
            _ = try await stores.assessments.save(
                try AssessmentSectionDraft(
                    section: .needs, values: ["need.housing": "yes", "need.autism": "yes"], isFinished: true
                ).validated(), for: second, expected: nil, by: world.who)
            _ = try await stores.people.create(
                PersonStoreTests.details("Wes", "Elsewhere"),
                firstEpisode: try DashboardStoreTests.episode(west, "police_custody"),
                identifiedAt: DashboardStoreTests.at(2026, 12, 10), by: west.who)

            let request = try EvaluationRequest(from: "2026-12", through: "2026-12", recipient: "Dr Ada Evans, UCL")
            let first = try await stores.evaluation.make(
                request, provider: world.organisation.id, holdForDownload: true, by: world.manager)
            let rows = try CSV.rows(first.csv).map(\.fields)
            #expect(rows.first == EvaluationExtract.columns.map(\.name))
            #expect(rows.count == 3 && first.record.rows == 2)
            let (custody, court) = (rows[1], rows[2])
            // One person, two episodes: the same person pseudonym, different episode pseudonyms, none an id.
            #expect(custody[0] == court[0] && custody[1] != court[1] && custody[0].count == 32)
            #expect(!first.csv.contains(amira.id.rawValue) && !first.csv.contains(second.id.rawValue))
            #expect(!first.csv.contains("Amira") && !first.csv.contains("E8") && !first.csv.contains("9434765919"))
            #expect(custody[2] == "2026-12" && custody[3] == "36" && custody[4] == "2")
            #expect(custody[5] == "Black" && custody[7] == "ELFT borough" && custody[9] == "police_custody")
            #expect(custody[12] == "" && court[12] == "autism;housing")
            // Seen again on the 20th, within the year; the court episode's year is still running.
            #expect(custody[16] == "yes" && court[16] == "not_yet_known")
            #expect(first.secret.count == 64)

            let again = try await stores.evaluation.make(
                request, provider: world.organisation.id, holdForDownload: false, by: world.manager)
            let againRows = try CSV.rows(again.csv).map(\.fields)
            #expect(againRows[1][0] != custody[0] && againRows[1][1] != custody[1] && again.secret != first.secret)
            #expect(Array(againRows[1][2...]) == Array(custody[2...]))

            // Audited with the recipient; listed; the held copy goes once, to its maker only.
            let events = try await stores.auditReader.recent(limit: 30).filter {
                $0.action == "evaluation_extract.make"
            }
            #expect(events.count == 2 && events.allSatisfy { $0.reason?.contains("Dr Ada Evans, UCL") == true })
            let listed = try await stores.evaluation.list(provider: world.organisation.id, by: world.manager)
            #expect(Set(listed.map(\.id)) == [again.record.id, first.record.id])
            #expect(listed.first { $0.id == first.record.id }?.isHeld == true)
            #expect(listed.first { $0.id == again.record.id }?.isHeld == false)
            let analyst = Attribution(
                Actor(
                    userID: User.ID("analyst"), displayName: "Ana", organisationID: world.organisation.id,
                    roles: [.analyst]))
            await #expect(throws: DomainError.self) {
                try await stores.evaluation.download(first.record.id, by: analyst)
            }
            let downloaded = try await stores.evaluation.download(first.record.id, by: world.manager)
            #expect(downloaded.csv == first.csv)
            await #expect(
                throws: DomainError.ruleBroken(
                    "This extract has been downloaded already: make a new one if you need it.")
            ) {
                try await stores.evaluation.download(first.record.id, by: world.manager)
            }
            #expect(try await stores.evaluation.list(provider: nil, by: analyst).count == 2)

            // Who may: a practitioner never; a team manager only their own organisation's; an analyst the service.
            await #expect(throws: DomainError.self) {
                try await stores.evaluation.make(
                    request, provider: world.organisation.id, holdForDownload: false, by: world.who)
            }
            await #expect(throws: DomainError.self) {
                try await stores.evaluation.make(
                    request, provider: west.organisation.id, holdForDownload: false, by: world.manager)
            }
            let service = try await stores.evaluation.make(request, provider: nil, holdForDownload: false, by: analyst)
            #expect(service.record.rows == 3)
        }
    }

    @Test(
        "An extract's episodes are read and its CSV made outside the write group: only the extract and its audit are written",
        arguments: TestDatabase.available)
    func outsideTheWriteGroup(_ engine: TestDatabase) async throws {
        let statements = StatementLog()
        try await engine.withDatabase(logger: statements.logger) { database in
            let stores = Stores(database: database, clock: TestClock().clock, ids: .sequential())
            let world = try await PersonStoreTests.world(stores)
            _ = try await stores.people.create(
                PersonStoreTests.details("Amira", "Hassan"),
                firstEpisode: try DashboardStoreTests.episode(world, "police_custody"),
                identifiedAt: DashboardStoreTests.at(2026, 12, 5), by: world.who)
            let request = try EvaluationRequest(from: "2026-12", through: "2026-12", recipient: "Dr Ada Evans, UCL")
            statements.clear()
            let made = try await stores.evaluation.make(
                request, provider: world.organisation.id, holdForDownload: true, by: world.manager)
            #expect(made.record.rows == 1)
            let all = statements.all
            let write = try #require(all.firstIndex { $0 == (engine == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN") })
            #expect(all[..<write].contains { $0.contains("episodes") })
            #expect(!all[write...].contains { $0.contains("episodes") }, "\(all[write...].map { $0.prefix(60) })")
            #expect(all[write...].contains { $0.contains("evaluation_extracts") })
        }
    }
}
