import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

@Suite("Dashboard store: activity")
struct DashboardActivityStoreTests {
    @Test(
        "Needs, reports and sharing, outcomes after a report, support, housing and training on a hand-built set, each counted once and only under the filter",
        arguments: TestDatabase.available)
    func activity(_ database: TestDatabase) async throws {
        try await database.withStores(clock: .system) { stores in
            let setup = try await CourtReportStoreTests.setup(stores)
            let world = setup.world
            let today = CalendarDate(Date())
            // The episode's assessment finds housing and mental health needs.
            _ = try await stores.assessments.save(
                try AssessmentSectionDraft(
                    section: .needs,
                    values: ["need.housing": "yes", "need.mental_health": "yes", "mentalHealthKind": "mood"],
                    isFinished: true
                ).validated(), for: setup.episode, expected: nil, by: world.who)
            // A bail report is written, approved and issued with consent (which records a disclosure).
            let submitted = try await CourtReportStoreTests.written(stores, setup)
            let approved = try await stores.courtReports.approve(
                submitted.id, expected: .init(submitted.version), by: setup.manager)
            _ = try await stores.consents.record(
                try ConsentDraft(
                    decision: "given", recipients: ["court"], purposes: ["bail_remand"], capacityNote: "", expiresOn: []
                ).validated(today: today), for: setup.episode, by: world.who)
            _ = try await stores.courtReports.issue(
                approved.id, pdf: Array("%PDF-1.3".utf8), text: "Report", recipient: CourtReportStoreTests.toCourt,
                override: nil, expected: .init(approved.version), by: world.who)
            // The court bails her the same day: an outcome after the report. Another episode's remand had none.
            _ = try await stores.hearings.record(
                try OutcomeDraft(
                    code: "bailed", treatmentRequirement: "", decidedOn: LondonTime.boxes(Date()), hearingID: "",
                    note: ""
                ).validated(today: today), for: setup.episode, by: world.who)
            let (_, unreported) = try await stores.people.create(
                PersonStoreTests.details("Noreport", "Person"), firstEpisode: PersonStoreTests.episode(world),
                identifiedAt: Date(), by: world.who)
            _ = try await stores.hearings.record(
                try OutcomeDraft(
                    code: "remanded_in_custody", treatmentRequirement: "", decidedOn: LondonTime.boxes(Date()),
                    hearingID: "", note: ""
                ).validated(today: today), for: unreported, by: world.who)
            // A support case with two goals is opened and closed: one achieved.
            let worker = try await Fixture.user(
                stores, email: "sam@elft.test", organisation: world.organisation, roles: [.supportWorker])
            let workerWho = Attribution(Actor(user: worker), requestID: "w")
            let opened = try await stores.support.open(
                SupportCaseStoreTests.draft(worker: worker.id, started: today), from: setup.episode.id, by: world.who)
            var closure = SupportClosureDraft()
            closure.closedOn = LondonTime.boxes(Date())
            closure.reason = "goals_achieved"
            closure.statuses = ["housing": "achieved", "mental_health": "not_achieved"]
            closure.summaries = ["housing": "Has a tenancy", "mental_health": "Declined the clinic"]
            _ = try await stores.support.close(closure, opened.id, expected: .init(opened.version), by: workerWho)
            // A five-place unit: one placement today, which the court then bails.
            let unit = try await HousingStoreTests.unit(stores, world)
            let placement = try await stores.housing.place(
                setup.episode.personID, in: unit.id, HousingStoreTests.draft(), from: nil, by: world.who)
            _ = try await stores.housing.recordOutcome(
                .bailed, of: placement.id, expected: .init(placement.version), by: world.who)
            // Training for twenty response officers yesterday.
            var training = TrainingSessionDraft()
            training.on = LondonTime.boxes(Date().addingTimeInterval(-86_400))
            training.deliveredBy = "Grace Okafor"
            training.audienceOrganisation = "Metropolitan Police"
            training.audience = "response_officers"
            training.topic = "Section 136"
            training.online = true
            training.attended = "20"
            _ = try await stores.training.record(training, by: world.who)
            // Another organisation's work, which the filter leaves out.
            let west = try await PersonStoreTests.world(stores, name: "West")
            training.attended = "9"
            _ = try await stores.training.record(training, by: west.who)

            var filter = DashboardFilter(from: CalendarDate(Date().addingTimeInterval(-29 * 86_400)), until: today.next)
            filter.organisationID = world.organisation.id
            let activity = try await stores.dashboard.counts(filter, by: setup.manager).activity
            #expect(activity.needs == [.housing: 1, .mentalHealth: 1])
            #expect(activity.reportsWritten == 1 && activity.reportsIssued == 1)
            #expect(activity.disclosures == [.courtReport: 1])
            #expect(activity.afterReport == [.bailed: 1])
            #expect(activity.supportOpened == 1 && activity.supportClosed == 1)
            #expect(activity.goalsSet == 2 && activity.goalsAchieved == 1)
            #expect(activity.placementsMade == 1 && activity.placementsDecided == 1 && activity.placementsBailed == 1)
            // Placed today: tonight is the one night of the period occupied, of five places for 30 nights.
            #expect(activity.nightsOccupied == 1 && activity.nightsPossible == 150)
            #expect(activity.trainingSessions == 1 && activity.trained == [.responseOfficers: 20])

            // Women only leaves the women's figures; the service-wide view adds the other organisation's training.
            var womenOnly = filter
            womenOnly.womenOnly = true
            let women = try await stores.dashboard.counts(womenOnly, by: setup.manager).activity
            #expect(women.needs == [.housing: 1, .mentalHealth: 1] && women.supportOpened == 1)
            filter.organisationID = nil
            let service = try await stores.dashboard.counts(filter, by: Attribution(.commandLine)).activity
            #expect(service.trainingSessions == 2 && service.trained == [.responseOfficers: 29])
            // A period before any of it counts nothing but the places the unit's funding already paid for.
            let earlier = try await stores.dashboard.counts(filter.previous.previous, by: Attribution(.commandLine))
            var empty = DashboardActivity()
            empty.nightsPossible = 150
            #expect(earlier.activity == empty)
        }
    }
}
