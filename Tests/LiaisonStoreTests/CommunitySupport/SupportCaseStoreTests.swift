import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

@Suite("Support case store")
struct SupportCaseStoreTests {
    struct Setting {
        let world: PersonStoreTests.World
        let worker: Attribution
        let otherWorker: Attribution
        let person: Person
        let episode: Episode
    }

    static func setting(_ stores: Stores) async throws -> Setting {
        let world = try await PersonStoreTests.world(stores)
        let worker = try await Fixture.user(
            stores, email: "sam@elft.test", organisation: world.organisation, roles: [.supportWorker])
        let other = try await Fixture.user(
            stores, email: "kim@elft.test", organisation: world.organisation, roles: [.supportWorker])
        let (person, episode) = try await stores.people.create(
            PersonStoreTests.details(), firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(),
            by: world.who)
        return Setting(
            world: world, worker: Attribution(Actor(user: worker), requestID: "w"),
            otherWorker: Attribution(Actor(user: other), requestID: "o"), person: person, episode: episode)
    }

    /// Whether the policy lets `who` open the person's record, on the relationships the store reads.
    static func sees(_ stores: Stores, _ person: Person.ID, _ who: Attribution) async throws -> Bool {
        AccessPolicy.decide(who.actor, .viewPerson(try await stores.people.relationship(of: person))) == .allowed
    }

    static func draft(worker: User.ID, started: CalendarDate = CalendarDate(Date())) -> SupportCaseDraft {
        var draft = SupportCaseDraft()
        draft.workerID = worker.rawValue
        draft.startedOn = [String(started.day), String(started.month), String(started.year)]
        draft.domains = ["housing", "mental_health"]
        draft.aims = ["housing": "A tenancy of her own", "mental_health": "Back in touch with her care coordinator"]
        let review = CalendarDate(Date().addingTimeInterval(14 * 86_400))
        let boxes = [String(review.day), String(review.month), String(review.year)]
        draft.reviewOn = boxes
        return draft
    }

    @Test(
        "A practitioner opens a case for a support worker, who then opens the person's record; others are refused",
        arguments: TestDatabase.available)
    func allocationIsTheRelationship(_ database: TestDatabase) async throws {
        try await database.withStores(clock: .system) { stores in
            let setting = try await Self.setting(stores)
            let worker = setting.worker.actor.userID
            // Before allocation the support worker does not see the person, though the organisation works with them.
            #expect(try await Self.sees(stores, setting.person.id, setting.worker) == false)
            // Support workers are allocated: one cannot open a case, and only a support worker can hold one.
            await #expect(throws: DomainError.self) {
                try await stores.support.open(
                    Self.draft(worker: worker), from: setting.episode.id, by: setting.worker)
            }
            await #expect(throws: ValidationFailure.self) {
                try await stores.support.open(
                    Self.draft(worker: setting.world.who.actor.userID), from: setting.episode.id,
                    by: setting.world.who)
            }
            let opened = try await stores.support.open(
                Self.draft(worker: worker), from: setting.episode.id, by: setting.world.who)
            #expect(opened.workerID == worker && opened.goals.map(\.domain) == [.mentalHealth, .housing])
            #expect(opened.goals.allSatisfy { $0.status == .notStarted } && opened.version == 1)
            #expect(try await Self.sees(stores, setting.person.id, setting.worker))
            #expect(try await stores.support.find(opened.id, by: setting.worker).supportCase == opened)
            // Another support worker of the same organisation, and anyone at another organisation, are refused.
            #expect(try await Self.sees(stores, setting.person.id, setting.otherWorker) == false)
            await #expect(throws: DomainError.self) {
                try await stores.support.find(opened.id, by: setting.otherWorker)
            }
            let west = try await PersonStoreTests.world(stores, name: "West")
            await #expect(throws: DomainError.self) { try await stores.support.find(opened.id, by: west.who) }
            let actions = try await stores.auditReader.recent(limit: 20).map(\.action)
            #expect(actions.contains("support_case.open") && actions.contains("support_case.view"))
        }
    }

    @Test(
        "Goals move on at the case's version; contacts are checked (planned in the future, held with a duration) and listed in the caseload",
        arguments: TestDatabase.available)
    func goalsContactsAndCaseload(_ database: TestDatabase) async throws {
        try await database.withStores(clock: .system) { stores in
            let setting = try await Self.setting(stores)
            let worker = setting.worker.actor.userID
            // Started a week ago: yesterday's contact belongs to it.
            let opened = try await stores.support.open(
                Self.draft(worker: worker, started: CalendarDate(Date().addingTimeInterval(-7 * 86_400))),
                from: setting.episode.id, by: setting.world.who)
            let later = CalendarDate(Date().addingTimeInterval(28 * 86_400))
            let laterBoxes = [String(later.day), String(later.month), String(later.year)]
            let moved = try await stores.support.moveGoal(
                .housing, of: opened.id, to: GoalProgressDraft(status: "in_progress", reviewOn: laterBoxes),
                expected: .init(1), by: setting.worker)
            #expect(moved.version == 2 && moved.goals.first { $0.domain == .housing }?.status == .inProgress)
            await #expect(throws: DomainError.staleVersion(current: 2)) {
                try await stores.support.moveGoal(
                    .mentalHealth, of: opened.id, to: GoalProgressDraft(status: "achieved"), expected: .init(1),
                    by: setting.worker)
            }
            let achieved = try await stores.support.moveGoal(
                .mentalHealth, of: opened.id, to: GoalProgressDraft(status: "achieved"), expected: .init(2),
                by: setting.worker)
            #expect(
                achieved.goals.first { $0.domain == .mentalHealth }.map { $0.status == .achieved && $0.reviewOn == nil }
                    == true)

            var held = SupportContactDraft()
            let yesterday = Date().addingTimeInterval(-86_400)
            held.date = LondonTime.boxes(yesterday)
            held.time = LondonTime.clock(yesterday)
            held.mode = "face_to_face"
            held.outcome = "attended"
            held.location = "community"
            held.goals = ["housing"]
            held.note = "Went through the housing register form together."
            // A held contact says how long it took.
            await #expect(throws: ValidationFailure.self) {
                try await stores.support.recordContact(held, on: opened.id, by: setting.worker)
            }
            held.minutes = "45"
            let contact = try await stores.support.recordContact(held, on: opened.id, by: setting.worker)
            #expect(contact.minutes == 45 && contact.goals == [.housing] && contact.recordedBy == worker)
            var planned = held
            planned.outcome = "planned"
            planned.minutes = ""
            await #expect(throws: ValidationFailure.self) {
                try await stores.support.recordContact(planned, on: opened.id, by: setting.worker)
            }
            let tomorrow = Date().addingTimeInterval(86_400)
            planned.date = LondonTime.boxes(tomorrow)
            planned.time = LondonTime.clock(tomorrow)
            _ = try await stores.support.recordContact(planned, on: opened.id, by: setting.worker)
            let record = try await stores.support.find(opened.id, by: setting.worker)
            #expect(record.contacts.map(\.outcome) == [.planned, .attended])
            // Only the note's author withdraws it; it is kept, marked, and the withdrawal audited.
            await #expect(throws: DomainError.self) {
                try await stores.support.withdrawNote(of: contact.id, on: opened.id, by: setting.world.who)
            }
            let returned = try await stores.support.withdrawNote(of: contact.id, on: opened.id, by: setting.worker)
            #expect(returned.id == contact.id && returned.noteWithdrawnAt != nil)
            // Asked again (a second submit): nothing changes, and the request is on the record's trail.
            let again = try await stores.support.withdrawNote(of: contact.id, on: opened.id, by: setting.worker)
            #expect(again.noteWithdrawnAt == returned.noteWithdrawnAt)
            let reread = try #require(try await stores.auditReader.recent(limit: 1).first)
            #expect(
                reread.action == "support_case.note_withdraw_repeated" && reread.personID == opened.personID.rawValue)
            let withdrawn = try #require(
                try await stores.support.find(opened.id, by: setting.worker).contacts.first { $0.id == contact.id })
            #expect(withdrawn.noteWithdrawnAt != nil && withdrawn.note == held.note)
            #expect(try await stores.auditReader.recent(limit: 4).map(\.action).contains("support_case.note_withdraw"))

            let caseload = try await stores.support.caseload(of: worker, by: setting.worker)
            #expect(caseload.count == 1 && caseload[0].personName?.hasSuffix("HASSAN") == true)
            #expect(caseload[0].lastSeen != nil && caseload[0].nextPlanned != nil)
            // The view is on the trail of the person it named.
            let viewed = try #require(try await stores.auditReader.recent(limit: 1).first)
            #expect(viewed.action == "support_caseload.view" && viewed.personID == opened.personID.rawValue)
            // A support worker sees only their own caseload; a team manager sees the organisation's.
            await #expect(throws: DomainError.self) {
                try await stores.support.caseload(of: worker, by: setting.otherWorker)
            }
            await #expect(throws: DomainError.self) {
                try await stores.support.caseload(of: nil, by: setting.otherWorker)
            }
            #expect(
                try await stores.support.caseload(of: worker, by: setting.world.manager).map(\.supportCase.id) == [
                    opened.id
                ])
            #expect(try await stores.support.caseload(of: nil, by: setting.world.manager).count == 1)
            // The practitioner's own caseload (not a support worker's) is refused by role.
            await #expect(throws: DomainError.self) {
                try await stores.support.caseload(of: setting.world.who.actor.userID, by: setting.world.who)
            }
        }
    }
}

extension SupportCaseStoreTests {
    @Test(
        "A team manager reallocates (the record goes with the case), sees each worker's load; ending support needs every goal's ending and summary, and takes the case off the caseload",
        arguments: TestDatabase.available)
    func reallocateAndClose(_ database: TestDatabase) async throws {
        try await database.withStores(clock: .system) { stores in
            let setting = try await Self.setting(stores)
            let opened = try await stores.support.open(
                Self.draft(worker: setting.worker.actor.userID), from: setting.episode.id, by: setting.world.who)
            let other = setting.otherWorker.actor.userID
            // Only a team manager reallocates; to a support worker; at the version read.
            await #expect(throws: DomainError.self) {
                try await stores.support.reallocate(opened.id, to: other, expected: .init(1), by: setting.world.who)
            }
            await #expect(throws: ValidationFailure.self) {
                try await stores.support.reallocate(
                    opened.id, to: setting.world.who.actor.userID, expected: .init(1), by: setting.world.manager)
            }
            let moved = try await stores.support.reallocate(
                opened.id, to: other, expected: .init(1), by: setting.world.manager)
            #expect(moved.workerID == other && moved.version == 2)
            await #expect(throws: DomainError.staleVersion(current: 2)) {
                try await stores.support.reallocate(
                    opened.id, to: setting.worker.actor.userID, expected: .init(1), by: setting.world.manager)
            }
            #expect(try await Self.sees(stores, setting.person.id, setting.otherWorker))
            #expect(try await Self.sees(stores, setting.person.id, setting.worker) == false)
            let loads = try await stores.support.workload(by: setting.world.manager)
            #expect(loads.first { $0.worker == other }?.openCases == 1)
            #expect(loads.first { $0.worker == setting.worker.actor.userID }?.openCases == 0)

            var closure = SupportClosureDraft()
            closure.closedOn = LondonTime.boxes(Date())
            closure.reason = "goals_achieved"
            closure.statuses = ["housing": "achieved", "mental_health": "in_progress"]
            closure.summaries = ["housing": "Has a tenancy"]
            do {
                _ = try await stores.support.close(closure, opened.id, expected: .init(2), by: setting.otherWorker)
                Issue.record("a running goal and a missing summary should be refused")
            } catch let failure as ValidationFailure {
                #expect(Set(failure.problems.map(\.field)) == ["status.mental_health", "summary.mental_health"])
            }
            closure.statuses["mental_health"] = "not_achieved"
            closure.summaries["mental_health"] = "Did not want the CMHT yet"
            let closed = try await stores.support.close(closure, opened.id, expected: .init(2), by: setting.otherWorker)
            #expect(closed.closureReason == .goalsAchieved && !closed.isOpen)
            #expect(closed.goals.map(\.summary) == ["Did not want the CMHT yet", "Has a tenancy"])
            #expect(closed.goals.allSatisfy { $0.reviewOn == nil && $0.status.isEnded })
            // Typed against the open case (by a practitioner, who still works on it): a conflict (both shown, the
            // summaries kept), not "already closed"; and a goal moved against it likewise.
            await #expect(throws: DomainError.staleVersion(current: 3)) {
                _ = try await stores.support.close(closure, opened.id, expected: .init(2), by: setting.world.who)
            }
            await #expect(throws: DomainError.staleVersion(current: 3)) {
                _ = try await stores.support.moveGoal(
                    .housing, of: opened.id, to: GoalProgressDraft(status: "achieved", reviewOn: []),
                    expected: .init(2), by: setting.world.who)
            }
            await #expect(throws: DomainError.staleVersion(current: 3)) {
                _ = try await stores.support.reallocate(
                    opened.id, to: setting.worker.actor.userID, expected: .init(2), by: setting.world.manager)
            }
            #expect(try await stores.support.caseload(of: other, by: setting.otherWorker).isEmpty)
            #expect(try await Self.sees(stores, setting.person.id, setting.otherWorker) == false)
            // The practitioners of the organisation still read it.
            #expect(try await stores.support.find(opened.id, by: setting.world.who).supportCase == closed)
        }
    }
}

extension SupportCaseStoreTests {
    @Test(
        "The charity opens a case from a referral its community support accepted; an accompanied contact records the first appointment as attended and supported",
        arguments: TestDatabase.available)
    func fromReferral(_ database: TestDatabase) async throws {
        try await database.withStores(clock: .system) { stores in
            let trust = try await PersonStoreTests.world(stores)
            let charity = try await PersonStoreTests.world(stores, name: "Pathways")
            let worker = try await Fixture.user(
                stores, email: "sam@pathways.test", organisation: charity.organisation, roles: [.supportWorker])
            let borough = try await stores.boroughs.list().first!
            let service = try await stores.services.create(
                try ServiceDraft(
                    name: "Pathways Community Support", kind: "community_support", provider: "Pathways",
                    organisationID: charity.organisation.id.rawValue, boroughIDs: [borough.id.rawValue],
                    contactRoute: "support@pathways.example", eligibility: ""
                ).validated(), by: charity.manager)
            let (person, episode) = try await stores.people.create(
                PersonStoreTests.details(), firstEpisode: PersonStoreTests.episode(trust), identifiedAt: Date(),
                by: trust.who)
            let referral = try await stores.referrals.create(
                try ReferralDraft(serviceID: service.id.rawValue, reason: "Needs help to engage", needs: ["housing"])
                    .validated(), on: episode.id, by: trust.who)
            // Every date of the test is the contact's (ten minutes ago), so that a run across midnight does not
            // record the acceptance on a later day than the appointment it precedes.
            let held = Date().addingTimeInterval(-600)
            let today = CalendarDate(held)
            func step(_ status: String, expected: Int, by who: Attribution) async throws {
                _ = try await stores.referrals.record(
                    ReferralStepDraft(
                        status: status, day: "\(today.day)", month: "\(today.month)", year: "\(today.year)"),
                    on: referral.id, expected: .init(expected), by: who)
            }
            try await step("sent", expected: 1, by: trust.who)
            let draft = Self.draft(worker: worker.id)
            // Sent but not accepted: no case yet; the trust cannot open one for the charity's service either.
            await #expect(throws: DomainError.self) {
                try await stores.support.open(draft, fromReferral: referral.id, by: charity.who)
            }
            try await step("accepted", expected: 2, by: charity.who)
            await #expect(throws: DomainError.self) {
                try await stores.support.open(draft, fromReferral: referral.id, by: trust.who)
            }
            let opened = try await stores.support.open(draft, fromReferral: referral.id, by: charity.who)
            #expect(opened.organisationID == charity.organisation.id && opened.episodeID == episode.id)
            let workerWho = Attribution(Actor(user: worker), requestID: "w")
            #expect(try await Self.sees(stores, person.id, workerWho))

            var contact = SupportContactDraft()
            contact.date = LondonTime.boxes(held)
            contact.time = LondonTime.clock(held)
            contact.mode = "accompanied"
            contact.outcome = "attended"
            contact.minutes = "120"
            contact.location = "housing_council"
            contact.referralID = referral.id.rawValue
            _ = try await stores.support.recordContact(contact, on: opened.id, by: workerWho)
            let after = try #require(try await stores.referrals.find(referral.id))
            #expect(after.status == .attended && after.supportedToFirstAppointment == true)
            #expect(after.firstAppointmentOn == CalendarDate(held) && after.attendance == .attendedOnTime)
            #expect(after.steps.last?.recordedBy == worker.id && after.version == 4)
        }
    }
}

@Suite("Demo community support")
struct DemoSupportTests {
    @Test(
        "Referrals the charity's community support accepted become cases held by its support workers, with contacts the rules accept; each worker's caseload opens",
        arguments: TestDatabase.available)
    func demoCases(_ database: TestDatabase) async throws {
        try await database.withStores(clock: .system) { stores in
            try await DemoLoader(stores: stores, hashPassword: { "hash-of-\($0.count)" }).load { _, _, _ in }
            try await DemoPeople(stores: stores, seed: 5, now: Date()).load(count: 1_200) { _ in }
            let workers = try await stores.users.list(of: nil).filter { $0.roles.contains(.supportWorker) }
            #expect(workers.count == 3)
            var open = 0
            for worker in workers {
                let who = Attribution(Actor(user: worker), requestID: "demo")
                let caseload = try await stores.support.caseload(of: worker.id, by: who)
                open += caseload.count
                for entry in caseload.prefix(3) {
                    // The worker opens each case and the person's record; every name is shown to them.
                    #expect(entry.personName != nil && entry.nextPlanned != nil)
                    let record = try await stores.support.find(entry.supportCase.id, by: who)
                    #expect(record.supportCase.workerID == worker.id && !record.supportCase.goals.isEmpty)
                    #expect(try await SupportCaseStoreTests.sees(stores, entry.supportCase.personID, who))
                }
            }
            let counts = try await stores.database.withConnection { db in
                (
                    try await db.select().column("id").from("support_cases").all().count,
                    try await db.select().column("id").from("support_contacts").all().count
                )
            }
            #expect(
                open > 5 && counts.0 > open && counts.1 > counts.0 * 3,
                "\(open) open of \(counts.0), \(counts.1) contacts")
        }
    }
}
