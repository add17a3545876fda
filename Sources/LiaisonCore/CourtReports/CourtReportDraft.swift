import Foundation

/// What a practitioner typed to start a report: its type, the hearing and (sentencing) the treatment requirements.
package struct CourtReportDraft: Sendable, Hashable {
    package var type: String
    package var courtID: String
    package var hearingDate: [String]
    package var caseReference: String
    package var treatmentRequirements: [String]

    package init(
        type: String, courtID: String, hearingDate: [String], caseReference: String, treatmentRequirements: [String]
    ) {
        self.type = type
        self.courtID = courtID
        self.hearingDate = hearingDate
        self.caseReference = caseReference
        self.treatmentRequirements = treatmentRequirements
    }

    /// Whether the court exists and is the organisation's is the store's check.
    package func validated() throws(ValidationFailure) -> ValidCourtReport {
        var problems = ProblemList()
        let type = CourtReportType(rawValue: self.type)
        if type == nil { problems.add("type", "Select the kind of report") }
        let court = Text.tidy(courtID)
        if court.isEmpty { problems.add("courtID", "Select the court") }
        let date = LondonTime.day(hearingDate)
        if date == nil { problems.add("hearingDate", "Enter the hearing date, like 27 3 2027") }
        let reference = Text.tidy(caseReference)
        if reference.isEmpty {
            problems.add("caseReference", "Enter the case reference from the court list")
        } else if reference.count > 40 {
            problems.add("caseReference", "The case reference must be 40 characters or fewer")
        }
        let requirements = treatmentRequirements.compactMap(TreatmentRequirement.init(rawValue:))
        if requirements.count != treatmentRequirements.count {
            problems.add("treatmentRequirements", "Select treatment requirements from the list")
        } else if !requirements.isEmpty && type != .sentencing {
            problems.add("treatmentRequirements", "Treatment requirements are for sentencing advice only")
        }
        try problems.throwIfAny()
        return ValidCourtReport(
            type: type!, hearing: ReportHearing(courtID: Site.ID(court), date: date!, caseReference: reference),
            treatmentRequirements: Set(requirements))
    }
}

/// Report values that passed every check.
package struct ValidCourtReport: Sendable, Hashable {
    package let type: CourtReportType
    package let hearing: ReportHearing
    package let treatmentRequirements: Set<TreatmentRequirement>
}

/// One section as typed, saved as a draft or marked completed (a completed section needs text for the court).
package struct CourtReportSectionDraft: Sendable, Hashable {
    package var forCourt: String
    package var keptInService: String
    package var finished: Bool

    package init(forCourt: String, keptInService: String, finished: Bool) {
        self.forCourt = forCourt
        self.keptInService = keptInService
        self.finished = finished
    }

    package static let limit = 10_000

    package func validated() throws(ValidationFailure) -> SectionText {
        var problems = ProblemList()
        let court = forCourt.trimmingCharacters(in: .whitespacesAndNewlines)
        let kept = keptInService.trimmingCharacters(in: .whitespacesAndNewlines)
        if finished && court.isEmpty {
            problems.add("forCourt", "Write this section for the court before completing it")
        }
        if court.count > Self.limit { problems.add("forCourt", "The section must be 10,000 characters or fewer") }
        if kept.count > Self.limit { problems.add("keptInService", "The notes must be 10,000 characters or fewer") }
        try problems.throwIfAny()
        let progress: SectionProgressState =
            finished ? .completed : court.isEmpty && kept.isEmpty ? .notStarted : .inProgress
        return SectionText(forCourt: court, keptInService: kept, progress: progress)
    }
}
