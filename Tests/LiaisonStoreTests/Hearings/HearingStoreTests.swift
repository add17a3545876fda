import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

@Suite("Hearings and outcomes store")
struct HearingStoreTests {
    @Test(
        "Hearings at the organisation's courts and outcomes on the episode's hearings make the person's timeline",
        arguments: TestDatabase.available)
    func timeline(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let setup = try await CourtReportStoreTests.setup(stores)
            let who = setup.world.who
            await #expect(throws: ValidationFailure.self) {
                try await stores.hearings.record(
                    ValidHearing(
                        courtID: setup.world.site.id, date: CalendarDate(year: 2027, month: 1, day: 20)!, session: nil,
                        courtroom: nil, caseReference: "X1"), for: setup.episode, by: who)
            }
            let hearing = try await stores.hearings.record(
                try HearingDraft(
                    courtID: setup.court.id.rawValue, date: ["20", "1", "2027"], session: "morning", courtroom: "3",
                    caseReference: "01TH0001"
                ).validated(), for: setup.episode, by: who)
            #expect(hearing.session == .morning && hearing.courtroom == "3")
            let outcome = try await stores.hearings.record(
                try OutcomeDraft(
                    code: "bailed", treatmentRequirement: "", decidedOn: ["20", "1", "2027"],
                    hearingID: hearing.id.rawValue, note: ""
                ).validated(today: CalendarDate(year: 2027, month: 1, day: 20)!), for: setup.episode, by: who)
            #expect(outcome.hearingID == hearing.id && outcome.code == .bailed)
            // A decision dated before the hearing it was made at is refused by its field, and nothing is kept.
            do {
                _ = try await stores.hearings.record(
                    try OutcomeDraft(
                        code: "remanded_in_custody", treatmentRequirement: "", decidedOn: ["19", "1", "2027"],
                        hearingID: hearing.id.rawValue, note: ""
                    ).validated(today: CalendarDate(year: 2027, month: 1, day: 20)!), for: setup.episode, by: who)
                Issue.record("an outcome before its hearing was kept")
            } catch let failure as ValidationFailure {
                #expect(failure.problems.map(\.field) == ["decidedOn"])
            }
            #expect(try await stores.hearings.outcomes(of: setup.episode.personID).count == 1)
            // Another episode's hearing cannot be named.
            let (_, second) = try await stores.people.create(
                PersonStoreTests.details("Bo", "Lee"), firstEpisode: PersonStoreTests.episode(setup.world),
                identifiedAt: Date(), by: who)
            await #expect(throws: ValidationFailure.self) {
                try await stores.hearings.record(
                    try OutcomeDraft(
                        code: "bailed", treatmentRequirement: "", decidedOn: ["20", "1", "2027"],
                        hearingID: hearing.id.rawValue, note: ""
                    ).validated(today: CalendarDate(year: 2027, month: 1, day: 20)!), for: second, by: who)
            }
            #expect(try await stores.hearings.hearings(of: setup.episode.personID).map(\.id) == [hearing.id])
            #expect(try await stores.hearings.outcomes(of: setup.episode.personID).map(\.id) == [outcome.id])
            #expect(try await stores.hearings.outcomes(of: setup.world.organisation.id).map(\.id) == [outcome.id])
            let actions = try await stores.auditReader.recent(limit: 10).map(\.action)
            #expect(actions.contains("hearing.record") && actions.contains("outcome.record"))
            // The store asks the policy itself, on the episode as its transaction reads it: another organisation's
            // practitioner (whatever page they came from) records neither, a court report neither.
            let west = try await PersonStoreTests.world(stores, name: "West")
            await #expect(throws: DomainError.self) {
                try await stores.hearings.record(
                    try HearingDraft(
                        courtID: setup.court.id.rawValue, date: ["21", "1", "2027"], session: "", courtroom: "",
                        caseReference: "01TH0002"
                    ).validated(), for: setup.episode, by: west.who)
            }
            await #expect(throws: DomainError.self) {
                try await stores.hearings.record(
                    try OutcomeDraft(
                        code: "bailed", treatmentRequirement: "", decidedOn: ["21", "1", "2027"], hearingID: "",
                        note: ""
                    ).validated(today: CalendarDate(year: 2027, month: 1, day: 21)!), for: setup.episode, by: west.who)
            }
            await #expect(throws: DomainError.self) {
                try await stores.courtReports.start(
                    try CourtReportStoreTests.bail(setup.court), for: setup.episode, by: west.who)
            }
            #expect(try await stores.hearings.hearings(of: setup.episode.personID).map(\.id) == [hearing.id])
            #expect(try await stores.hearings.outcomes(of: setup.episode.personID).map(\.id) == [outcome.id])
        }
    }

    @Test(
        "An issued report that recommends a community option is compared with the court's decision",
        arguments: TestDatabase.available)
    func remandAvoided(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let setup = try await CourtReportStoreTests.setup(stores)
            var report = try await stores.courtReports.start(
                try CourtReportStoreTests.bail(setup.court), for: setup.episode, by: setup.world.who)
            for section in CourtReportSection.allCases {
                report = try await stores.courtReports.save(
                    section, SectionText(forCourt: "Text.", keptInService: "", progress: .completed),
                    recommendsCommunityOption: section == .options ? true : nil, in: report.id,
                    expected: .init(report.version), by: setup.world.who)
            }
            #expect(report.recommendsCommunityOption == true)
            report = try await stores.courtReports.submit(
                report.id, expected: .init(report.version), by: setup.world.who)
            report = try await stores.courtReports.approve(
                report.id, expected: .init(report.version), by: setup.manager)
            report = try await stores.courtReports.issue(
                report.id, pdf: [1], text: "t", recipient: CourtReportStoreTests.toCourt,
                override: .override(.courtOrder, reason: "Ordered by the court at the first hearing."),
                expected: .init(report.version), by: setup.world.who)
            _ = try await stores.hearings.record(
                try OutcomeDraft(
                    code: "remanded_in_custody", treatmentRequirement: "", decidedOn: ["20", "1", "2027"],
                    hearingID: "",
                    note: ""
                ).validated(today: CalendarDate(year: 2027, month: 2, day: 1)!), for: setup.episode, by: setup.world.who
            )
            let summary = RemandAvoidance.summarise(
                reports: try await stores.courtReports.issued(of: setup.world.organisation.id),
                outcomes: try await stores.hearings.outcomes(of: setup.world.organisation.id))
            #expect(summary.cases.count == 1 && summary.notAvoided == 1)
        }
    }
}
