import Testing

@testable import LiaisonCore

@Suite("Site drafts")
struct SiteDraftTests {
    @Test("A blank site name is rejected", arguments: ["", "   ", "\n"])
    func blankNameIsRejected(_ name: String) {
        #expect(throws: ValidationFailure.self) {
            try SiteDraft(name: name, kind: "custody_suite", boroughID: "b1").validated()
        }
    }

    @Test("Every problem is reported at once, in form order")
    func everyProblemAtOnce() {
        // given
        let draft = SiteDraft(name: "", kind: "castle", boroughID: " ")
        // when
        let failure = #expect(throws: ValidationFailure.self) { try draft.validated() }
        // then
        #expect(failure?.problems.map(\.field) == ["name", "kind", "boroughID"])
        #expect(failure?.message(for: "name") == "Enter the site name")
    }

    @Test("A valid draft is trimmed and typed")
    func validDraft() throws {
        let valid = try SiteDraft(name: "  Wood Green custody suite ", kind: "custody_suite", boroughID: "b1")
            .validated()
        #expect(valid.name == "Wood Green custody suite")
        #expect(valid.kind == .custodySuite)
        #expect(valid.boroughID == Borough.ID("b1"))
    }

    @Test("Names over 120 characters are rejected")
    func longName() {
        let failure = #expect(throws: ValidationFailure.self) {
            try SiteDraft(name: String(repeating: "a", count: 121), kind: "crown_court", boroughID: "b").validated()
        }
        #expect(failure?.message(for: "name") == "The site name must be 120 characters or fewer")
    }

    @Test("Stored site kinds never change their raw values")
    func stableRawValues() {
        #expect(
            SiteKind.allCases.map(\.rawValue) == [
                "custody_suite", "voluntary_attendance", "magistrates_court", "crown_court", "youth_court",
                "probation_office", "community_base",
            ])
    }
}
