import Foundation
import LiaisonCore

/// What assessment/tasks.mustache shows: each section with its status, and the way to check and complete.
struct AssessmentTasksPage: Sendable {
    struct Task: Sendable {
        let title: String
        let href: String?
        let status: String
        let colour: String
    }

    let shell: Shell
    let bar: KeyDetailsBar
    let tasks: [Task]
    let completedCount: Int
    let total: Int
    let checkHref: String?
    let isComplete: Bool
    let completedOn: String?
    let summary: [AssessmentCheckPage.Section]
    let backHref: String
    let notice: String?
    /// The offer to start from an earlier completed assessment, before this one is started.
    var startFrom: StartFrom? = nil
    /// Which assessment this one was copied from.
    var copiedNote: String? = nil

    struct StartFrom: Sendable {
        let action: String
        let source: String
        let label: String
    }

    init(shell: Shell, bar: KeyDetailsBar, assessment: Assessment?, episode: Episode, notice: String?) {
        self.shell = shell
        self.bar = bar
        let locked = assessment?.isComplete == true
        tasks = AssessmentSection.allCases.map { section in
            let progress = assessment?.progress(of: section) ?? .notStarted
            return Task(
                title: section.title, href: locked ? nil : AssessmentPaths.section(episode.id, section),
                status: progress.label,
                colour: progress == .completed ? "green" : progress == .inProgress ? "blue" : "grey")
        }
        completedCount = AssessmentSection.allCases.filter { assessment?.progress(of: $0) == .completed }.count
        total = AssessmentSection.allCases.count
        checkHref = !locked && assessment?.isReadyToComplete == true ? AssessmentPaths.check(episode.id) : nil
        isComplete = locked
        completedOn = assessment?.completedAt.map { CalendarDate($0).long }
        summary = locked ? AssessmentCheckPage.sections(assessment!, episode: episode, changeable: false) : []
        backHref = PersonPaths.show(episode.personID)
        self.notice = notice
    }
}

/// What assessment/check.mustache shows: every answer with a change link, then complete.
struct AssessmentCheckPage: Sendable {
    struct Section: Sendable {
        let title: String
        let items: [SummaryPage.Item]
        let changeHref: String?
    }

    let shell: Shell
    let bar: KeyDetailsBar
    let sections: [Section]
    let action: String
    let version: Int
    let canComplete: Bool
    let backHref: String
    /// What a redirect here came back to say (completing on a stale version changed nothing).
    let notice: String?

    init(shell: Shell, bar: KeyDetailsBar, assessment: Assessment, episode: Episode, notice: String? = nil) {
        self.shell = shell
        self.bar = bar
        self.notice = notice
        sections = Self.sections(assessment, episode: episode, changeable: !assessment.isComplete)
        action = AssessmentPaths.complete(episode.id)
        version = assessment.version
        canComplete = assessment.isReadyToComplete && !assessment.isComplete
        backHref = AssessmentPaths.tasks(episode.id)
    }

    static func sections(_ assessment: Assessment, episode: Episode, changeable: Bool) -> [Section] {
        AssessmentSection.allCases.map { section in
            Section(
                title: section.title,
                items: AssessmentForm(section: section, values: assessment.answers[section] ?? [:]).summary(),
                changeHref: changeable ? AssessmentPaths.section(episode.id, section) : nil)
        }
    }
}

/// What assessment/section.mustache shows: one section's form, with the needs grid for the needs section.
struct AssessmentSectionPage: Sendable {
    let shell: Shell
    let bar: KeyDetailsBar
    let heading: String
    let action: String
    let version: Int?
    let needs: [AssessmentForm.NeedRow]
    let needsError: String?
    let fields: [FormField]
    let errors: [ErrorLink]
    let backHref: String
}
