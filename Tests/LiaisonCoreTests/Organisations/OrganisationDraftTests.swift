import Testing

@testable import LiaisonCore

@Suite("Organisation drafts")
struct OrganisationDraftTests {
    @Test("The ODS code is optional and upper-cased")
    func odsCode() throws {
        #expect(try OrganisationDraft(name: "ELFT", kind: "nhs_trust", odsCode: " rwk ").validated().odsCode == "RWK")
        #expect(try OrganisationDraft(name: "Charity", kind: "charity", odsCode: "").validated().odsCode == nil)
    }

    @Test("An ODS code with punctuation is rejected")
    func badODSCode() {
        let failure = #expect(throws: ValidationFailure.self) {
            try OrganisationDraft(name: "ELFT", kind: "nhs_trust", odsCode: "RW-K").validated()
        }
        #expect(failure?.problems.map(\.field) == ["odsCode"])
    }
}
