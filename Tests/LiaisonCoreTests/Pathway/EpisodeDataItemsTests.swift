import Foundation
import Testing

@testable import LiaisonCore

@Suite("National data items of an episode")
struct EpisodeDataItemsTests {
    /// 15 January 2027, 20:00 London.
    static let now = Date(timeIntervalSince1970: 1_800_043_200)

    static func draft(_ change: (inout EpisodeDataItemsDraft) -> Void = { _ in }) -> EpisodeDataItemsDraft {
        var draft = EpisodeDataItemsDraft()
        draft.reason = "mental_health"
        draft.alertedDate = ["15", "1", "2027"]
        draft.alertedTime = "09:40"
        draft.seen = "yes"
        draft.firstContactDate = ["15", "1", "2027"]
        draft.firstContactTime = "10:25"
        draft.custodyBasis = "arrest"
        draft.offence = "theft"
        draft.learningDisability = "3"
        draft.autism = "X"
        change(&draft)
        return draft
    }

    static func fields(_ draft: EpisodeDataItemsDraft, at point: PathwayPoint = .policeCustody) -> [String] {
        do {
            _ = try draft.validated(for: .init("e"), at: point, now: now)
            return []
        } catch { return error.problems.map(\.field) }
    }

    @Test("Seen: the first contact after the alert gives the minutes to first contact; codes are kept as given")
    func seen() throws {
        let items = try Self.draft().validated(for: .init("e"), at: .policeCustody, now: Self.now)
        #expect(items.minutesToFirstContact == 45 && items.wasSeen && items.notSeenReason == nil)
        #expect(items.learningDisability == .suspectedNotOnPathway && items.autism == .notKnown)
        #expect(EpisodeDataItemsDraft(items) == Self.draft())
    }

    @Test(
        "Each rule names its field: not seen needs a reason, contact not before the alert nor in the future, a police station needs arrest or voluntary attendance"
    )
    func rules() throws {
        #expect(Self.fields(Self.draft { $0.seen = "no" }) == ["notSeenReason"])
        let notSeen = try Self.draft {
            $0.seen = "no"
            $0.notSeenReason = "released_before_seen"
        }.validated(for: .init("e"), at: .policeCustody, now: Self.now)
        #expect(notSeen.firstContactAt == nil && notSeen.minutesToFirstContact == nil)
        #expect(Self.fields(Self.draft { $0.firstContactTime = "09:00" }) == ["firstContactDate"])
        #expect(Self.fields(Self.draft { $0.firstContactTime = "21:00" }) == ["firstContactDate"])
        #expect(Self.fields(Self.draft { $0.alertedDate = ["30", "2", "2027"] }) == ["alertedDate"])
        #expect(Self.fields(Self.draft { $0.custodyBasis = "not_applicable" }) == ["custodyBasis"])
        #expect(Self.fields(Self.draft { $0.custodyBasis = "not_applicable" }, at: .magistratesCourt).isEmpty)
        #expect(Self.fields(Self.draft { $0.seen = "" }) == ["seen"])
        #expect(Self.fields(Self.draft { $0.learningDisability = "7" }) == ["learningDisability"])
    }

    @Test("The MHSDS source of referral is derived from who alerted L&D; the team type is always D02")
    func mhsds() {
        #expect(MHSDSReferralSource(.policeCustodyStaff) == .police && MHSDSReferralSource.police.rawValue == "E1")
        #expect(
            MHSDSReferralSource(.courtStaff).rawValue == "E2"
                && MHSDSReferralSource(.youthOffendingTeam).rawValue == "E6")
        #expect(MHSDSReferralSource.teamType == "D02")
        for source in ReferralSource.allCases { _ = MHSDSReferralSource(source) }
    }
}
