import Foundation
import Testing

@testable import LiaisonCore

@Suite("Young person record rules")
struct YoungPersonDraftTests {
    static let episode = Episode.ID("e1")
    /// 15 January 2027, 20:00 London.
    static let now = Date(timeIntervalSince1970: 1_800_043_200)

    static func draft(_ change: (inout YoungPersonDraft) -> Void = { _ in }) -> YoungPersonDraft {
        var draft = YoungPersonDraft()
        draft.appropriateAdultName = "Maria Lopez"
        draft.appropriateAdultRelationship = "parent"
        draft.appropriateAdultDate = ["15", "1", "2027"]
        draft.appropriateAdultFrom = "19:10"
        draft.youthJustice = "open_case"
        change(&draft)
        return draft
    }

    static func fields(_ draft: YoungPersonDraft, age: Int) -> [String] {
        do {
            _ = try draft.validated(for: episode, age: age, now: now)
            return []
        } catch { return error.problems.map(\.field) }
    }

    @Test("A child's Appropriate Adult is kept with when they came and left; a time before arrival is the next day")
    func appropriateAdult() throws {
        let record = try Self.draft { $0.appropriateAdultUntil = "01:30" }.validated(
            for: Self.episode, age: 15, now: Self.now)
        let adult = try #require(record.appropriateAdult)
        #expect(adult.name == "Maria Lopez" && adult.relationship == .parent)
        #expect(LondonTime.clock(adult.presentFrom) == "19:10")
        #expect(adult.presentUntil == adult.presentFrom.addingTimeInterval((6 * 60 + 20) * 60))
        #expect(record.youthJustice == .open && record.transition == nil)
        #expect(YoungPersonDraft(record).appropriateAdultUntil == "01:30")
    }

    @Test("Each missing or impossible answer is named on its field")
    func problems() {
        #expect(
            Self.fields(Self.draft { $0.appropriateAdultRelationship = "" }, age: 15) == [
                "appropriateAdultRelationship"
            ])
        #expect(Self.fields(Self.draft { $0.appropriateAdultFrom = "25:00" }, age: 15) == ["appropriateAdultFrom"])
        #expect(Self.fields(Self.draft { $0.appropriateAdultFrom = "20:30" }, age: 15) == ["appropriateAdultFrom"])
        #expect(
            Self.fields(Self.draft { $0.appropriateAdultDate = ["31", "2", "2027"] }, age: 15) == [
                "appropriateAdultDate"
            ])
        #expect(Self.fields(Self.draft { $0.youthJustice = "" }, age: 15) == ["youthJustice"])
        #expect(
            Self.fields(Self.draft { $0.parentCarerName = "Ana" }, age: 15) == [
                "parentCarerRelationship", "parentCarerInformed",
            ])
    }

    @Test("An Appropriate Adult is for children; the move to adult services is for 17 and 18-year-olds, with a plan")
    func ages() throws {
        #expect(Self.fields(Self.draft(), age: 18) == ["appropriateAdultName"])
        let transition = Self.draft {
            $0.appropriateAdultName = ""
            $0.appropriateAdultRelationship = ""
            $0.appropriateAdultDate = []
            $0.appropriateAdultFrom = ""
            $0.transition = "yes"
        }
        #expect(Self.fields(transition, age: 18) == ["transitionPlan"])
        var planned = transition
        planned.transitionPlan = "Handover to the adult CMHT by March; she wants her YOT worker at the first meeting"
        #expect(
            try planned.validated(for: Self.episode, age: 17, now: Self.now).transition?.plan.hasPrefix("Handover")
                == true)
        #expect(Self.fields(planned, age: 15) == ["transition"])
        #expect(Self.fields(planned, age: 19) == ["youthJustice"], "no record past 18")
    }

    @Test("A child in custody without an Appropriate Adult is flagged; at court or with one recorded, not")
    func needsAppropriateAdult() throws {
        #expect(YoungPersonRecord.needsAppropriateAdult(age: 15, at: .policeCustody, record: nil))
        #expect(!YoungPersonRecord.needsAppropriateAdult(age: 15, at: .youthCourt, record: nil))
        #expect(!YoungPersonRecord.needsAppropriateAdult(age: 18, at: .policeCustody, record: nil))
        let record = try Self.draft().validated(for: Self.episode, age: 15, now: Self.now)
        #expect(!YoungPersonRecord.needsAppropriateAdult(age: 15, at: .policeCustody, record: record))
    }
}
