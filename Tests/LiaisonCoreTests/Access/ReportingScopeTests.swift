import Testing

@testable import LiaisonCore

@Suite("Reporting scope")
struct ReportingScopeTests {
    static func actor(_ roles: Set<Role>) -> Actor {
        Actor(userID: .init("u"), displayName: "U", organisationID: .init("org"), roles: roles)
    }

    @Test("An analyst's reports cover the whole service; a team manager's their organisation's")
    func scope() {
        #expect(ReportingScope.of(Self.actor([.analyst])) == .service)
        #expect(ReportingScope.of(Self.actor([.teamManager])) == .organisation(.init("org")))
        #expect(ReportingScope.of(Self.actor([.teamManager])).organisationID == .init("org"))
        #expect(ReportingScope.service.organisationID == nil)
    }
}
