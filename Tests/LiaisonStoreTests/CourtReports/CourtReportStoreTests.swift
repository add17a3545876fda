import Crypto
import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

@Suite("Court report store")
struct CourtReportStoreTests {
    struct Setup {
        let world: PersonStoreTests.World
        let court: Site
        let episode: Episode
        let manager: Attribution
    }

    static func setup(_ stores: Stores) async throws -> Setup {
        let world = try await PersonStoreTests.world(stores)
        let borough = try await stores.boroughs.list().first!
        let court = try await Fixture.site(
            stores, name: "Thames Magistrates' Court", organisation: world.organisation, borough: borough,
            kind: "magistrates_court")
        let (_, episode) = try await stores.people.create(
            PersonStoreTests.details(), firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(),
            by: world.who)
        let manager = try await Fixture.user(
            stores, email: "manager@elft.test", organisation: world.organisation, roles: [.teamManager])
        return Setup(
            world: world, court: court, episode: episode, manager: Attribution(Actor(user: manager), requestID: "m"))
    }

    static func bail(_ court: Site) throws -> ValidCourtReport {
        try CourtReportDraft(
            type: "bail_remand", courtID: court.id.rawValue, hearingDate: ["20", "1", "2027"],
            caseReference: "01TH0001", treatmentRequirements: []
        ).validated()
    }

    static let toCourt = Recipient(
        kind: .court, organisation: "Thames Magistrates' Court", name: nil, role: "Legal adviser")

    /// Writes every section and submits.
    static func written(_ stores: Stores, _ setup: Setup) async throws -> CourtReport {
        var report = try await stores.courtReports.start(try bail(setup.court), for: setup.episode, by: setup.world.who)
        for section in CourtReportSection.allCases {
            report = try await stores.courtReports.save(
                section,
                try CourtReportSectionDraft(
                    forCourt: "\(section.title) for the court.", keptInService: "Clinical only.", finished: true
                ).validated(), in: report.id, expected: .init(report.version), by: setup.world.who)
        }
        return try await stores.courtReports.submit(report.id, expected: .init(report.version), by: setup.world.who)
    }

    @Test(
        "A report is written, submitted, approved by a team manager and issued with its PDF's SHA-256 and a disclosure; then it is locked",
        arguments: TestDatabase.available)
    func lifecycle(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let setup = try await Self.setup(stores)
            let who = setup.world.who
            await #expect(throws: ValidationFailure.self) {
                try await stores.courtReports.start(
                    try CourtReportDraft(
                        type: "bail_remand", courtID: setup.world.site.id.rawValue, hearingDate: ["20", "1", "2027"],
                        caseReference: "X", treatmentRequirements: []
                    ).validated(), for: setup.episode, by: who)
            }
            let submitted = try await Self.written(stores, setup)
            #expect(submitted.status == .submitted && submitted.isComplete)
            await #expect(throws: DomainError.self) {
                try await stores.courtReports.approve(submitted.id, expected: .init(submitted.version), by: who)
            }
            await #expect(throws: DomainError.self) {
                try await stores.courtReports.issue(
                    submitted.id, pdf: [1, 2, 3], text: "x", recipient: Self.toCourt, override: nil,
                    expected: .init(submitted.version), by: who)
            }
            let approved = try await stores.courtReports.approve(
                submitted.id, expected: .init(submitted.version), by: setup.manager)
            #expect(approved.status == .approved && approved.approvedBy == setup.manager.actor.userID)
            await #expect(throws: DomainError.self) {
                try await stores.courtReports.save(
                    .risk, SectionText(forCourt: "changed", keptInService: "", progress: .completed), in: approved.id,
                    expected: .init(approved.version), by: who)
            }
            let pdf = Array("%PDF-1.3 pretend".utf8)
            await #expect(throws: ConsentRequired(latest: nil)) {
                try await stores.courtReports.issue(
                    approved.id, pdf: pdf, text: "Report text", recipient: Self.toCourt, override: nil,
                    expected: .init(approved.version), by: who)
            }
            _ = try await stores.consents.record(
                try ConsentDraft(
                    decision: "given", recipients: ["court"], purposes: ["bail_remand"], capacityNote: "", expiresOn: []
                ).validated(today: CalendarDate(year: 2000, month: 1, day: 1)!), for: setup.episode, by: who)
            await #expect(throws: DomainError.staleVersion(current: approved.version)) {
                try await stores.courtReports.issue(
                    approved.id, pdf: pdf, text: "Report text", recipient: Self.toCourt, override: nil,
                    expected: .init(approved.version - 1), by: who)
            }
            let issued = try await stores.courtReports.issue(
                approved.id, pdf: pdf, text: "Report text", recipient: Self.toCourt, override: nil,
                expected: .init(approved.version), by: who)
            let hash = Hex.lowercase(SHA256.hash(data: Data(pdf)))
            #expect(issued.status == .issued && issued.issued?.sha256 == hash)
            #expect(try await stores.courtReports.issuedPDF(issued.id, by: who) == pdf)
            let disclosure = try #require(try await stores.disclosures.list(for: setup.episode.id).first)
            #expect(disclosure.id == issued.issued?.disclosureID && disclosure.kind == .courtReport)
            #expect(disclosure.content == "Report text\n\nSHA-256 of the issued PDF: \(hash)")
            #expect(disclosure.purpose == .bailRemand && disclosure.recipient.kind == .court)
            for attempt in [CourtReportAction.submit, .approve, .issue] {
                await #expect(throws: DomainError.ruleBroken("This report has been issued: it cannot be changed")) {
                    switch attempt {
                    case .submit:
                        _ = try await stores.courtReports.submit(issued.id, expected: .init(issued.version), by: who)
                    case .approve:
                        _ = try await stores.courtReports.approve(
                            issued.id, expected: .init(issued.version), by: setup.manager)
                    default:
                        _ = try await stores.courtReports.issue(
                            issued.id, pdf: pdf, text: "again", recipient: Self.toCourt, override: nil,
                            expected: .init(issued.version), by: who)
                    }
                }
            }
            let viewed = try #require(try await stores.courtReports.view(issued.id, by: who))
            #expect(viewed.sections[.risk]?.keptInService == "Clinical only.")
            let actions = try await stores.auditReader.recent(limit: 40).map(\.action)
            for action in [
                "court_report.start", "court_report.submit", "court_report.approve", "court_report.issue",
                "court_report.download", "court_report.view", "disclosure.share",
            ] {
                #expect(actions.contains(action))
            }
        }
    }

    @Test(
        "A practitioner's drafts to finish are their own, each on its person's trail; a draft of a record they may no longer open is not listed",
        arguments: TestDatabase.available)
    func draftsToFinish(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let setup = try await Self.setup(stores)
            let colleague = Attribution(
                Actor(
                    user: try await Fixture.user(
                        stores, email: "colleague@elft.test", organisation: setup.world.organisation)))
            let mine = try await stores.courtReports.start(
                try Self.bail(setup.court), for: setup.episode, by: colleague)
            #expect(try await stores.courtReports.drafts(by: colleague).map(\.id) == [mine.id])
            let viewed = try #require(try await stores.auditReader.recent(limit: 1).first)
            #expect(viewed.action == "court_report.list_view" && viewed.personID == setup.episode.personID.rawValue)
            #expect(try await stores.courtReports.drafts(by: setup.manager).isEmpty)
            // The record is restricted: the colleague is not named on it, so the draft is no longer listed to them.
            let person = try #require(try await stores.people.view(setup.episode.personID, by: setup.world.who))
            var details = person.details
            details.isRestricted = true
            _ = try await stores.people.update(
                person.id, with: details, expected: .init(person.version), by: setup.world.who)
            let before = try await Fixture.auditCount(stores)
            #expect(try await stores.courtReports.drafts(by: colleague).isEmpty)
            #expect(try await Fixture.auditCount(stores) == before)
        }
    }

    @Test("A team manager returns a report with comments; it is a draft again", arguments: TestDatabase.available)
    func returned(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let setup = try await Self.setup(stores)
            let submitted = try await Self.written(stores, setup)
            // A section typed before the report was submitted is a conflict (both shown, the text kept), not
            // "waiting for review".
            await #expect(throws: DomainError.staleVersion(current: submitted.version)) {
                try await stores.courtReports.save(
                    .risk,
                    try CourtReportSectionDraft(forCourt: "Typed meanwhile.", keptInService: "", finished: false)
                        .validated(), in: submitted.id, expected: .init(submitted.version - 1), by: setup.world.who)
            }
            await #expect(throws: ValidationFailure.self) {
                try await stores.courtReports.returnForChanges(
                    submitted.id, comments: "", expected: .init(submitted.version), by: setup.manager)
            }
            let returned = try await stores.courtReports.returnForChanges(
                submitted.id, comments: "Say more about the housing options.", expected: .init(submitted.version),
                by: setup.manager)
            #expect(returned.status == .draft && returned.returnComments == "Say more about the housing options.")
            #expect(
                try await stores.courtReports.awaitingReview(of: setup.world.organisation.id, by: setup.world.who)
                    .isEmpty)
            let again = try await stores.courtReports.submit(
                returned.id, expected: .init(returned.version), by: setup.world.who)
            #expect(
                try await stores.courtReports.awaitingReview(of: setup.world.organisation.id, by: setup.world.who).map(
                    \.id) == [again.id])
            let listed = try await stores.auditReader.recent(limit: 1).first
            #expect(listed?.action == "court_report.list_view" && listed?.personID == again.personID.rawValue)
        }
    }
}
