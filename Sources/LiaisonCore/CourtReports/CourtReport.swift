import Foundation

/// A report to a court for an episode: bail and remand advice, sentencing advice (including suitability for a
/// treatment requirement) or other, for one hearing. Written in sections, reviewed by a team manager, then issued:
/// an issued report never changes and carries the SHA-256 of its document.
package struct CourtReport: Sendable, Hashable, Identifiable {
    package typealias ID = TypedID<CourtReport>

    package let id: ID
    package let personID: Person.ID
    package let episodeID: Episode.ID
    package let organisationID: Organisation.ID
    package let type: CourtReportType
    package let hearing: ReportHearing
    /// Sentencing: the community treatment requirements the person is suitable for.
    package let treatmentRequirements: Set<TreatmentRequirement>
    package let status: CourtReportStatus
    package let sections: [CourtReportSection: SectionText]
    package let authorID: User.ID
    /// What the team manager said when returning it for changes (kept until the next submission).
    package let returnComments: String?
    package let approvedBy: User.ID?
    package let approvedAt: Date?
    package let issued: IssuedDocument?
    /// Whether the options section recommends a community option (bail with support, a community order, diversion)
    /// instead of remand or custody: what outcome reporting compares with the court's decision.
    package let recommendsCommunityOption: Bool?
    package let version: Int

    package init(
        id: ID, personID: Person.ID, episodeID: Episode.ID, organisationID: Organisation.ID, type: CourtReportType,
        hearing: ReportHearing, treatmentRequirements: Set<TreatmentRequirement>, status: CourtReportStatus,
        sections: [CourtReportSection: SectionText], authorID: User.ID, returnComments: String?,
        approvedBy: User.ID?, approvedAt: Date?, issued: IssuedDocument?, recommendsCommunityOption: Bool? = nil,
        version: Int
    ) {
        self.id = id
        self.personID = personID
        self.episodeID = episodeID
        self.organisationID = organisationID
        self.type = type
        self.hearing = hearing
        self.treatmentRequirements = treatmentRequirements
        self.status = status
        self.sections = sections
        self.authorID = authorID
        self.returnComments = returnComments
        self.approvedBy = approvedBy
        self.approvedAt = approvedAt
        self.issued = issued
        self.recommendsCommunityOption = recommendsCommunityOption
        self.version = version
    }

    /// Where each section stands, in task-list order.
    package func progress(of section: CourtReportSection) -> SectionProgressState {
        sections[section]?.progress ?? .notStarted
    }

    /// Every section of its type completed: the report can go for review.
    package var isComplete: Bool { type.sections.allSatisfy { progress(of: $0) == .completed } }
}

/// The kind of advice. Raw values are stored.
package enum CourtReportType: String, Sendable, CaseIterable, Codable {
    case bailRemand = "bail_remand"
    case sentencing
    case oralAdvice = "oral_advice"
    case other

    package var label: String {
        switch self {
        case .bailRemand: "Bail and remand advice"
        case .sentencing: "Sentencing advice"
        case .oralAdvice: "Oral advice to the court (record)"
        case .other: "Other report"
        }
    }

    /// The sections written for this type: oral advice is a short record of what was said and on what.
    package var sections: [CourtReportSection] {
        self == .oralAdvice ? [.options, .sources] : CourtReportSection.allCases
    }

    /// The purpose the report's disclosure is recorded under.
    package var purpose: SharingPurpose {
        switch self {
        case .bailRemand, .oralAdvice, .other: .bailRemand
        case .sentencing: .sentencing
        }
    }
}

/// Community sentence treatment requirements (Sentencing Code sch. 9). Raw values are stored.
package enum TreatmentRequirement: String, Sendable, CaseIterable, Codable {
    case mentalHealth = "mental_health"
    case alcohol
    case drug

    package var label: String {
        switch self {
        case .mentalHealth: "Mental health treatment requirement"
        case .alcohol: "Alcohol treatment requirement"
        case .drug: "Drug rehabilitation requirement"
        }
    }
}

/// The hearing the report is for.
package struct ReportHearing: Sendable, Hashable {
    package let courtID: Site.ID
    package let date: CalendarDate
    package let caseReference: String

    package init(courtID: Site.ID, date: CalendarDate, caseReference: String) {
        self.courtID = courtID
        self.date = date
        self.caseReference = caseReference
    }
}

/// The sections of the report, in task-list order. Raw values are stored and appear in URLs.
package enum CourtReportSection: String, Sendable, CaseIterable, Codable {
    case background, health, risk, engagement, options, sources

    package var title: String {
        switch self {
        case .background: "Background and circumstances"
        case .health: "Health and vulnerabilities"
        case .risk: "Risk"
        case .engagement: "Engagement with services"
        case .options: "Options and recommendation"
        case .sources: "Sources of information"
        }
    }

    package var hint: String {
        switch self {
        case .background: "Living situation, family, work, how the person came to be before the court"
        case .health: "Diagnoses and needs in plain words, and what they mean for the person in court and in custody"
        case .risk: "Risk to self and others as a formulation: what makes it higher or lower. No scores."
        case .engagement: "Which services the person is engaged with or referred to, and how they have engaged"
        case .options: "The options you considered and the one you recommend, with why"
        case .sources: "Who and what you drew on: interview, records, other professionals (named by role)"
        }
    }
}

/// A section's state on the task list.
package enum SectionProgressState: String, Sendable, Codable {
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

/// One section as written: the text for the court, and notes kept in L&D (clinical-only or from third parties),
/// which no disclosure preview, print or PDF ever includes.
package struct SectionText: Sendable, Hashable {
    package let forCourt: String
    package let keptInService: String
    package let progress: SectionProgressState

    package init(forCourt: String, keptInService: String, progress: SectionProgressState) {
        self.forCourt = forCourt
        self.keptInService = keptInService
        self.progress = progress
    }
}

/// The issued document: when, by whom, its number among the episode's issued reports, and its SHA-256.
package struct IssuedDocument: Sendable, Hashable {
    package let issuedAt: Date
    package let issuedBy: User.ID
    package let sha256: String
    package let disclosureID: Disclosure.ID

    package init(issuedAt: Date, issuedBy: User.ID, sha256: String, disclosureID: Disclosure.ID) {
        self.issuedAt = issuedAt
        self.issuedBy = issuedBy
        self.sha256 = sha256
        self.disclosureID = disclosureID
    }
}
