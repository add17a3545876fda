import Foundation
import LiaisonCore

/// The demo's community support: a case for most referrals the charity's community support accepts, held by one
/// of its support workers, with goals from the referral's need, weekly contacts (most attended, some missed or
/// cancelled), a planned next contact while open, and closure after six to twelve weeks. Each case draws from its
/// own generator, seeded by the referral, so a seed keeps making the same people.
struct DemoSupport: Sendable {
    /// Support workers by organisation, and who opens cases there.
    let workers: [Organisation.ID: [Attribution]]
    let openers: [Organisation.ID: Attribution]
    let now: Date

    static func domain(for need: Need) -> SupportDomain {
        switch need {
        case .housing: .housing
        case .financesDebt: .finances
        case .substanceMisuse: .substanceUse
        case .alcoholMisuse: .alcohol
        case .domesticAbuse: .domesticAbuse
        case .physicalHealth: .physicalHealth
        default: .mentalHealth
        }
    }

    /// Adds a case for `referral` (to `service`, accepted on `accepted`) when the service's organisation has
    /// support workers.
    func add(
        referral: String, episode: Episode, service: Service, need: Need, accepted: CalendarDate, ids: IDGenerator,
        into rows: inout DemoRows
    ) throws {
        guard let organisation = service.organisationID, let staff = workers[organisation], !staff.isEmpty,
            let opener = openers[organisation]
        else { return }
        var random = DemoRandom(seed: UInt64(referral.filter(\.isHexDigit).suffix(15), radix: 16) ?? 7)
        guard random.chance(0.85) else { return }
        let worker = staff[Int.random(in: 0..<staff.count, using: &random)]
        let start = accepted.londonStart.addingTimeInterval(Double(Int.random(in: 1...4, using: &random)) * 86_400)
        guard start < now else { return }
        let first = Self.domain(for: need)
        let others = SupportDomain.allCases.filter { $0 != first && random.chance(0.15) }.prefix(2)
        let domains = SupportDomain.allCases.filter { $0 == first || others.contains($0) }
        var draft = SupportCaseDraft()
        draft.workerID = worker.actor.userID.rawValue
        draft.startedOn = LondonTime.boxes(start)
        draft.reviewOn = LondonTime.boxes(start.addingTimeInterval(28 * 86_400))
        draft.domains = domains.map(\.rawValue)
        for domain in domains { draft.aims[domain.rawValue] = Self.aims[domain] }
        let valid = try draft.validated(workers: [worker.actor.userID], today: CalendarDate(now))
        let weeks = Int.random(in: 6...12, using: &random)
        let end = start.addingTimeInterval(Double(weeks * 7) * 86_400)
        let closed = end < now
        let closure: SupportClosureReason? =
            closed
            ? random.weighted([
                (.goalsAchieved, 0.55), (.disengaged, 0.25), (.movedAway, 0.08), (.inCustody, 0.07),
                (.transferred, 0.05),
            ])
            : nil
        let id = ids.nextRaw()
        let person = episode.personID.rawValue
        let stamp = Timestamp.text(start)
        var contactCount = 0
        var day = start.addingTimeInterval(Double(Int.random(in: 1...3, using: &random)) * 86_400)
        let lastDay = min(end, now)
        while day < lastDay {
            let at = SiteKind.london.date(
                bySettingHour: Int.random(in: 9...16, using: &random), minute: 0, second: 0, of: day)!
            guard at < now else { break }
            var contact = SupportContactDraft()
            contact.date = LondonTime.boxes(at)
            contact.time = LondonTime.clock(at)
            contact.outcome =
                random.weighted([
                    (ContactOutcome.attended, 0.75), (.didNotAttend, 0.15), (.cancelled, 0.1),
                ]).rawValue
            contact.mode =
                random.weighted([
                    (ContactMode.faceToFace, 0.4), (.phone, 0.25), (.accompanied, 0.15), (.outreach, 0.15),
                    (.video, 0.05),
                ]).rawValue
            contact.location =
                contact.mode == ContactMode.phone.rawValue || contact.mode == ContactMode.video.rawValue
                ? ContactLocation.remote.rawValue
                : random.weighted([
                    (ContactLocation.community, 0.35), (.office, 0.25), (.home, 0.15), (.healthService, 0.1),
                    (.housingOrCouncil, 0.15),
                ]).rawValue
            contact.minutes =
                contact.outcome == ContactOutcome.attended.rawValue
                ? String(Int.random(in: 2...12, using: &random) * 10) : ""
            contact.goals = [domains.randomElement(using: &random)!.rawValue]
            contact.note = Self.notes[contact.outcome] ?? ""
            try addContact(contact, case: id, valid: valid, worker: worker, person: person, ids: ids, into: &rows)
            contactCount += 1
            day = day.addingTimeInterval(Double(Int.random(in: 5...10, using: &random)) * 86_400)
        }
        if !closed {
            let next = SiteKind.london.date(
                bySettingHour: 11, minute: 0, second: 0,
                of: now.addingTimeInterval(Double(Int.random(in: 1...7, using: &random)) * 86_400))!
            var planned = SupportContactDraft()
            planned.date = LondonTime.boxes(next)
            planned.time = LondonTime.clock(next)
            planned.outcome = ContactOutcome.planned.rawValue
            planned.mode = ContactMode.faceToFace.rawValue
            planned.location = ContactLocation.community.rawValue
            planned.goals = [first.rawValue]
            try addContact(planned, case: id, valid: valid, worker: worker, person: person, ids: ids, into: &rows)
        }
        rows.add(
            "support_cases",
            [
                id, person, episode.id.rawValue, worker.actor.organisationID.rawValue, worker.actor.userID.rawValue,
                valid.startedOn.description, closed ? CalendarDate(end).description : nil, closure?.rawValue,
                opener.actor.userID.rawValue, stamp, stamp, 1,
            ])
        rows.audit("support_case.open", "support_case", id, person: person, by: opener)
        for goal in valid.goals {
            let status: GoalStatus =
                closed
                ? (closure == .goalsAchieved ? .achieved : random.weighted([(.notAchieved, 0.6), (.withdrawn, 0.4)]))
                : (contactCount == 0 ? .notStarted : .inProgress)
            // A running goal's review is four weeks on from the last one: some fall due, a few are overdue.
            var review = valid.startedOn.londonStart.addingTimeInterval(28 * 86_400)
            while review < now.addingTimeInterval(-Double(Int.random(in: 0...10, using: &random)) * 86_400) {
                review = review.addingTimeInterval(28 * 86_400)
            }
            rows.add(
                "support_goals",
                [
                    id, goal.domain.rawValue, goal.aim, status.rawValue,
                    status.isEnded ? nil : CalendarDate(review).description,
                    status.isEnded ? Self.summaries[status] : nil,
                ])
        }
    }

    private func addContact(
        _ draft: SupportContactDraft, case id: String,
        valid: (worker: User.ID, startedOn: CalendarDate, goals: [SupportGoal]),
        worker: Attribution, person: String, ids: IDGenerator, into rows: inout DemoRows
    ) throws {
        let supportCase = SupportCase(
            id: .init(id), personID: .init(person), episodeID: .init(""), organisationID: worker.actor.organisationID,
            workerID: worker.actor.userID, startedOn: valid.startedOn, goals: valid.goals, closedOn: nil, version: 1)
        // Checked by the Core rules as of the moment it was recorded: planned ones the day before, held ones after.
        let checked = try draft.validated(case: supportCase, referrals: [], now: now)
        let contactID = ids.nextRaw()
        rows.add(
            "support_contacts",
            [
                contactID, id, Timestamp.text(checked.at), checked.mode.rawValue, checked.outcome.rawValue,
                checked.minutes, checked.location.rawValue, checked.note,
                checked.goals.map(\.rawValue).joined(separator: ","), String?.none, worker.actor.userID.rawValue,
                Timestamp.text(checked.outcome == .planned ? now : checked.at),
            ])
    }

    static let aims: [SupportDomain: String] = [
        .mentalHealth: "Get back in touch with the community mental health team and keep appointments",
        .housing: "Somewhere settled to live, on the housing register",
        .substanceUse: "Start with the drug service and stay with it",
        .alcohol: "Cut down drinking with the alcohol service",
        .finances: "Benefits in payment and the debts in a plan",
        .domesticAbuse: "Safe from the ex-partner, with an advocate",
        .familyAndChildren: "Contact with the children arranged",
        .employmentAndEducation: "A course or some work",
        .physicalHealth: "Registered with a GP and the health check done",
    ]

    static let summaries: [GoalStatus: String] = [
        .achieved: "Done: the person has what they wanted from this and knows who to call.",
        .notAchieved: "Not reached before support ended; the service has the details if the person returns.",
        .withdrawn: "The person chose to leave this for now.",
    ]

    static let notes: [String: String] = [
        ContactOutcome.attended.rawValue: "Went through what is next together; agreed the next step.",
        ContactOutcome.didNotAttend.rawValue: "Not at the meeting point; left a message and a text.",
        ContactOutcome.cancelled.rawValue: "Rearranged at the person's request.",
    ]
}
