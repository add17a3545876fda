import Foundation
import Testing

@testable import LiaisonCore

@Suite("Court report lifecycle and document")
struct CourtReportLifecycleTests {
    static let org = Organisation.ID("org")
    static let author = Actor(
        userID: .init("author"), displayName: "Priya Shah", organisationID: org, roles: [.practitioner])
    static let manager = Actor(
        userID: .init("manager"), displayName: "Sam Jones", organisationID: org, roles: [.teamManager])
    static let analyst = Actor(userID: .init("analyst"), displayName: "Chris", organisationID: org, roles: [.analyst])
    static let elsewhere = Actor(
        userID: .init("other"), displayName: "Other", organisationID: .init("elsewhere"), roles: [.teamManager])

    static func report(_ status: CourtReportStatus, complete: Bool = true, type: CourtReportType = .bailRemand)
        -> CourtReport
    {
        var sections: [CourtReportSection: SectionText] = [:]
        for section in CourtReportSection.allCases {
            sections[section] = SectionText(
                forCourt: "For the court: \(section.title).", keptInService: "Clinical only: \(section.rawValue)",
                progress: complete || section != .sources ? .completed : .inProgress)
        }
        return CourtReport(
            id: .init("r"), personID: .init("p"), episodeID: .init("e"), organisationID: org, type: type,
            hearing: ReportHearing(
                courtID: .init("c"), date: CalendarDate(year: 2027, month: 1, day: 20)!, caseReference: "01WL0001"),
            treatmentRequirements: type == .sentencing ? [.mentalHealth, .alcohol] : [], status: status,
            sections: sections, authorID: author.userID, returnComments: nil, approvedBy: nil, approvedAt: nil,
            issued: nil, version: 1)
    }

    @Test("Each status allows only its own next steps, to the right people")
    func transitions() throws {
        #expect(try CourtReportLifecycle.next(Self.report(.draft), .edit, by: Self.author) == .draft)
        #expect(try CourtReportLifecycle.next(Self.report(.draft), .submit, by: Self.author) == .submitted)
        #expect(throws: DomainError.ruleBroken("Complete every section before submitting the report for review")) {
            try CourtReportLifecycle.next(Self.report(.draft, complete: false), .submit, by: Self.author)
        }
        #expect(try CourtReportLifecycle.next(Self.report(.submitted), .approve, by: Self.manager) == .approved)
        #expect(try CourtReportLifecycle.next(Self.report(.submitted), .returnForChanges, by: Self.manager) == .draft)
        #expect(throws: DomainError.self) {
            try CourtReportLifecycle.next(Self.report(.submitted), .approve, by: Self.author)
        }
        #expect(throws: DomainError.self) {
            try CourtReportLifecycle.next(Self.report(.submitted), .edit, by: Self.author)
        }
        #expect(throws: DomainError.ruleBroken("A report is issued only after a team manager has approved it")) {
            try CourtReportLifecycle.next(Self.report(.submitted), .issue, by: Self.manager)
        }
        #expect(throws: DomainError.ruleBroken("A report is issued only after a team manager has approved it")) {
            try CourtReportLifecycle.next(Self.report(.draft), .issue, by: Self.author)
        }
        #expect(try CourtReportLifecycle.next(Self.report(.approved), .issue, by: Self.author) == .issued)
        #expect(throws: DomainError.self) {
            try CourtReportLifecycle.next(Self.report(.approved), .edit, by: Self.author)
        }
        for action in CourtReportAction.allCases {
            #expect(throws: DomainError.ruleBroken("This report has been issued: it cannot be changed")) {
                try CourtReportLifecycle.next(Self.report(.issued), action, by: Self.manager)
            }
        }
        #expect(throws: DomainError.self) {
            try CourtReportLifecycle.next(Self.report(.draft), .edit, by: Self.analyst)
        }
        #expect(throws: DomainError.self) {
            try CourtReportLifecycle.next(Self.report(.draft), .edit, by: Self.elsewhere)
        }
        // A team manager who wrote the report needs another to review it.
        var own = Self.report(.submitted)
        own = CourtReport(
            id: own.id, personID: own.personID, episodeID: own.episodeID, organisationID: own.organisationID,
            type: own.type, hearing: own.hearing, treatmentRequirements: [], status: .submitted, sections: own.sections,
            authorID: Self.manager.userID, returnComments: nil, approvedBy: nil, approvedAt: nil, issued: nil,
            version: 1)
        #expect(throws: DomainError.ruleBroken("Another team manager reviews a report you wrote yourself")) {
            try CourtReportLifecycle.next(own, .approve, by: Self.manager)
        }
    }

    @Test(
        "The court's document has every section for the court and none of the notes kept in the service; it is stable")
    func document() {
        let person = Person(
            id: .init("p"),
            details: PersonDetails(
                givenName: "Amira", familyName: "Hassan", aliases: [],
                dateOfBirth: CalendarDate(year: 1990, month: 3, day: 27)!,
                statedGender: .female, ethnicity: .notStated, nhsNumber: nil, custodyNumbers: []), version: 1)
        let report = Self.report(.approved, type: .sentencing)
        let document = CourtReportDocument(
            report, person: person, court: "Willesden Magistrates' Court", author: "Priya Shah", approver: "Sam Jones")
        let text = document.text
        #expect(
            text.hasPrefix(
                "Liaison and Diversion: Sentencing advice\n\nName: HASSAN, Amira\nDate of birth: 27 March 1990"))
        for section in CourtReportSection.allCases {
            #expect(text.contains("\n\(section.title)\nFor the court: \(section.title)."))
        }
        #expect(!text.contains("Clinical only"))
        #expect(text.contains("Suitable for\nMental health treatment requirement\nAlcohol treatment requirement"))
        #expect(text.contains("Approved by: Sam Jones, team manager"))
        let again = CourtReportDocument(
            report, person: person, court: "Willesden Magistrates' Court", author: "Priya Shah", approver: "Sam Jones")
        #expect(again == document && again.text == text)
    }

    @Test("A section is completed only with text for the court; the report form checks the hearing")
    func drafts() throws {
        #expect(
            throws: ValidationFailure(
                field: "forCourt", message: "Write this section for the court before completing it")
        ) {
            try CourtReportSectionDraft(forCourt: " ", keptInService: "notes", finished: true).validated()
        }
        #expect(
            try CourtReportSectionDraft(forCourt: "", keptInService: "notes", finished: false).validated().progress
                == .inProgress)
        #expect(
            try CourtReportSectionDraft(forCourt: "", keptInService: "", finished: false).validated().progress
                == .notStarted)
        do {
            _ = try CourtReportDraft(
                type: "bail_remand", courtID: "", hearingDate: ["31", "2", "2027"], caseReference: "",
                treatmentRequirements: ["drug"]
            ).validated()
            Issue.record("accepted a report without a court")
        } catch {
            #expect(
                error.problems.map(\.field) == ["courtID", "hearingDate", "caseReference", "treatmentRequirements"])
        }
    }
}

@Suite("Oral advice")
struct OralAdviceTests {
    @Test("Oral advice is a short report: options and sources only, complete when both are, recorded as oral advice")
    func shortReport() {
        #expect(CourtReportType.oralAdvice.sections == [.options, .sources])
        let sections: [CourtReportSection: SectionText] = [
            .options: SectionText(forCourt: "Advised bail with support.", keptInService: "", progress: .completed),
            .sources: SectionText(forCourt: "Interview in the cells.", keptInService: "", progress: .completed),
        ]
        let report = CourtReport(
            id: .init("r"), personID: .init("p"), episodeID: .init("e"), organisationID: .init("o"), type: .oralAdvice,
            hearing: ReportHearing(
                courtID: .init("c"), date: CalendarDate(year: 2027, month: 1, day: 20)!, caseReference: "X"),
            treatmentRequirements: [], status: .draft, sections: sections, authorID: .init("a"), returnComments: nil,
            approvedBy: nil, approvedAt: nil, issued: nil, version: 1)
        #expect(report.isComplete)
        let person = Person(
            id: .init("p"),
            details: PersonDetails(
                givenName: "Sam", familyName: "Lee", aliases: [],
                dateOfBirth: CalendarDate(year: 1990, month: 1, day: 1)!,
                statedGender: .male, ethnicity: .notStated, nhsNumber: nil, custodyNumbers: []), version: 1)
        let document = CourtReportDocument(report, person: person, court: "Thames", author: "Priya", approver: nil)
        #expect(document.blocks.map(\.heading) == ["Options and recommendation", "Sources of information"])
        #expect(document.title == "Liaison and Diversion: Oral advice to the court (record)")
    }
}
