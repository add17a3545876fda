import Foundation
import Testing

@testable import LiaisonCore

@Suite("Support case rules")
struct SupportCaseTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let today = CalendarDate(now)
    static func boxes(_ days: Double) -> [String] { LondonTime.boxes(now.addingTimeInterval(days * 86_400)) }

    static func opening(_ change: (inout SupportCaseDraft) -> Void = { _ in }) -> SupportCaseDraft {
        var draft = SupportCaseDraft()
        draft.workerID = "w"
        draft.startedOn = boxes(-1)
        draft.reviewOn = boxes(27)
        draft.domains = ["housing", "alcohol"]
        draft.aims = ["housing": "A tenancy", "alcohol": "Drinking less"]
        change(&draft)
        return draft
    }

    static func fields(_ draft: SupportCaseDraft) -> [String] {
        do {
            _ = try draft.validated(workers: [User.ID("w")], today: today)
            return []
        } catch { return error.problems.map(\.field) }
    }

    @Test("Opening: goals in the areas' order, each not started with the first review")
    func opens() throws {
        let valid = try Self.opening().validated(workers: [User.ID("w")], today: Self.today)
        #expect(valid.goals.map(\.domain) == [.housing, .alcohol])
        #expect(valid.goals.allSatisfy { $0.status == .notStarted && $0.reviewOn == LondonTime.day(Self.boxes(27)) })
    }

    @Test(
        "Opening: a worker who is not a support worker, a future start, a review before it and a missing aim are named")
    func openingProblems() {
        #expect(Self.fields(Self.opening { $0.workerID = "p" }) == ["workerID"])
        #expect(Self.fields(Self.opening { $0.startedOn = Self.boxes(2) }) == ["startedOn"])
        #expect(Self.fields(Self.opening { $0.reviewOn = Self.boxes(-3) }) == ["reviewOn"])
        #expect(Self.fields(Self.opening { $0.aims["alcohol"] = " " }) == ["aim.alcohol"])
        #expect(Self.fields(Self.opening { $0.domains = [] }) == ["domains"])
        #expect(Self.fields(Self.opening { $0.domains = ["housing", "flying"] }) == ["domains"])
        // An area given twice (a JSON body can) is refused, not merged with the last aim winning.
        let twice = Self.opening { $0.domains = ["housing", "alcohol", "housing"] }
        #expect(Self.fields(twice) == ["domains"])
    }

    @Test("A goal that ends drops its review; one that runs needs a review after today")
    func goalProgress() throws {
        let goal = SupportGoal(domain: .housing, aim: "A tenancy", status: .inProgress, reviewOn: Self.today)
        let ended = try GoalProgressDraft(status: "achieved").validated(goal, today: Self.today)
        #expect(ended.status == .achieved && ended.reviewOn == nil)
        #expect(throws: ValidationFailure.self) {
            try GoalProgressDraft(status: "in_progress", reviewOn: LondonTime.boxes(Self.now)).validated(
                goal, today: Self.today)
        }
        #expect(throws: ValidationFailure.self) {
            try GoalProgressDraft(status: "done").validated(goal, today: Self.today)
        }
    }

    static let supportCase = SupportCase(
        id: .init("c"), personID: .init("p"), episodeID: .init("e"), organisationID: .init("o"), workerID: .init("w"),
        startedOn: today,
        goals: [SupportGoal(domain: .housing, aim: "A tenancy", status: .inProgress, reviewOn: today)], closedOn: nil,
        version: 1)

    static func contact(_ change: (inout SupportContactDraft) -> Void) -> SupportContactDraft {
        var draft = SupportContactDraft()
        let held = now.addingTimeInterval(-3_600)
        draft.date = LondonTime.boxes(held)
        draft.time = LondonTime.clock(held)
        draft.mode = "accompanied"
        draft.outcome = "attended"
        draft.minutes = "60"
        draft.location = "health_service"
        draft.goals = ["housing"]
        change(&draft)
        return draft
    }

    static func contactFields(_ draft: SupportContactDraft, referrals: Set<Referral.ID> = [.init("r")]) -> [String] {
        do {
            _ = try draft.validated(case: supportCase, referrals: referrals, now: now)
            return []
        } catch { return error.problems.map(\.field) }
    }

    @Test("Contacts: planned ones lie ahead, held ones behind with a duration; goals and referrals must be the case's")
    func contacts() {
        #expect(Self.contactFields(Self.contact { _ in }).isEmpty)
        #expect(Self.contactFields(Self.contact { $0.outcome = "planned" }) == ["date", "minutes"])
        #expect(Self.contactFields(Self.contact { $0.minutes = "" }) == ["minutes"])
        #expect(Self.contactFields(Self.contact { $0.minutes = "0" }) == ["minutes"])
        #expect(Self.contactFields(Self.contact { $0.goals = ["alcohol"] }) == ["goals"])
        #expect(Self.contactFields(Self.contact { $0.referralID = "r" }).isEmpty)
        #expect(Self.contactFields(Self.contact { $0.referralID = "x" }) == ["referralID"])
        #expect(
            Self.contactFields(
                Self.contact {
                    $0.referralID = "r"; $0.mode = "phone"
                }) == ["referralID"])
        #expect(Self.contactFields(Self.contact { $0.note = "a\u{0}b" }) == ["note"])
        // Held before support began: not a contact of this case.
        let before = Self.now.addingTimeInterval(-2 * 86_400)
        #expect(
            Self.contactFields(
                Self.contact {
                    $0.date = LondonTime.boxes(before); $0.time = LondonTime.clock(before)
                })
                == ["date"])
        let ahead = Self.now.addingTimeInterval(86_400)
        #expect(
            Self.contactFields(
                Self.contact {
                    $0.date = LondonTime.boxes(ahead); $0.time = LondonTime.clock(ahead); $0.outcome = "planned"
                    $0.minutes = ""
                }
            ).isEmpty)
    }

    @Test("What is due: overdue reviews first, then people not seen for 14 days, then this week's reviews")
    func due() {
        func due(review: Double?, seen: Double?, planned: Double? = nil, started: Double = -30) -> CaseloadDue {
            CaseloadDue(
                nextReview: review.map { CalendarDate(Self.now.addingTimeInterval($0 * 86_400)) },
                lastSeen: seen.map { Self.now.addingTimeInterval($0 * 86_400) },
                nextPlanned: planned.map { Self.now.addingTimeInterval($0 * 86_400) },
                startedOn: CalendarDate(Self.now.addingTimeInterval(started * 86_400)), now: Self.now)
        }
        #expect(due(review: -1, seen: -2).rank == 0 && due(review: -1, seen: -2).reviewOverdue)
        #expect(due(review: 20, seen: -15).rank == 1)
        #expect(due(review: 20, seen: nil, started: -3).notSeenFor14Days == false)
        #expect(due(review: 5, seen: -2).rank == 2 && due(review: 8, seen: -2).reviewThisWeek == false)
        #expect(due(review: 20, seen: -2, planned: 3).rank == 3)
        #expect(due(review: 20, seen: -2, planned: 9).rank == 4)
        #expect(due(review: -1, seen: -20).labels == ["Review overdue", "Not seen for 14 days"])
    }
}
