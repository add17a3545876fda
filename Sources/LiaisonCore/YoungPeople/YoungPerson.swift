import Foundation

/// Who an Appropriate Adult is to the child. Raw values are stored and sent over the API: never change one.
package enum AppropriateAdultRelationship: String, Sendable, CaseIterable, Codable {
    case parent
    case carer
    case socialWorker = "social_worker"
    case volunteer = "volunteer_scheme"
    case other

    package var label: String {
        switch self {
        case .parent: "Parent"
        case .carer: "Carer or guardian"
        case .socialWorker: "Social worker"
        case .volunteer: "Appropriate adult scheme volunteer"
        case .other: "Another responsible adult"
        }
    }
}

/// Whether the youth justice service knows the young person. Raw values are stored: never change one.
package enum YouthJusticeInvolvement: String, Sendable, CaseIterable, Codable {
    case open = "open_case"
    case previous = "known_before"
    case none = "not_known"
    case unknown = "unknown"

    package var label: String {
        switch self {
        case .open: "Open to the youth offending team now"
        case .previous: "Known to the youth offending team before"
        case .none: "Not known to the youth offending team"
        case .unknown: "Not yet found out"
        }
    }
}

/// What L&D records about a child or a young adult turning 18 in one episode: the Appropriate Adult (every child in
/// custody needs one), the parent or carer and whether they know, the youth offending team, and for 17 and
/// 18-year-olds the planned move to adult services. One per episode, edited with its version.
package struct YoungPersonRecord: Sendable, Hashable {
    package struct AppropriateAdult: Sendable, Hashable {
        package let name: String
        package let relationship: AppropriateAdultRelationship
        package let presentFrom: Date
        package let presentUntil: Date?

        package init(
            name: String, relationship: AppropriateAdultRelationship, presentFrom: Date, presentUntil: Date?
        ) {
            self.name = name
            self.relationship = relationship
            self.presentFrom = presentFrom
            self.presentUntil = presentUntil
        }
    }

    package struct ParentCarer: Sendable, Hashable {
        package let name: String
        package let relationship: String
        package let informed: Bool

        package init(name: String, relationship: String, informed: Bool) {
            self.name = name
            self.relationship = relationship
            self.informed = informed
        }
    }

    package struct Transition: Sendable, Hashable {
        package let plan: String
        /// Who leads in adult services, by role or team.
        package let adultServiceLead: String?

        package init(plan: String, adultServiceLead: String?) {
            self.plan = plan
            self.adultServiceLead = adultServiceLead
        }
    }

    package let episodeID: Episode.ID
    package let appropriateAdult: AppropriateAdult?
    package let parentCarer: ParentCarer?
    package let youthJustice: YouthJusticeInvolvement
    package let youthJusticeWorker: String?
    package let transition: Transition?
    package let version: Int

    package init(
        episodeID: Episode.ID, appropriateAdult: AppropriateAdult?, parentCarer: ParentCarer?,
        youthJustice: YouthJusticeInvolvement, youthJusticeWorker: String?, transition: Transition?, version: Int
    ) {
        self.episodeID = episodeID
        self.appropriateAdult = appropriateAdult
        self.parentCarer = parentCarer
        self.youthJustice = youthJustice
        self.youthJusticeWorker = youthJusticeWorker
        self.transition = transition
        self.version = version
    }

    /// Who the record is for: a child (under 18) or a young adult of 17 or 18 moving to adult services.
    package static let oldest = 18

    /// A child in custody needs an Appropriate Adult: the page says so until one is recorded.
    package static func needsAppropriateAdult(age: Int, at point: PathwayPoint, record: YoungPersonRecord?) -> Bool {
        age < 18 && [.policeCustody, .voluntaryAttendance].contains(point) && record?.appropriateAdult == nil
    }
}

/// What a practitioner typed on the young person's page, before it is checked.
package struct YoungPersonDraft: Sendable, Hashable {
    package var appropriateAdultName: String = ""
    package var appropriateAdultRelationship: String = ""
    /// Day, month, year.
    package var appropriateAdultDate: [String] = []
    /// "14:30".
    package var appropriateAdultFrom: String = ""
    package var appropriateAdultUntil: String = ""
    package var parentCarerName: String = ""
    package var parentCarerRelationship: String = ""
    package var parentCarerInformed: String = ""
    package var youthJustice: String = ""
    package var youthJusticeWorker: String = ""
    package var transition: String = ""
    package var transitionPlan: String = ""
    package var adultServiceLead: String = ""

    package init() {}

    /// The record for `episode`, checked for someone of `age`, on `today` at `now` (London).
    package func validated(for episode: Episode.ID, age: Int, now: Date) throws(ValidationFailure)
        -> YoungPersonRecord
    {
        var problems = ProblemList()
        guard age <= YoungPersonRecord.oldest else {
            throw ValidationFailure(
                field: "youthJustice", message: "This record is for children and young adults up to 18")
        }
        let adult = appropriateAdult(age: age, now: now, &problems)
        let parentName = Text.tidy(parentCarerName)
        let parentRelationship = Text.tidy(parentCarerRelationship)
        var parent: YoungPersonRecord.ParentCarer?
        if !parentName.isEmpty || !parentRelationship.isEmpty || !parentCarerInformed.isEmpty {
            if parentName.isEmpty { problems.add("parentCarerName", "Enter the parent or carer's name") }
            if parentRelationship.isEmpty {
                problems.add("parentCarerRelationship", "Enter who they are to the young person, like mother")
            }
            if !["yes", "no"].contains(parentCarerInformed) {
                problems.add("parentCarerInformed", "Say whether the parent or carer has been told")
            }
            parent = .init(name: parentName, relationship: parentRelationship, informed: parentCarerInformed == "yes")
        }
        let youthJustice = YouthJusticeInvolvement(rawValue: youthJustice)
        if youthJustice == nil {
            problems.add("youthJustice", "Select whether the youth offending team knows the young person")
        }
        var transition: YoungPersonRecord.Transition?
        if self.transition == "yes" {
            if !(17...18).contains(age) {
                problems.add("transition", "The move to adult services is planned for 17 and 18-year-olds")
            }
            let plan = Text.tidy(transitionPlan)
            if plan.isEmpty { problems.add("transitionPlan", "Describe the plan for the move to adult services") }
            transition = .init(plan: plan, adultServiceLead: Text.tidyOptional(adultServiceLead))
        }
        for (field, value, limit) in [
            ("appropriateAdultName", appropriateAdultName, 100), ("parentCarerName", parentCarerName, 100),
            ("parentCarerRelationship", parentCarerRelationship, 60),
            ("youthJusticeWorker", youthJusticeWorker, 100), ("transitionPlan", transitionPlan, 2000),
            ("adultServiceLead", adultServiceLead, 100),
        ] where value.count > limit {
            problems.add(field, "This must be \(limit) characters or fewer")
        }
        try problems.throwIfAny()
        return YoungPersonRecord(
            episodeID: episode, appropriateAdult: adult, parentCarer: parent, youthJustice: youthJustice!,
            youthJusticeWorker: Text.tidyOptional(youthJusticeWorker), transition: transition, version: 0)
    }

    private func appropriateAdult(age: Int, now: Date, _ problems: inout ProblemList)
        -> YoungPersonRecord.AppropriateAdult?
    {
        let name = Text.tidy(appropriateAdultName)
        let given =
            !name.isEmpty || !appropriateAdultRelationship.isEmpty || !Text.tidy(appropriateAdultFrom).isEmpty
            || appropriateAdultDate.contains { !Text.tidy($0).isEmpty }
        guard given else { return nil }
        if age >= 18 {
            problems.add("appropriateAdultName", "An appropriate adult is for children under 18")
            return nil
        }
        if name.isEmpty { problems.add("appropriateAdultName", "Enter the appropriate adult's name") }
        let relationship = AppropriateAdultRelationship(rawValue: appropriateAdultRelationship)
        if relationship == nil {
            problems.add("appropriateAdultRelationship", "Select who the appropriate adult is to the young person")
        }
        guard let day = LondonTime.day(appropriateAdultDate) else {
            problems.add("appropriateAdultDate", "Enter the day the appropriate adult came, like 27 3 2027")
            return nil
        }
        guard let from = LondonTime.at(appropriateAdultFrom, on: day) else {
            problems.add("appropriateAdultFrom", "Enter the time they arrived, like 14:30")
            return nil
        }
        if from > now { problems.add("appropriateAdultFrom", "The time they arrived cannot be in the future") }
        var until: Date?
        if !Text.tidy(appropriateAdultUntil).isEmpty {
            guard let time = LondonTime.at(appropriateAdultUntil, on: day) else {
                problems.add("appropriateAdultUntil", "Enter the time they left, like 18:05, or leave it blank")
                return nil
            }
            // A time before the arrival is on the next day (custody runs through the night).
            until = time < from ? time.addingTimeInterval(86_400) : time
        }
        guard let relationship else { return nil }
        return .init(name: name, relationship: relationship, presentFrom: from, presentUntil: until)
    }
}

extension YoungPersonDraft {
    /// The draft that shows `record` on the form.
    package init(_ record: YoungPersonRecord) {
        self.init()
        if let adult = record.appropriateAdult {
            appropriateAdultName = adult.name
            appropriateAdultRelationship = adult.relationship.rawValue
            appropriateAdultDate = LondonTime.boxes(adult.presentFrom)
            appropriateAdultFrom = LondonTime.clock(adult.presentFrom)
            appropriateAdultUntil = adult.presentUntil.map(LondonTime.clock) ?? ""
        }
        if let parent = record.parentCarer {
            parentCarerName = parent.name
            parentCarerRelationship = parent.relationship
            parentCarerInformed = parent.informed ? "yes" : "no"
        }
        youthJustice = record.youthJustice.rawValue
        youthJusticeWorker = record.youthJusticeWorker ?? ""
        transition = record.transition == nil ? "no" : "yes"
        transitionPlan = record.transition?.plan ?? ""
        adultServiceLead = record.transition?.adultServiceLead ?? ""
    }
}
