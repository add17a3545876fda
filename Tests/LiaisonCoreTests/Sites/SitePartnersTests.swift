import Testing

@testable import LiaisonCore

@Suite("Sites served by partners")
struct SitePartnersTests {
    @Test("The owner and its partners work at a site; nobody else does; the draft keeps the partners named")
    func served() throws {
        let site = Site(
            id: .init("s"), name: "Thames", kind: .magistratesCourt, organisationID: .init("trust"),
            boroughID: .init("b"), isActive: true, version: 1, partners: [.init("charity")])
        #expect(site.isServed(by: .init("trust")) && site.isServed(by: .init("charity")))
        #expect(!site.isServed(by: .init("other")))
        let valid = try SiteDraft(name: "Thames", kind: "magistrates_court", boroughID: "b", partnerIDs: [" charity "])
            .validated()
        #expect(valid.partners == [.init("charity")])
        #expect(throws: ValidationFailure.self) {
            try SiteDraft(name: "Thames", kind: "magistrates_court", boroughID: "b", partnerIDs: [""]).validated()
        }
    }
}
