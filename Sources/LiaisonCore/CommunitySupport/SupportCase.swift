import Foundation

/// The areas of life a community support worker helps someone with (issue 19). Raw values are stored and used by
/// the API: never change one.
package enum SupportDomain: String, Sendable, CaseIterable, Codable {
    case mentalHealth = "mental_health"
    case housing
    case substanceUse = "substance_use"
    case alcohol
    case finances
    case domesticAbuse = "domestic_abuse"
    case familyAndChildren = "family_children"
    case employmentAndEducation = "employment_education"
    case physicalHealth = "physical_health"

    package var label: String {
        switch self {
        case .mentalHealth: "Engaging with mental health services"
        case .housing: "Housing"
        case .substanceUse: "Drug use"
        case .alcohol: "Alcohol"
        case .finances: "Finances, debt and benefits"
        case .domesticAbuse: "Domestic abuse"
        case .familyAndChildren: "Family and children"
        case .employmentAndEducation: "Employment, education and training"
        case .physicalHealth: "Physical health"
        }
    }
}

/// Where a goal stands. Raw values are stored: never change one.
package enum GoalStatus: String, Sendable, CaseIterable, Codable {
    case notStarted = "not_started"
    case inProgress = "in_progress"
    case achieved
    case notAchieved = "not_achieved"
    case withdrawn

    package var label: String {
        switch self {
        case .notStarted: "Not started"
        case .inProgress: "In progress"
        case .achieved: "Achieved"
        case .notAchieved: "Not achieved"
        case .withdrawn: "Withdrawn"
        }
    }

    /// Achieved, not achieved and withdrawn end a goal: it needs no review date.
    package var isEnded: Bool { [.achieved, .notAchieved, .withdrawn].contains(self) }
}

/// Why a support case ended. Raw values are stored: never change one.
package enum SupportClosureReason: String, Sendable, CaseIterable, Codable {
    case goalsAchieved = "goals_achieved"
    case disengaged
    case movedAway = "moved_away"
    case inCustody = "in_custody"
    case transferred
    case died
    case other
    /// Closed by a team manager once the organisation no longer worked with the person (a claim ended): the goals
    /// were not reviewed. Never chosen on the closure form.
    case relationshipEnded = "relationship_ended"

    /// The reasons a worker chooses from when they close a case with its end-of-support summary.
    package static let chosen = allCases.filter { $0 != .relationshipEnded }

    package var label: String {
        switch self {
        case .goalsAchieved: "Goals achieved"
        case .disengaged: "Disengaged"
        case .movedAway: "Moved away"
        case .inCustody: "In custody"
        case .transferred: "Transferred to another service"
        case .died: "Died"
        case .other: "Another reason"
        case .relationshipEnded: "Closed without the record: the organisation no longer works with the person"
        }
    }
}

/// One goal of a support case: what the person wants to change in one area, where it stands and when it is next
/// reviewed.
package struct SupportGoal: Sendable, Hashable {
    package let domain: SupportDomain
    package let aim: String
    package let status: GoalStatus
    /// When the worker and the person next look at it; nil once the goal has ended.
    package let reviewOn: CalendarDate?
    /// What came of it, written when support ends.
    package let summary: String?

    package init(
        domain: SupportDomain, aim: String, status: GoalStatus, reviewOn: CalendarDate?, summary: String? = nil
    ) {
        self.domain = domain
        self.aim = aim
        self.status = status
        self.reviewOn = reviewOn
        self.summary = summary
    }
}

/// Community support for one person after identification, opened from an L&D episode and held by one support
/// worker of the episode's organisation: the worker's allocation is what lets them open the person's record.
package struct SupportCase: Sendable, Hashable, Identifiable {
    package typealias ID = TypedID<SupportCase>

    package let id: ID
    package let personID: Person.ID
    package let episodeID: Episode.ID
    package let organisationID: Organisation.ID
    package let workerID: User.ID
    package let startedOn: CalendarDate
    package let goals: [SupportGoal]
    package let closedOn: CalendarDate?
    package let closureReason: SupportClosureReason?
    package let version: Int

    package init(
        id: ID, personID: Person.ID, episodeID: Episode.ID, organisationID: Organisation.ID, workerID: User.ID,
        startedOn: CalendarDate, goals: [SupportGoal], closedOn: CalendarDate?,
        closureReason: SupportClosureReason? = nil, version: Int
    ) {
        self.closureReason = closureReason
        self.id = id
        self.personID = personID
        self.episodeID = episodeID
        self.organisationID = organisationID
        self.workerID = workerID
        self.startedOn = startedOn
        self.goals = goals
        self.closedOn = closedOn
        self.version = version
    }

    /// The goals as a case closed without its record leaves them: an open goal withdrawn, not reviewed (nobody who
    /// may read it reviewed it), an ended one as it ended.
    package var goalsEndedWithoutRecord: [SupportGoal] {
        goals.map { goal in
            goal.status.isEnded
                ? goal
                : SupportGoal(
                    domain: goal.domain, aim: goal.aim, status: .withdrawn, reviewOn: nil,
                    summary: "Not reviewed: closed once the organisation no longer worked with the person")
        }
    }

    package var isOpen: Bool { closedOn == nil }

    /// The earliest review date of the goals still running, if any.
    package var nextReview: CalendarDate? { goals.compactMap(\.reviewOn).min() }
}

/// What a practitioner typed to open a support case: the worker, the start, the first review of every goal and a
/// goal per chosen area (each goal's review moves on separately afterwards).
package struct SupportCaseDraft: Sendable, Hashable {
    package var workerID = ""
    package var startedOn: [String] = []
    package var reviewOn: [String] = []
    /// The areas ticked, by raw value.
    package var domains: [String] = []
    /// The aim typed beside each area, by raw value.
    package var aims: [String: String] = [:]

    package init() {}

    /// The goals and start, checked against `workers` (the organisation's support workers) and `today`.
    package func validated(workers: Set<User.ID>, today: CalendarDate) throws(ValidationFailure) -> (
        worker: User.ID, startedOn: CalendarDate, goals: [SupportGoal]
    ) {
        var problems = ProblemList()
        let worker = User.ID(Text.tidy(workerID))
        if workerID.isEmpty {
            problems.add("workerID", "Select the support worker")
        } else if !workers.contains(worker) {
            problems.add("workerID", "Select one of your organisation's support workers")
        }
        let started = LondonTime.day(startedOn)
        if let started {
            if today < started { problems.add("startedOn", "The start date cannot be in the future") }
        } else {
            problems.add("startedOn", "Enter the day support started, like 3 12 2026")
        }
        let chosen = SupportDomain.allCases.filter { domains.contains($0.rawValue) }
        if chosen.isEmpty || chosen.count != Set(domains).count {
            problems.add("domains", "Select at least one area the person wants support with")
        } else if domains.count != Set(domains).count {
            // A form cannot tick an area twice; a JSON body can, and its second aim would replace the first unseen.
            let twice = chosen.filter { domain in domains.filter { $0 == domain.rawValue }.count > 1 }
            problems.add(
                "domains",
                "Give each area once: \(twice.map { $0.label.lowercased() }.joined(separator: ", ")) given twice")
        }
        let review = LondonTime.day(reviewOn)
        if let review {
            if let started, review <= started {
                problems.add("reviewOn", "The first review must be after support starts")
            }
        } else {
            problems.add("reviewOn", "Enter when the goals will first be reviewed")
        }
        var goals: [SupportGoal] = []
        for domain in chosen {
            let field = "aim.\(domain.rawValue)"
            let aim = Text.tidy(aims[domain.rawValue] ?? "")
            if aim.isEmpty {
                problems.add(field, "Say what the person wants to achieve with \(domain.label.lowercased())")
            } else if aim.count > 500 {
                problems.add(field, "Keep the aim to 500 characters or fewer")
            } else if let unsafe = Text.unsafeCharacterProblem(in: aim) {
                problems.add(field, unsafe)
            }
            if let review { goals.append(SupportGoal(domain: domain, aim: aim, status: .notStarted, reviewOn: review)) }
        }
        try problems.throwIfAny()
        return (worker, started!, goals)
    }
}

/// A goal's new status and review date, as typed.
package struct GoalProgressDraft: Sendable, Hashable {
    package var status = ""
    package var reviewOn: [String] = []

    package init(status: String = "", reviewOn: [String] = []) {
        self.status = status
        self.reviewOn = reviewOn
    }

    /// The goal moved on; a running goal needs a review date after `today`, an ended one has none.
    package func validated(_ goal: SupportGoal, today: CalendarDate) throws(ValidationFailure) -> SupportGoal {
        var problems = ProblemList()
        let status = GoalStatus(rawValue: status)
        if status == nil { problems.add("status", "Select where the goal stands") }
        let review = LondonTime.day(reviewOn)
        if let status, !status.isEnded {
            if let review {
                if !(today < review) { problems.add("reviewOn", "The next review must be after today") }
            } else {
                problems.add("reviewOn", "Enter when the goal will next be reviewed")
            }
        }
        try problems.throwIfAny()
        return SupportGoal(
            domain: goal.domain, aim: goal.aim, status: status!, reviewOn: status!.isEnded ? nil : review)
    }
}

/// What the worker typed to end support: the day, why, and for each goal how it ended and what came of it.
package struct SupportClosureDraft: Sendable, Hashable {
    package var closedOn: [String] = []
    package var reason = ""
    /// Each goal's end status and summary, by area raw value.
    package var statuses: [String: String] = [:]
    package var summaries: [String: String] = [:]

    package init() {}

    /// The closure of `supportCase` on or before `today`: every goal ends (achieved, not achieved or withdrawn)
    /// with a summary.
    package func validated(_ supportCase: SupportCase, today: CalendarDate) throws(ValidationFailure) -> (
        closedOn: CalendarDate, reason: SupportClosureReason, goals: [SupportGoal]
    ) {
        var problems = ProblemList()
        let day = LondonTime.day(closedOn)
        if let day {
            if today < day { problems.add("closedOn", "Support cannot end in the future") }
            if day < supportCase.startedOn { problems.add("closedOn", "Support cannot end before it started") }
        } else {
            problems.add("closedOn", "Enter the day support ended")
        }
        let reason = SupportClosureReason(rawValue: reason).flatMap {
            SupportClosureReason.chosen.contains($0) ? $0 : nil
        }
        if reason == nil { problems.add("reason", "Select why support ended") }
        var goals: [SupportGoal] = []
        for goal in supportCase.goals {
            let key = goal.domain.rawValue
            let status = GoalStatus(rawValue: statuses[key] ?? "")
            if status == nil || status?.isEnded == false {
                problems.add("status.\(key)", "Select how the \(goal.domain.label.lowercased()) goal ended")
            }
            let summary = Text.tidy(summaries[key] ?? "")
            if summary.isEmpty {
                problems.add("summary.\(key)", "Write what came of the \(goal.domain.label.lowercased()) goal")
            } else if summary.count > 1_000 {
                problems.add("summary.\(key)", "Keep the summary to 1,000 characters or fewer")
            } else if let unsafe = Text.unsafeCharacterProblem(in: summary) {
                problems.add("summary.\(key)", unsafe)
            }
            if let status {
                goals.append(
                    SupportGoal(domain: goal.domain, aim: goal.aim, status: status, reviewOn: nil, summary: summary))
            }
        }
        try problems.throwIfAny()
        return (day!, reason!, goals)
    }
}
