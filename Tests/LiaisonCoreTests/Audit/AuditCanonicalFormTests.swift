import Foundation
import Testing

@testable import LiaisonCore

@Suite("Audit canonical form")
struct AuditCanonicalFormTests {
    @Test("The canonical form joins every field with the unit separator, time in milliseconds")
    func canonicalForm() {
        let actor = Actor(userID: User.ID("u1"), displayName: "U", organisationID: .init("o"), roles: [])
        let entry = AuditEntry(
            actor: actor, action: "site.create", subjectType: "site", subjectID: "s1", reason: "why", requestID: "r1")
        let content = AuditCanonicalForm.content(
            sequence: 7, occurredAt: Date(timeIntervalSince1970: 1.5), entry: entry, previousHash: "abc")
        #expect(
            content
                == ["7", "1500", "u1", "site.create", "site", "s1", "", "why", "r1", "abc"].joined(separator: "\u{1F}"))
    }
}
