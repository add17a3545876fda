import Testing

@testable import LiaisonCore

@Suite("Access policy")
struct AccessPolicyTests {
    static let orgA = Organisation.ID("org-a")
    static let orgB = Organisation.ID("org-b")

    static func actor(_ roles: Set<Role>, in organisation: Organisation.ID = orgA) -> Actor {
        Actor(userID: User.ID("u"), displayName: "U", organisationID: organisation, roles: roles)
    }

    @Test("Every signed-in role may see the directory", arguments: Role.allCases)
    func directory(_ role: Role) {
        #expect(AccessPolicy.decide(Self.actor([role]), .viewDirectory) == .allowed)
    }

    @Test("Only administrators manage their own organisation's sites and users", arguments: Role.allCases)
    func manageOwnOrganisation(_ role: Role) {
        let expected = role == .administrator
        #expect((AccessPolicy.decide(Self.actor([role]), .manageSites(of: Self.orgA)) == .allowed) == expected)
        #expect((AccessPolicy.decide(Self.actor([role]), .manageUsers(of: Self.orgA)) == .allowed) == expected)
    }

    @Test("Who attended a training session: the staff of the organisation that ran it, never an analyst or another")
    func trainingAttendees() {
        #expect(AccessPolicy.decide(Self.actor([.practitioner]), .viewTrainingAttendees(of: Self.orgA)) == .allowed)
        #expect(AccessPolicy.decide(Self.actor([.teamManager]), .viewTrainingAttendees(of: Self.orgA)) == .allowed)
        #expect(AccessPolicy.decide(Self.actor([.practitioner]), .viewTrainingAttendees(of: Self.orgB)) != .allowed)
        #expect(AccessPolicy.decide(Self.actor([.analyst]), .viewTrainingAttendees(of: Self.orgA)) != .allowed)
        #expect(AccessPolicy.decide(Self.actor([.administrator]), .viewTrainingAttendees(of: Self.orgA)) != .allowed)
    }

    @Test("An administrator of one organisation cannot manage or see another's accounts")
    func otherOrganisation() {
        let admin = Self.actor([.administrator])
        for permission in [
            Permission.manageUsers(of: Self.orgB), .viewUsers(of: Self.orgB), .manageSites(of: Self.orgB),
            .manageOrganisation(Self.orgB),
        ] {
            #expect(
                AccessPolicy.decide(admin, permission)
                    == .denied(reason: "This belongs to another organisation in the partnership."))
        }
    }

    @Test("Team managers see but cannot change their organisation's accounts")
    func teamManager() {
        let manager = Self.actor([.teamManager])
        #expect(AccessPolicy.decide(manager, .viewUsers(of: Self.orgA)) == .allowed)
        #expect(AccessPolicy.decide(manager, .manageUsers(of: Self.orgA)) != .allowed)
    }

    @Test("require throws forbidden with the reason")
    func requireThrows() {
        #expect(throws: DomainError.forbidden(reason: "Only administrators can do this.")) {
            try AccessPolicy.require(Self.actor([.analyst]), .viewAudit)
        }
    }
}
