import Testing

@testable import LiaisonCore

@Suite("Access policy: claims, merges, episodes and referral steps")
struct AccessPolicyRecordsTests {
    static let orgA = Organisation.ID("org-a")
    static let orgB = Organisation.ID("org-b")
    static let orgC = Organisation.ID("org-c")
    static let me = User.ID("me")

    static func actor(_ roles: Set<Role>, in organisation: Organisation.ID = orgA) -> Actor {
        Actor(userID: me, displayName: "Me", organisationID: organisation, roles: roles)
    }

    static func held(
        by organisations: Set<Organisation.ID>, restricted: Bool = false, named: Set<User.ID> = [],
        glass: Set<User.ID> = []
    ) -> PersonRelationship {
        PersonRelationship(
            personID: Person.ID("p"), organisations: organisations, breakGlassUsers: glass, isRestricted: restricted,
            namedUsers: named)
    }

    @Test("Opening an episode: ordinary where the organisation works with the person, a claim elsewhere")
    func opening() {
        let practitioner = Self.actor([.practitioner])
        #expect(AccessPolicy.episodeOpening(practitioner, Self.held(by: [Self.orgA])) == .ordinary)
        #expect(AccessPolicy.episodeOpening(practitioner, Self.held(by: [Self.orgB])) == .claimNeeded)
        #expect(AccessPolicy.episodeOpening(practitioner, Self.held(by: [])) == .claimNeeded)
        // Break-glass lets them read, not work on it without saying so: still a claim.
        #expect(AccessPolicy.episodeOpening(practitioner, Self.held(by: [Self.orgB], glass: [Self.me])) == .claimNeeded)
        for role in [Role.analyst, .administrator, .supportWorker] {
            guard case .denied = AccessPolicy.episodeOpening(Self.actor([role]), Self.held(by: [Self.orgA])) else {
                Issue.record("\(role) opened an episode")
                continue
            }
        }
    }

    @Test("A restricted record is never claimed into: break the glass first, and even then it is a claim")
    func restricted() {
        let practitioner = Self.actor([.practitioner])
        let sealed = Self.held(by: [Self.orgB], restricted: true)
        guard case .denied(let reason) = AccessPolicy.episodeOpening(practitioner, sealed) else {
            Issue.record("a restricted record was opened by a claim")
            return
        }
        #expect(reason.contains("breaking the glass"))
        #expect(AccessPolicy.decide(practitioner, .openEpisode(sealed)) != .allowed)
        let glass = Self.held(by: [Self.orgB], restricted: true, glass: [Self.me])
        #expect(AccessPolicy.episodeOpening(practitioner, glass) == .claimNeeded)
        // Inside the holding organisation a restricted record stays closed to a practitioner not named on it.
        let own = Self.held(by: [Self.orgA], restricted: true, named: [User.ID("colleague")])
        #expect(AccessPolicy.decide(practitioner, .viewPerson(own)) != .allowed)
        #expect(AccessPolicy.decide(Self.actor([.teamManager]), .viewPerson(own)) == .allowed)
        let scope = EpisodeScope(organisationID: Self.orgA, relationship: own)
        // Taking the episode is allowed (it is their organisation's) but does not open the record.
        #expect(AccessPolicy.decide(practitioner, .allocateEpisode(scope, to: Self.me)) == .allowed)
        #expect(AccessPolicy.decide(practitioner, .recordOnEpisode(scope)) != .allowed)
    }

    @Test("Recording on an episode: its own organisation's clinical staff who see the person")
    func recording() {
        let visible = EpisodeScope(organisationID: Self.orgA, relationship: Self.held(by: [Self.orgA, Self.orgB]))
        #expect(AccessPolicy.decide(Self.actor([.practitioner]), .recordOnEpisode(visible)) == .allowed)
        #expect(AccessPolicy.decide(Self.actor([.practitioner], in: Self.orgB), .recordOnEpisode(visible)) != .allowed)
        #expect(AccessPolicy.decide(Self.actor([.analyst]), .recordOnEpisode(visible)) != .allowed)
        #expect(
            AccessPolicy.decide(Self.actor([.practitioner]), .allocateEpisode(visible, to: User.ID("x"))) != .allowed)
        #expect(
            AccessPolicy.decide(Self.actor([.teamManager]), .allocateEpisode(visible, to: User.ID("x"))) == .allowed)
    }

    @Test("A merge needs both records visible to whoever proposes and decides it")
    func merges() {
        let mine = Self.held(by: [Self.orgA])
        let theirs = Self.held(by: [Self.orgB])
        let practitioner = Self.actor([.practitioner])
        let manager = Self.actor([.teamManager])
        #expect(AccessPolicy.decide(practitioner, .proposeMergeOf(mine, mine)) == .allowed)
        #expect(AccessPolicy.decide(practitioner, .proposeMergeOf(mine, theirs)) != .allowed)
        #expect(AccessPolicy.decide(manager, .decideMerge(proposingOrganisation: Self.orgA, mine, theirs)) != .allowed)
        #expect(AccessPolicy.decide(manager, .decideMerge(proposingOrganisation: Self.orgB, mine, mine)) != .allowed)
        #expect(AccessPolicy.decide(manager, .decideMerge(proposingOrganisation: Self.orgA, mine, mine)) == .allowed)
        #expect(
            AccessPolicy.decide(practitioner, .decideMerge(proposingOrganisation: Self.orgA, mine, mine)) != .allowed)
    }

    @Test("Claims are reviewed by the holders' team managers, never by the claimant's own (unless nobody else held it)")
    func claimReview() {
        let scope = ClaimScope(claimingOrganisation: Self.orgB, holders: [Self.orgA])
        #expect(AccessPolicy.decide(Self.actor([.teamManager]), .reviewClaim(scope)) == .allowed)
        #expect(AccessPolicy.decide(Self.actor([.practitioner]), .reviewClaim(scope)) != .allowed)
        #expect(AccessPolicy.decide(Self.actor([.teamManager], in: Self.orgB), .reviewClaim(scope)) != .allowed)
        #expect(AccessPolicy.decide(Self.actor([.teamManager], in: Self.orgC), .reviewClaim(scope)) != .allowed)
        let orphan = ClaimScope(claimingOrganisation: Self.orgB, holders: [Self.orgB])
        #expect(AccessPolicy.decide(Self.actor([.teamManager], in: Self.orgB), .reviewClaim(orphan)) == .allowed)
    }

    @Test(
        "Referral steps: the referrer sends and closes, the service's organisation records what it did",
        arguments: ReferralStatus.allCases)
    func referralSteps(_ step: ReferralStatus) {
        let scope = ReferralStepScope(
            referringOrganisation: Self.orgA, receivingOrganisation: Self.orgB, step: step,
            relationship: Self.held(by: [Self.orgA, Self.orgB, Self.orgC]))
        let referrerStep = [ReferralStatus.proposed, .sent, .closed].contains(step)
        #expect(
            (AccessPolicy.decide(Self.actor([.practitioner]), .recordReferralStep(scope)) == .allowed) == referrerStep)
        #expect(
            (AccessPolicy.decide(Self.actor([.practitioner], in: Self.orgB), .recordReferralStep(scope)) == .allowed)
                == !referrerStep)
        #expect(AccessPolicy.decide(Self.actor([.practitioner], in: Self.orgC), .recordReferralStep(scope)) != .allowed)
        // A service outside the partnership: the referrer records what the service told them.
        let outside = ReferralStepScope(
            referringOrganisation: Self.orgA, receivingOrganisation: nil, step: step,
            relationship: Self.held(by: [Self.orgA]))
        #expect(AccessPolicy.decide(Self.actor([.practitioner]), .recordReferralStep(outside)) == .allowed)
    }

    @Test("Who runs a service changes only by an administrator of the organisation that runs it")
    func serviceOperator() {
        let manager = Self.actor([.teamManager])
        let admin = Self.actor([.administrator])
        #expect(AccessPolicy.decide(manager, .editService(runBy: Self.orgA)) == .allowed)
        #expect(AccessPolicy.decide(manager, .editService(runBy: nil)) == .allowed)
        #expect(AccessPolicy.decide(manager, .editService(runBy: Self.orgB)) != .allowed)
        #expect(AccessPolicy.decide(manager, .createService(runBy: Self.orgB)) != .allowed)
        #expect(AccessPolicy.decide(manager, .changeServiceOperator(from: Self.orgB, to: Self.orgA)) != .allowed)
        #expect(AccessPolicy.decide(manager, .changeServiceOperator(from: Self.orgA, to: Self.orgB)) != .allowed)
        #expect(AccessPolicy.decide(admin, .changeServiceOperator(from: Self.orgB, to: Self.orgA)) != .allowed)
        #expect(AccessPolicy.decide(admin, .changeServiceOperator(from: Self.orgA, to: Self.orgB)) == .allowed)
        #expect(AccessPolicy.decide(admin, .changeServiceOperator(from: nil, to: Self.orgA)) == .allowed)
        #expect(AccessPolicy.decide(admin, .changeServiceOperator(from: nil, to: Self.orgB)) != .allowed)
        #expect(AccessPolicy.decide(.commandLine, .changeServiceOperator(from: Self.orgB, to: Self.orgA)) == .allowed)
    }

    @Test("Separation of duties: no administrator changes their own roles or resets their own password")
    func separationOfDuties() {
        let admin = Self.actor([.administrator])
        #expect(
            AccessPolicy.decide(
                admin,
                .changeRoles(of: Self.me, in: Self.orgA, from: [.administrator], to: [.administrator, .practitioner]))
                != .allowed)
        #expect(
            AccessPolicy.decide(
                admin, .changeRoles(of: Self.me, in: Self.orgA, from: [.administrator], to: [.administrator]))
                == .allowed)
        #expect(
            AccessPolicy.decide(admin, .changeRoles(of: User.ID("other"), in: Self.orgA, from: [], to: [.practitioner]))
                == .allowed)
        #expect(
            AccessPolicy.decide(admin, .changeRoles(of: User.ID("other"), in: Self.orgB, from: [], to: [.practitioner]))
                != .allowed)
        #expect(AccessPolicy.decide(admin, .resetPassword(of: Self.me, in: Self.orgA)) != .allowed)
        #expect(AccessPolicy.decide(admin, .resetPassword(of: User.ID("other"), in: Self.orgA)) == .allowed)
        #expect(
            AccessPolicy.decide(Self.actor([.teamManager]), .resetPassword(of: User.ID("other"), in: Self.orgA))
                != .allowed)
    }

    @Test(
        "A reason to reach a record is a reviewable sentence",
        arguments: [
            ("need it", false), ("aaaaaaaaaaaaaaaaaaaaaaaaa", false), ("a a a a a a a a a a a a", false),
            ("urgent urgent urgent urgent", false),
            ("In custody at Brixton overnight, sergeant asked for an assessment", true),
        ])
    func reasons(_ reason: String, _ accepted: Bool) {
        #expect(((try? AccessReason.check(reason)) != nil) == accepted)
    }

    @Test("A refused permission names the person in the error, for the audit of refusals")
    func refusalNamesPerson() {
        #expect(throws: DomainError.forbidden(reason: AccessPolicyRecordsTests.otherReason, personID: Person.ID("p"))) {
            try AccessPolicy.require(Self.actor([.practitioner]), .viewPerson(Self.held(by: [Self.orgB])))
        }
    }

    static let otherReason =
        "This person has no episode at your organisation's sites and no referral to its services, so their record is not shared with you."
}
