import Foundation
import Testing

@testable import LiaisonCore

@Suite("Disclosure rules")
struct DisclosureRulesTests {
    @Test("An override needs a lawful basis and a real reason")
    func override() throws {
        #expect(throws: ValidationFailure.self) { try OverrideDraft(lawfulBasis: "", reason: "because").validated() }
        let basis = try OverrideDraft(
            lawfulBasis: "serious_harm", reason: "He told us he plans to harm his neighbour tonight."
        ).validated()
        #expect(basis == .override(.seriousHarm, reason: "He told us he plans to harm his neighbour tonight."))
    }

    @Test("A vulnerability notification for someone under 18 must ask for an appropriate adult; its text says it all")
    func notification() throws {
        let today = CalendarDate(year: 2027, month: 1, day: 15)!
        let child = CalendarDate(year: 2010, month: 1, day: 16)!  // 16 tomorrow
        let draft = VulnerabilityNotificationDraft(
            needs: ["autism", "learning_disability"], risks: "Self-harm when distressed", adjustments: "Quiet cell",
            appropriateAdult: "no")
        #expect(
            throws: ValidationFailure(
                field: "appropriateAdult",
                message: "The person is under 18: an appropriate adult is always needed in custody")
        ) {
            try draft.validated(dateOfBirth: child, today: today)
        }
        var adult = draft
        adult.appropriateAdult = "yes"
        let notification = try adult.validated(dateOfBirth: child, today: today)
        let person = Person(
            id: .init("p"),
            details: PersonDetails(
                givenName: "Sam", familyName: "Lee", aliases: [], dateOfBirth: child, statedGender: .male,
                ethnicity: .notStated, nhsNumber: nil, custodyNumbers: []), version: 1)
        let text = notification.text(person: person, sharedBy: "Priya Shah", on: today)
        #expect(text.contains("Person: LEE, Sam, born 16 January 2010"))
        #expect(text.contains("Needs: Learning disability; Autism"))
        #expect(
            text.contains("Risks: Self-harm when distressed") && text.contains("Reasonable adjustments: Quiet cell"))
        #expect(
            text.contains("Appropriate adult needed: Yes") && text.contains("From: Priya Shah, L&D, on 15 January 2027")
        )
        #expect(throws: ValidationFailure.self) {
            try VulnerabilityNotificationDraft(needs: [], risks: "", adjustments: "", appropriateAdult: "no")
                .validated(dateOfBirth: CalendarDate(year: 1980, month: 1, day: 1)!, today: today)
        }
    }

    @Test("The disclosure form names what is missing")
    func draft() {
        let draft = DisclosureDraft(
            recipientKind: "", organisation: "", name: "", role: "", purpose: "x", content: "  ")
        #expect(
            throws: ValidationFailure([
                FieldProblem(field: "recipientKind", message: "Select who the information goes to"),
                FieldProblem(
                    field: "organisation", message: "Enter the recipient's organisation, like Metropolitan Police"),
                FieldProblem(field: "purpose", message: "Select what the information is for"),
                FieldProblem(field: "content", message: "Enter exactly what is shared"),
            ])
        ) { try draft.validated(kind: .information) }
    }
}
