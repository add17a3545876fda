import Foundation
import Testing

@testable import LiaisonCore

@Suite("Justice outcomes and remand avoidance")
struct OutcomeTests {
    static let hearing = CalendarDate(year: 2027, month: 1, day: 20)!

    static func report(_ episode: String, recommends: Bool?, status: CourtReportStatus = .issued) -> CourtReport {
        CourtReport(
            id: .init("r-\(episode)"), personID: .init("p"), episodeID: .init(episode), organisationID: .init("o"),
            type: .bailRemand, hearing: ReportHearing(courtID: .init("c"), date: hearing, caseReference: "X"),
            treatmentRequirements: [], status: status, sections: [:], authorID: .init("a"), returnComments: nil,
            approvedBy: nil, approvedAt: nil, issued: nil, recommendsCommunityOption: recommends, version: 1)
    }

    static func outcome(_ episode: String, _ code: OutcomeCode, days: Int) -> JusticeOutcome {
        let day = CalendarDate(hearing.londonStart.addingTimeInterval(Double(days) * 86_400 + 3600))
        return JusticeOutcome(
            id: .init("o-\(episode)-\(code.rawValue)"), personID: .init("p"), episodeID: .init(episode),
            hearingID: nil, code: code, treatmentRequirement: nil, decidedOn: day, note: nil, recordedBy: .init("u"),
            version: 1)
    }

    @Test(
        "Custody avoided is judged on the first court decision from the hearing on, adjournments and police decisions aside"
    )
    func remandAvoided() {
        let reports = [
            Self.report("bailed", recommends: true), Self.report("remanded", recommends: true),
            Self.report("adjourned", recommends: true), Self.report("waiting", recommends: true),
            Self.report("no-recommendation", recommends: false),
            Self.report("draft", recommends: true, status: .approved),
        ]
        let outcomes = [
            Self.outcome("bailed", .charged, days: -1), Self.outcome("bailed", .bailed, days: 0),
            Self.outcome("remanded", .bailed, days: -3), Self.outcome("remanded", .remandedInCustody, days: 0),
            Self.outcome("adjourned", .adjourned, days: 0), Self.outcome("adjourned", .communityOrder, days: 14),
            Self.outcome("adjourned", .custodialSentence, days: 30),
            Self.outcome("no-recommendation", .remandedInCustody, days: 0),
        ]
        let summary = RemandAvoidance.summarise(reports: reports, outcomes: outcomes)
        #expect(Set(summary.cases.map(\.report.episodeID.rawValue)) == ["bailed", "remanded", "adjourned", "waiting"])
        let avoided = Dictionary(uniqueKeysWithValues: summary.cases.map { ($0.report.episodeID.rawValue, $0.avoided) })
        #expect(avoided["bailed"] == .some(true) && avoided["remanded"] == .some(false))
        #expect(avoided["adjourned"] == .some(true) && avoided["waiting"] == .some(nil))
        #expect(summary.avoided == 2 && summary.notAvoided == 1 && summary.awaiting == 1)
    }

    @Test("Outcomes: decision points, treatment requirements only with community sentences, no future dates")
    func drafts() throws {
        #expect(OutcomeCode.charged.decisionPoint == .police && OutcomeCode.bailed.decisionPoint == .court)
        let today = CalendarDate(year: 2027, month: 1, day: 15)!
        let order = try OutcomeDraft(
            code: "community_order", treatmentRequirement: "mental_health", decidedOn: ["15", "1", "2027"],
            hearingID: "", note: ""
        ).validated(today: today)
        #expect(order.treatmentRequirement == .mentalHealth && order.hearingID == nil)
        do {
            _ = try OutcomeDraft(
                code: "bailed", treatmentRequirement: "drug", decidedOn: ["16", "1", "2027"], hearingID: "", note: ""
            ).validated(today: today)
            Issue.record("accepted a treatment requirement with bail, in the future")
        } catch {
            #expect(error.problems.map(\.field) == ["treatmentRequirement", "decidedOn"])
        }
        #expect(throws: ValidationFailure(field: "note", message: "Say what the outcome was")) {
            try OutcomeDraft(
                code: "other", treatmentRequirement: "", decidedOn: ["1", "1", "2027"], hearingID: "", note: ""
            )
            .validated(today: today)
        }
        let described = JusticeOutcome(
            id: .init("o"), personID: .init("p"), episodeID: .init("e"), hearingID: nil, code: .communityOrder,
            treatmentRequirement: .alcohol, decidedOn: today, note: nil, recordedBy: .init("u"), version: 1)
        #expect(described.description == "Community order with an alcohol treatment requirement")
    }
}
