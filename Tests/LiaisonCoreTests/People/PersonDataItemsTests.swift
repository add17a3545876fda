import Testing

@testable import LiaisonCore

@Suite("A person's GP and equality items")
struct PersonDataItemsTests {
    static func draft(_ change: (inout PersonDataItemsDraft) -> Void = { _ in }) -> PersonDataItemsDraft {
        var draft = PersonDataItemsDraft()
        draft.nhsNumberVerified = "yes"
        draft.gpPractice = " f84012 "
        draft.religion = "muslim"
        draft.sexualOrientation = "Z"
        draft.disability = "declined"
        draft.dependentChildren = "yes"
        draft.careExperienced = "not_known"
        draft.veteran = "no"
        draft.pregnant = "yes"
        change(&draft)
        return draft
    }

    static func fields(_ draft: PersonDataItemsDraft, hasNHSNumber: Bool = true) -> [String] {
        do {
            _ = try draft.validated(for: .init("p"), hasNHSNumber: hasNHSNumber)
            return []
        } catch { return error.problems.map(\.field) }
    }

    @Test("Answers are kept as coded; the ODS code is tidied to capitals")
    func kept() throws {
        let items = try Self.draft().validated(for: .init("p"), hasNHSNumber: true)
        #expect(items.gpPractice == "F84012" && items.nhsNumberVerified && items.sexualOrientation == .notStated)
        #expect(items.disability == .declined && items.careExperienced == .notKnown)
        #expect(items.veteran == .no && items.pregnant == .yes)
        #expect(PersonDataItemsDraft(items) == Self.draft { $0.gpPractice = "F84012" })
    }

    @Test("A malformed practice code, a verified flag without a number and missing answers are named by field")
    func problems() {
        #expect(Self.fields(Self.draft { $0.gpPractice = "84012F" }) == ["gpPractice"])
        #expect(Self.fields(Self.draft { $0.gpPractice = "F8401" }) == ["gpPractice"])
        #expect(Self.fields(Self.draft(), hasNHSNumber: false) == ["nhsNumberVerified"])
        #expect(Self.fields(Self.draft { $0.gpPractice = "" }).isEmpty, "the practice is optional")
        #expect(
            Self.fields(
                Self.draft {
                    $0.religion = ""; $0.careExperienced = "maybe"
                }) == ["religion", "careExperienced"])
        #expect(
            Self.fields(
                Self.draft {
                    $0.veteran = ""; $0.pregnant = "perhaps"
                }) == ["veteran", "pregnant"])
    }
}
