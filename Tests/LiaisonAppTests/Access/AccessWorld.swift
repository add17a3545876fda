import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import LiaisonTestSupport

@testable import LiaisonApp

/// Who asks, in the access matrix: each role of organisation A, a practitioner and a team manager of B, and
/// someone not signed in.
enum Who: String, CaseIterable, Sendable, CustomStringConvertible {
    case practitionerA, womensPractitionerA, supportWorkerA, managerA, analystA, adminA, practitionerB, managerB
    case anonymous

    var description: String { rawValue }

    var role: Role? {
        switch self {
        case .practitionerA, .practitionerB: .practitioner
        case .womensPractitionerA: .womensPractitioner
        case .supportWorkerA: .supportWorker
        case .managerA, .managerB: .teamManager
        case .analystA: .analyst
        case .adminA: .administrator
        case .anonymous: nil
        }
    }

    var isOrganisationA: Bool { ![.practitionerB, .managerB, .anonymous].contains(self) }
}

/// The relationship between organisation A's staff and the person a route is about.
enum Relationship: String, CaseIterable, Sendable, CustomStringConvertible {
    /// A holds the record (an episode at A's site).
    case own
    /// Only B holds it.
    case other
    /// A holds it, restricted; A's practitioners did not open its episode (a colleague did).
    case restricted
    /// B holds it; A's practitioner broke the glass.
    case breakGlass
    /// B holds it; A's practitioner opened an episode by a relationship claim, not yet reviewed.
    case claimed
    /// B's record, merged into one A holds.
    case mergedAway
    /// A holds it, and A's support worker is allocated to its open support case.
    case supported

    var description: String { rawValue }
}

/// Everything the access matrix asks about, in one database: organisations A and B, each role's account with a
/// session and an API token, and one person (with an episode, consent, disclosure, report, referral) per
/// relationship, plus one record of every directory kind.
struct AccessWorld: Sendable {
    struct Subject: Sendable {
        let person: Person.ID
        let episode: Episode
    }

    let users: [Who: User]
    let sessions: [Who: BrowserSession]
    let tokens: [Who: String]
    let tokenIDs: [Who: APIToken.ID]
    let subjects: [Relationship: Subject]
    let orgA: Organisation
    let siteA: Site
    let courtA: Site
    let borough: Borough
    let teamA: Team
    let serviceA: Service
    let subjectUserA: User
    let consents: [Relationship: Consent.ID]
    let disclosures: [Relationship: Disclosure.ID]
    let reports: [Relationship: CourtReport.ID]
    let referrals: [Relationship: Referral.ID]
    /// A draft PHQ-9 on the subject's episode (own: A's, other: B's).
    let screenings: [Relationship: ScreeningResponse.ID]
    let mergeA: PersonMerge.ID
    let claim: RelationshipClaim.ID
    let lineA: TriageLine.ID
    let duplicatePair: (Person.ID, Person.ID)
    let supportCase: SupportCase.ID
    /// A's support case whose claim B rejected: A may no longer open its person.
    let lapsedSupportCase: SupportCase.ID
    /// A contact on it, with a note by support worker A.
    let supportContact: SupportContact.ID
    /// A's supported housing unit, the own person's placement in it and their waiting-list request.
    let housingUnit: HousingUnit.ID
    let placement: Placement.ID
    let housingRequest: HousingRequest.ID
    /// An evaluation extract team manager A made, held for its one download.
    let evaluationExtract: String

    func user(_ who: Who) -> User? { users[who] }

    static let cli = Attribution(.commandLine)

    static func build(_ stores: Stores, clock: TestClock) async throws -> AccessWorld {
        let orgA = try await stores.organisations.create(
            try OrganisationDraft(name: "Org A", kind: "nhs_trust").validated(), by: cli)
        let orgB = try await stores.organisations.create(
            try OrganisationDraft(name: "Org B", kind: "charity").validated(), by: cli)
        let borough = try await stores.boroughs.create(
            try BoroughDraft(name: "Hackney", region: "north_east_london", population: "259200").validated(), by: cli)
        func site(_ name: String, _ kind: String, _ org: Organisation) async throws -> Site {
            try await stores.sites.create(
                try SiteDraft(name: name, kind: kind, boroughID: borough.id.rawValue).validated(), for: org.id, by: cli)
        }
        let siteA = try await site("A custody", "custody_suite", orgA)
        let courtA = try await site("A court", "magistrates_court", orgA)
        let siteB = try await site("B custody", "custody_suite", orgB)
        let courtB = try await site("B court", "magistrates_court", orgB)
        let teamA = try await stores.teams.create(
            try TeamDraft(name: "A team", siteIDs: [siteA.id.rawValue]).validated(), for: orgA.id, by: cli)

        var users: [Who: User] = [:]
        var sessions: [Who: BrowserSession] = [:]
        var tokens: [Who: String] = [:]
        var tokenIDs: [Who: APIToken.ID] = [:]
        for who in Who.allCases {
            guard let role = who.role else { continue }
            let user = try await stores.users.create(
                try UserDraft(
                    email: "\(who.rawValue.lowercased())@matrix.test", displayName: who.rawValue, roles: [role.rawValue]
                )
                .validated(), for: who.isOrganisationA ? orgA.id : orgB.id, passwordHash: "unused", by: cli)
            users[who] = user
            let session = try await stores.sessions.start(for: user.id, by: cli)
            sessions[who] = BrowserSession(cookie: "liaison_session=\(session.token)", csrf: session.csrfToken)
            let issued = try await stores.apiTokens.issue(for: user.id, name: "matrix", by: cli)
            tokens[who] = issued.secret
            tokenIDs[who] = issued.token.id
        }
        let opener = try await stores.users.create(
            try UserDraft(email: "opener@a.test", displayName: "Opener A", roles: ["practitioner"]).validated(),
            for: orgA.id, passwordHash: "unused", by: cli)
        let subjectUserA = try await stores.users.create(
            try UserDraft(email: "subject@a.test", displayName: "Subject A", roles: ["analyst"]).validated(),
            for: orgA.id, passwordHash: "unused", by: cli)
        func who(_ user: User) -> Attribution { Attribution(Actor(user: user)) }
        let pA = who(users[.practitionerA]!)
        let pB = who(users[.practitionerB]!)

        func person(_ given: String, _ family: String, at site: Site, by author: Attribution) async throws -> (
            Person, Episode
        ) {
            try await stores.people.create(
                PersonDetails(
                    givenName: given, familyName: family, dateOfBirth: CalendarDate(year: 1985, month: 4, day: 7)!,
                    statedGender: .female, ethnicity: .blackAfrican),
                firstEpisode: try EpisodeDraft(
                    siteID: site.id.rawValue, pathwayPoint: "police_custody", referralSource: "police_custody_staff",
                    urgency: "urgent"
                ).validated(), identifiedAt: clock.now, by: author)
        }
        let claimDraft = ClaimDraft(
            context: "in_custody_now", reason: "Arrested overnight and in our cells this morning")
        var subjects: [Relationship: Subject] = [:]
        let own = try await person("Olive", "Own", at: siteA, by: pA)
        subjects[.own] = Subject(person: own.0.id, episode: own.1)
        let other = try await person("Otto", "Other", at: siteB, by: pB)
        subjects[.other] = Subject(person: other.0.id, episode: other.1)
        let restricted = try await person("Rita", "Restricted", at: siteA, by: who(opener))
        var sealed = restricted.0.details
        sealed.isRestricted = true
        _ = try await stores.people.update(restricted.0.id, with: sealed, expected: .init(1), by: cli)
        subjects[.restricted] = Subject(person: restricted.0.id, episode: restricted.1)
        let glass = try await person("Gail", "Glass", at: siteB, by: pB)
        try await stores.people.breakGlass(glass.0.id, reason: "Collapsed in our cells, need the risks now", by: pA)
        subjects[.breakGlass] = Subject(person: glass.0.id, episode: glass.1)
        let claimed = try await person("Clara", "Claimed", at: siteB, by: pB)
        let claimEpisode = try await stores.episodes.open(
            try EpisodeDraft(
                siteID: siteA.id.rawValue, pathwayPoint: "police_custody", referralSource: "police_custody_staff",
                urgency: "urgent"
            ).validated(), for: claimed.0.id, identifiedAt: clock.now, claim: claimDraft, by: pA)
        subjects[.claimed] = Subject(person: claimed.0.id, episode: claimEpisode)
        let survivor = try await person("Mary", "Merged", at: siteA, by: pA)
        let mergedAway = try await person("Mary", "Merged", at: siteB, by: pB)
        // B meets the survivor in custody (a claim), so B's staff can see both records to merge them.
        _ = try await stores.episodes.open(
            try EpisodeDraft(
                siteID: siteB.id.rawValue, pathwayPoint: "police_custody", referralSource: "police_custody_staff",
                urgency: "urgent"
            ).validated(), for: survivor.0.id, identifiedAt: clock.now, claim: claimDraft, by: pB)
        let merge = try await stores.merges.propose(
            survivor: survivor.0.id, duplicate: mergedAway.0.id, reason: "Same PNC on both custody records", by: pB)
        _ = try await stores.merges.confirm(merge.id, expected: .init(1), by: who(users[.managerB]!))
        subjects[.mergedAway] = Subject(person: mergedAway.0.id, episode: mergedAway.1)
        let supported = try await person("Sue", "Supported", at: siteA, by: pA)
        var support = SupportCaseDraft()
        support.workerID = users[.supportWorkerA]!.id.rawValue
        support.startedOn = LondonTime.boxes(clock.now)
        support.domains = ["housing"]
        support.aims = ["housing": "Somewhere settled to live"]
        support.reviewOn = LondonTime.boxes(clock.now.addingTimeInterval(14 * 86_400))
        let supportCase = try await stores.support.open(support, from: supported.1.id, by: pA).id
        var held = SupportContactDraft()
        held.date = LondonTime.boxes(clock.now.addingTimeInterval(-3_600))
        held.time = LondonTime.clock(clock.now.addingTimeInterval(-3_600))
        held.mode = "phone"
        held.outcome = "attended"
        held.minutes = "20"
        held.location = "remote"
        held.note = "Called about the housing form"
        let supportContact = try await stores.support.recordContact(
            held, on: supportCase, by: who(users[.supportWorkerA]!)
        ).id
        subjects[.supported] = Subject(person: supported.0.id, episode: supported.1)
        // A case A opened on a claim that B then rejected: A may no longer open its person.
        let lapsed = try await person("Lou", "Lapsed", at: siteB, by: pB)
        let lapsedEpisode = try await stores.episodes.open(
            try EpisodeDraft(
                siteID: siteA.id.rawValue, pathwayPoint: "police_custody", referralSource: "police_custody_staff",
                urgency: "urgent"
            ).validated(), for: lapsed.0.id, identifiedAt: clock.now, claim: claimDraft, by: pA)
        let lapsedCase = try await stores.support.open(support, from: lapsedEpisode.id, by: pA).id
        let managerB = who(users[.managerB]!)
        let lapsedClaim = try await stores.claims.claims(for: users[.managerB]!.organisationID, by: managerB).first {
            $0.claim.episodeID == lapsedEpisode.id
        }!
        _ = try await stores.claims.review(
            lapsedClaim.claim.id, uphold: false, note: "Not in their cells", expected: .init(1), by: managerB)

        var unit = HousingUnitDraft()
        unit.label = "A house"
        unit.provider = "A housing"
        unit.boroughID = borough.id.rawValue
        unit.funder = "Commissioner"
        unit.fundedFrom = LondonTime.boxes(clock.now.addingTimeInterval(-30 * 86_400))
        unit.fundedUntil = LondonTime.boxes(clock.now.addingTimeInterval(300 * 86_400))
        unit.capacity = "3"
        let housingUnit = try await stores.housing.createUnit(unit, by: who(users[.managerA]!)).id
        var placing = PlacementDraft()
        placing.reason = PlacementReason.avoidRemand.rawValue
        placing.startOn = LondonTime.boxes(clock.now)
        placing.plannedEndOn = LondonTime.boxes(clock.now.addingTimeInterval(28 * 86_400))
        let placement = try await stores.housing.place(own.0.id, in: housingUnit, placing, from: nil, by: pA).id
        var asking = HousingRequestDraft()
        asking.priority = WaitingPriority.urgent.rawValue
        asking.reason = PlacementReason.avoidRemand.rawValue
        let housingRequest = try await stores.housing.request(own.0.id, asking, by: pA).item.id
        let evaluationExtract = try await stores.evaluation.make(
            try EvaluationRequest(from: "2026-01", through: "2026-12", recipient: "Dr Ada Evans, UCL"),
            provider: orgA.id, holdForDownload: true, by: who(users[.managerA]!)
        ).record.id

        // Every subject episode has an assessment started, as its organisation would (the reads then exist).
        for (relationship, subject) in subjects {
            _ = try await stores.assessments.save(
                try AssessmentSectionDraft(section: .needs, values: ["need.housing": "yes"], isFinished: false)
                    .validated(), for: subject.episode, expected: nil,
                by: relationship == .restricted
                    ? who(opener) : [.own, .claimed, .supported].contains(relationship) ? pA : pB)
        }

        // A proposed merge of two of A's own records (decided by A's managers), and a likely duplicate pair.
        let twin = try await person("Olive", "Own", at: siteA, by: pA)
        let mergeA = try await stores.merges.propose(
            survivor: own.0.id, duplicate: twin.0.id, reason: "Same custody photo and address", by: pA)
        let claim = try requireValue(
            try await stores.claims.claims(for: orgB.id, by: pB).first { $0.claim.personID == claimed.0.id }?.claim.id)

        let serviceA = try await stores.services.create(
            try ServiceDraft(
                name: "A crisis house", kind: "crisis_mental_health", provider: "Org A",
                organisationID: orgA.id.rawValue,
                boroughIDs: [borough.id.rawValue], contactRoute: "Phone", eligibility: ""
            ).validated(), by: cli)
        var consents: [Relationship: Consent.ID] = [:]
        var disclosures: [Relationship: Disclosure.ID] = [:]
        var reports: [Relationship: CourtReport.ID] = [:]
        var referrals: [Relationship: Referral.ID] = [:]
        var screenings: [Relationship: ScreeningResponse.ID] = [:]
        for (relationship, author, court) in [(Relationship.own, pA, courtA), (.other, pB, courtB)] {
            let episode = subjects[relationship]!.episode
            consents[relationship] =
                try await stores.consents.record(
                    try ConsentDraft(
                        decision: "given", recipients: ["police"], purposes: ["charging_decision"], capacityNote: "",
                        expiresOn: []
                    ).validated(today: CalendarDate(year: 2000, month: 1, day: 1)!), for: episode, by: author
                ).id
            disclosures[relationship] =
                try await stores.disclosures.share(
                    try DisclosureDraft(
                        recipientKind: "police", organisation: "Metropolitan Police", name: "DS Patel",
                        role: "Custody sergeant", purpose: "charging_decision", content: "Known to the CMHT."
                    ).validated(kind: .information), from: episode, override: nil, by: author
                ).id
            reports[relationship] =
                try await stores.courtReports.start(
                    try CourtReportDraft(
                        type: "bail_remand", courtID: court.id.rawValue, hearingDate: ["20", "1", "2027"],
                        caseReference: "01TH0001", treatmentRequirements: []
                    ).validated(), for: episode, by: author
                ).id
            referrals[relationship] =
                try await stores.referrals.create(
                    try ReferralDraft(serviceID: serviceA.id.rawValue, reason: "Crisis support", needs: ["housing"])
                        .validated(), from: episode, by: author
                ).id
            screenings[relationship] =
                try await stores.screenings.record(
                    try requireValue(Instruments.find("phq9")), answers: ["1": 1], for: episode, by: author
                ).id
        }
        referrals[.supported] =
            try await stores.referrals.create(
                try ReferralDraft(serviceID: serviceA.id.rawValue, reason: "Crisis support", needs: ["housing"])
                    .validated(), from: subjects[.supported]!.episode, by: pA
            ).id
        let lines = try ListFile.read(
            "Court,Courtroom,Hearing time,Case reference,Name,Date of birth,PNC,Charge\n"
                + "A court,3,10:00,CR1,\"OWN, Olive\",07/04/1985,,Theft",
            kind: .court, day: CalendarDate(clock.now), sites: [courtA])
        _ = try await stores.triage.importList(
            lines, kind: .court, day: CalendarDate(clock.now), fileName: "list.csv", contentHash: "h", by: pA)
        let lineA = try requireValue(
            try await stores.triage.entries(kind: .court, on: CalendarDate(clock.now), by: pA).first?.line.id)
        return AccessWorld(
            users: users, sessions: sessions, tokens: tokens, tokenIDs: tokenIDs, subjects: subjects, orgA: orgA,
            siteA: siteA,
            courtA: courtA, borough: borough, teamA: teamA, serviceA: serviceA, subjectUserA: subjectUserA,
            consents: consents, disclosures: disclosures, reports: reports, referrals: referrals,
            screenings: screenings, mergeA: mergeA.id,
            claim: claim, lineA: lineA, duplicatePair: (own.0.id, twin.0.id), supportCase: supportCase,
            lapsedSupportCase: lapsedCase,
            supportContact: supportContact, housingUnit: housingUnit, placement: placement,
            housingRequest: housingRequest, evaluationExtract: evaluationExtract)
    }
}

/// `#require` for a value outside a test body's expectation context.
func requireValue<T>(_ value: T?, _ what: String = "value") throws -> T {
    guard let value else { throw AccessWorldError.missing(what) }
    return value
}

enum AccessWorldError: Error { case missing(String) }
