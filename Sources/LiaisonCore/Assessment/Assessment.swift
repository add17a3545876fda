import Foundation

/// The L&D assessment of a person in one episode: needs, risk formulation and safety plan, safeguarding,
/// capacity and recommendations, filled in section by section over one or more sittings, then completed and locked.
package struct Assessment: Sendable, Hashable, Identifiable {
    package typealias ID = TypedID<Assessment>

    package var id: ID
    package var episodeID: Episode.ID
    package var personID: Person.ID
    /// Coded answers by section: item code → value (a code from the item's list, or text where the item is text).
    package var answers: [AssessmentSection: [String: String]]
    package var progress: [AssessmentSection: SectionProgress]
    package var completedAt: Date?
    package var completedBy: User.ID?
    package var updatedAt: Date
    package var version: Int
    /// The completed assessment this one was started from (copied, then edited), if any.
    package var copiedFrom: ID?

    package init(
        id: ID, episodeID: Episode.ID, personID: Person.ID, answers: [AssessmentSection: [String: String]],
        progress: [AssessmentSection: SectionProgress], completedAt: Date?, completedBy: User.ID?, updatedAt: Date,
        version: Int, copiedFrom: ID? = nil
    ) {
        self.copiedFrom = copiedFrom
        self.id = id
        self.episodeID = episodeID
        self.personID = personID
        self.answers = answers
        self.progress = progress
        self.completedAt = completedAt
        self.completedBy = completedBy
        self.updatedAt = updatedAt
        self.version = version
    }

    package var isComplete: Bool { completedAt != nil }

    /// The assessment to offer a new episode's assessment to start from: the latest completed one of `episodes`
    /// (the same organisation's episodes with the person), so a court practitioner builds on the morning's custody
    /// assessment instead of asking everything again.
    package static func startingPoint(_ assessments: [Assessment], amongEpisodes episodes: Set<Episode.ID>)
        -> Assessment?
    {
        assessments.filter { $0.isComplete && episodes.contains($0.episodeID) }
            .max { ($0.completedAt ?? .distantPast) < ($1.completedAt ?? .distantPast) }
    }

    package func progress(of section: AssessmentSection) -> SectionProgress { progress[section] ?? .notStarted }

    /// Every section has been marked complete: the assessment can go to check-your-answers.
    package var isReadyToComplete: Bool { AssessmentSection.allCases.allSatisfy { progress(of: $0) == .completed } }

    /// How an identified need is known, when that was recorded.
    package func status(of need: Need) -> VulnerabilityStatus? {
        answers[.needs]?[NeedsSection.status(need)].flatMap(VulnerabilityStatus.init(rawValue:))
    }

    /// The needs identified, in taxonomy order, with their detail.
    package var needs: [(need: Need, detail: String?)] {
        let values = answers[.needs] ?? [:]
        return Need.allCases.compactMap { need in
            values[NeedsSection.item(need)] == "yes" ? (need, values[NeedsSection.detail(need)]) : nil
        }
    }
}

/// Not started → in progress → completed: the status tag beside each task in the task list.
package enum SectionProgress: String, Sendable, CaseIterable, Codable {
    case notStarted = "not_started"
    case inProgress = "in_progress"
    case completed

    package var label: String {
        switch self {
        case .notStarted: "Not started"
        case .inProgress: "In progress"
        case .completed: "Completed"
        }
    }
}

/// What a practitioner typed into one section, and whether they say the section is finished.
package struct AssessmentSectionDraft: Sendable, Hashable {
    package var section: AssessmentSection
    package var values: [String: String]
    package var isFinished: Bool

    package init(section: AssessmentSection, values: [String: String], isFinished: Bool) {
        self.section = section
        self.values = values
        self.isFinished = isFinished
    }

    /// The coded answers to store. A draft ("come back later") is checked only for things that can never be
    /// right (unknown codes, over-long text); a finished section must also be whole.
    package func validated() throws(ValidationFailure) -> ValidAssessmentSection {
        let tidied = values.compactMapValues(Text.tidyOptional)
        var problems = ProblemList()
        let answers = section.rules.check(tidied, finished: isFinished, into: &problems)
        try problems.throwIfAny()
        let progress: SectionProgress = isFinished ? .completed : (answers.isEmpty ? .notStarted : .inProgress)
        return ValidAssessmentSection(section: section, answers: answers, progress: progress)
    }
}

/// A section's answers that passed every check.
package struct ValidAssessmentSection: Sendable, Hashable {
    package let section: AssessmentSection
    package let answers: [String: String]
    package let progress: SectionProgress
}
