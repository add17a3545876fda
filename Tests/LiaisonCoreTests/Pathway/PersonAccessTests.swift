import Testing

@testable import LiaisonCore

@Suite("Who may see a person")
struct PersonAccessTests {
    static let orgA = Organisation.ID("a")
    static let orgB = Organisation.ID("b")
    static let relationship = PersonRelationship(personID: .init("p"), organisations: [orgA])

    static func actor(_ roles: Set<Role>, _ organisation: Organisation.ID = orgA) -> Actor {
        Actor(userID: .init("u"), displayName: "U", organisationID: organisation, roles: roles)
    }

    @Test(
        "Staff of an organisation with an episode may see the person",
        arguments: [Role.practitioner, .womensPractitioner, .teamManager])
    func sameOrganisation(_ role: Role) {
        #expect(AccessPolicy.decide(Self.actor([role]), .viewPerson(Self.relationship)) == .allowed)
    }

    @Test("A support worker sees only the people allocated to them, whichever organisation holds the record")
    func supportWorkerCaseload() {
        let worker = Self.actor([.supportWorker])
        #expect(AccessPolicy.decide(worker, .viewPerson(Self.relationship)) != .allowed)
        let allocated = PersonRelationship(
            personID: .init("p"), organisations: [Self.orgA], isRestricted: true, supportWorkers: [worker.userID])
        #expect(AccessPolicy.decide(worker, .viewPerson(allocated)) == .allowed)
        let someoneElses = PersonRelationship(
            personID: .init("p"), organisations: [Self.orgA], supportWorkers: [User.ID("v")])
        #expect(AccessPolicy.decide(worker, .viewPerson(someoneElses)) != .allowed)
        // Once the worker's organisation no longer works with the person (its claim ended or lapsed), the case
        // alone opens nothing.
        let claimEnded = PersonRelationship(
            personID: .init("p"), organisations: [Self.orgB], supportWorkers: [worker.userID])
        #expect(AccessPolicy.decide(worker, .viewPerson(claimEnded)) != .allowed)
        // Holding a practitioner's role as well changes neither answer.
        let both = Actor(
            userID: worker.userID, displayName: "U", organisationID: Self.orgA, roles: [.supportWorker, .practitioner])
        #expect(AccessPolicy.decide(both, .viewPerson(allocated)) == .allowed)
        #expect(AccessPolicy.decide(both, .viewPerson(claimEnded)) != .allowed)
        // Allocation is not a licence to record the pathway: episodes stay with practitioners.
        #expect(
            AccessPolicy.decide(
                worker, .recordOnEpisode(EpisodeScope(organisationID: Self.orgA, relationship: allocated)))
                != .allowed)
    }

    @Test("A support case is worked on by its worker and its organisation's practitioners and managers")
    func supportCaseWork() {
        let relationship = PersonRelationship(
            personID: .init("p"), organisations: [Self.orgA], supportWorkers: [User.ID("w")])
        let scope = SupportCaseScope(organisationID: Self.orgA, workerID: User.ID("w"), relationship: relationship)
        let worker = Actor(userID: .init("w"), displayName: "W", organisationID: Self.orgA, roles: [.supportWorker])
        #expect(AccessPolicy.decide(worker, .workOnSupportCase(scope)) == .allowed)
        #expect(AccessPolicy.decide(Self.actor([.teamManager]), .workOnSupportCase(scope)) == .allowed)
        #expect(AccessPolicy.decide(Self.actor([.supportWorker]), .workOnSupportCase(scope)) != .allowed)
        #expect(AccessPolicy.decide(Self.actor([.practitioner], Self.orgB), .workOnSupportCase(scope)) != .allowed)
        #expect(AccessPolicy.decide(Self.actor([.analyst]), .workOnSupportCase(scope)) != .allowed)
        // Caseloads: a support worker their own only; a team manager any of the organisation's; nobody else.
        #expect(AccessPolicy.decide(worker, .viewCaseload(of: worker.userID)) == .allowed)
        #expect(AccessPolicy.decide(worker, .viewCaseload(of: nil)) != .allowed)
        #expect(AccessPolicy.decide(worker, .viewCaseload(of: User.ID("v"))) != .allowed)
        #expect(AccessPolicy.decide(Self.actor([.teamManager]), .viewCaseload(of: nil)) == .allowed)
        #expect(AccessPolicy.decide(Self.actor([.practitioner]), .viewCaseload(of: User.ID("u"))) != .allowed)
    }

    @Test(
        "A case is closed without its record only by a team manager of its organisation, and only once they may not open the person's record"
    )
    func closeWithoutRecord() {
        let held = PersonRelationship(personID: .init("p"), organisations: [Self.orgA])
        let ended = PersonRelationship(personID: .init("p"), organisations: [Self.orgB])
        func scope(_ relationship: PersonRelationship) -> SupportCaseScope {
            SupportCaseScope(organisationID: Self.orgA, workerID: User.ID("w"), relationship: relationship)
        }
        let manager = Self.actor([.teamManager])
        #expect(AccessPolicy.decide(manager, .closeSupportCaseWithoutRecord(scope(ended))) == .allowed)
        // They may open it: the case is closed with its end-of-support summary instead.
        #expect(AccessPolicy.decide(manager, .closeSupportCaseWithoutRecord(scope(held))) != .allowed)
        for other in [
            Self.actor([.practitioner]), Self.actor([.supportWorker]), Self.actor([.administrator]),
            Self.actor([.teamManager], Self.orgB),
        ] {
            #expect(AccessPolicy.decide(other, .closeSupportCaseWithoutRecord(scope(ended))) != .allowed)
        }
    }

    @Test("Staff of another organisation may not")
    func otherOrganisation() {
        #expect(AccessPolicy.decide(Self.actor([.practitioner], Self.orgB), .viewPerson(Self.relationship)) != .allowed)
    }

    @Test("Analysts and administrators never read a person's record", arguments: [Role.analyst, .administrator])
    func noRecordRoles(_ role: Role) {
        #expect(AccessPolicy.decide(Self.actor([role]), .viewPerson(Self.relationship)) != .allowed)
    }

    @Test("Episode status is derived from what has been recorded")
    func status() {
        #expect(EpisodeStatus.derive(screened: false, assessed: false, referred: false, closed: false) == .identified)
        #expect(EpisodeStatus.derive(screened: true, assessed: true, referred: false, closed: false) == .assessed)
        #expect(EpisodeStatus.derive(screened: true, assessed: true, referred: true, closed: true) == .closed)
    }
}

@Suite("Break-glass rule")
struct BreakGlassRuleTests {
    @Test("A current grant lets that user, and only that user, see the person")
    func grant() {
        let relationship = PersonRelationship(
            personID: .init("p"), organisations: [.init("a")], breakGlassUsers: [.init("u-b")])
        let holder = Actor(userID: .init("u-b"), displayName: "B", organisationID: .init("b"), roles: [.practitioner])
        let colleague = Actor(
            userID: .init("u-b2"), displayName: "B2", organisationID: .init("b"), roles: [.practitioner])
        #expect(AccessPolicy.decide(holder, .viewPerson(relationship)) == .allowed)
        #expect(AccessPolicy.decide(colleague, .viewPerson(relationship)) != .allowed)
    }

    @Test("A reason must be a sentence")
    func reason() throws {
        #expect(throws: ValidationFailure.self) { try BreakGlass.checkReason("  urgent ") }
        #expect(try BreakGlass.checkReason(" Seen at court today, unwell ") == "Seen at court today, unwell")
    }
}
