import Foundation
import Testing

@testable import LiaisonCore

@Suite("Training session rules")
struct TrainingSessionTests {
    static let today = CalendarDate(year: 2026, month: 12, day: 3)!

    static func draft(_ change: (inout TrainingSessionDraft) -> Void = { _ in }) -> TrainingSessionDraft {
        var draft = TrainingSessionDraft()
        draft.on = ["2", "12", "2026"]
        draft.deliveredBy = "Grace Okafor"
        draft.audienceOrganisation = "Metropolitan Police, Bethnal Green"
        draft.audience = "custody_officers"
        draft.topic = "Spotting a learning disability in custody"
        draft.location = "Bethnal Green custody suite"
        draft.attended = "12"
        draft.attendees = "PS Dean, custody sergeant\n\nDC Ali, detention officer\n"
        draft.confidenceBefore = "2.44"
        draft.confidenceAfter = "4"
        change(&draft)
        return draft
    }

    static func fields(_ draft: TrainingSessionDraft) -> [String] {
        do {
            _ = try draft.validated(today: today)
            return []
        } catch { return error.problems.map(\.field) }
    }

    @Test("A session keeps attendees by name and role only and confidence to one decimal; online has no place")
    func valid() throws {
        let valid = try Self.draft().validated(today: Self.today)
        #expect(
            valid.attendees == [
                .init(name: "PS Dean", role: "custody sergeant"), .init(name: "DC Ali", role: "detention officer"),
            ])
        #expect(valid.confidenceBefore == 2.4 && valid.confidenceAfter == 4 && valid.attended == 12)
        let online = try Self.draft {
            $0.online = true; $0.location = ""
        }.validated(today: Self.today)
        #expect(online.location == nil)
    }

    @Test("A future date, a missing place, a bad count, more names than people and scores off the scale are named")
    func problems() {
        #expect(Self.fields(Self.draft { $0.on = ["4", "12", "2026"] }) == ["on"])
        #expect(Self.fields(Self.draft { $0.location = "" }) == ["location"])
        #expect(Self.fields(Self.draft { $0.attended = "0" }) == ["attended"])
        #expect(Self.fields(Self.draft { $0.attended = "1" }) == ["attendees"])
        #expect(Self.fields(Self.draft { $0.attendees = "Just a name" }) == ["attendees"])
        #expect(Self.fields(Self.draft { $0.confidenceBefore = "6" }) == ["confidenceBefore"])
        #expect(
            Self.fields(
                Self.draft {
                    $0.audience = "army"; $0.topic = ""
                }) == ["topic", "audience"])
    }

    @Test("The summary per organisation trained weights confidence by attendance over the sessions that asked")
    func summary() {
        func session(_ org: String, _ attended: Int, _ before: Double?, _ after: Double?) -> TrainingSession {
            TrainingSession(
                id: .init(UUID().uuidString), organisationID: .init("o"), on: Self.today, deliveredBy: "G",
                audienceOrganisation: org, audience: .custodyOfficers, topic: "T", location: nil, attended: attended,
                attendees: [], confidenceBefore: before, confidenceAfter: after)
        }
        let rows = TrainingSummaryRow.rows([
            session("Met", 10, 2, 4), session("Met", 30, 3, 4.4), session("Met", 5, nil, nil),
            session("CPS", 8, nil, 5),
        ])
        #expect(rows.map(\.audienceOrganisation) == ["Met", "CPS"])
        #expect(rows[0].sessions == 3 && rows[0].attended == 45)
        #expect(rows[0].averageBefore == 2.8 && rows[0].averageAfter == 4.3)
        #expect(rows[1].averageBefore == nil && rows[1].averageAfter == nil)
    }
}
