import Foundation
import LiaisonCore

/// The young person form: the Appropriate Adult, the parent or carer, the youth offending team and, for 17 and
/// 18-year-olds, the move to adult services.
struct YoungPersonForm: Sendable {
    let draft: YoungPersonDraft

    static let fieldNames = [
        "appropriateAdultName", "appropriateAdultRelationship", "appropriateAdultDateDay",
        "appropriateAdultDateMonth", "appropriateAdultDateYear", "appropriateAdultFrom", "appropriateAdultUntil",
        "parentCarerName", "parentCarerRelationship", "parentCarerInformed", "youthJustice", "youthJusticeWorker",
        "transition", "transitionPlan", "adultServiceLead",
    ]

    init(_ draft: YoungPersonDraft) { self.draft = draft }

    init(_ form: FormData) {
        var draft = YoungPersonDraft()
        draft.appropriateAdultName = form["appropriateAdultName"]
        draft.appropriateAdultRelationship = form["appropriateAdultRelationship"]
        draft.appropriateAdultDate = [
            form["appropriateAdultDateDay"], form["appropriateAdultDateMonth"], form["appropriateAdultDateYear"],
        ]
        draft.appropriateAdultFrom = form["appropriateAdultFrom"]
        draft.appropriateAdultUntil = form["appropriateAdultUntil"]
        draft.parentCarerName = form["parentCarerName"]
        draft.parentCarerRelationship = form["parentCarerRelationship"]
        draft.parentCarerInformed = form["parentCarerInformed"]
        draft.youthJustice = form["youthJustice"]
        draft.youthJusticeWorker = form["youthJusticeWorker"]
        draft.transition = form["transition"]
        draft.transitionPlan = form["transitionPlan"]
        draft.adultServiceLead = form["adultServiceLead"]
        self.draft = draft
    }

    /// The fields for someone of `age`: the Appropriate Adult only for children, the move to adult services only
    /// at 17 and 18.
    func fields(age: Int, failure: ValidationFailure?) -> [FormField] {
        let date = draft.appropriateAdultDate + ["", "", ""]
        var fields: [FormField] = []
        if age < 18 {
            fields += [
                .text(
                    "appropriateAdultName", "Appropriate adult's name", value: draft.appropriateAdultName,
                    failure: failure, hint: "Every child in custody needs one. Leave blank until one is there."),
                .select(
                    "appropriateAdultRelationship", "Who they are to the young person",
                    value: draft.appropriateAdultRelationship,
                    choices: AppropriateAdultRelationship.allCases.map { ($0.rawValue, $0.label) }, failure: failure),
                .date(
                    "appropriateAdultDate", "Day they came", prefix: "appropriateAdultDate", day: date[0],
                    month: date[1], year: date[2], failure: failure),
                .text(
                    "appropriateAdultFrom", "Time they arrived", value: draft.appropriateAdultFrom, failure: failure,
                    hint: "Like 14:30"),
                .text(
                    "appropriateAdultUntil", "Time they left (optional)", value: draft.appropriateAdultUntil,
                    failure: failure, hint: "Like 18:05; a time before they arrived is the next day"),
            ]
        }
        fields += [
            .text("parentCarerName", "Parent or carer's name", value: draft.parentCarerName, failure: failure),
            .text(
                "parentCarerRelationship", "Who they are to the young person", value: draft.parentCarerRelationship,
                failure: failure, hint: "Like mother, foster carer, grandfather"),
            .radios(
                "parentCarerInformed", "Has the parent or carer been told where the young person is?",
                value: draft.parentCarerInformed, choices: [("yes", "Yes"), ("no", "No")], failure: failure),
            .radios(
                "youthJustice", "Youth offending team", value: draft.youthJustice,
                choices: YouthJusticeInvolvement.allCases.map { ($0.rawValue, $0.label) }, failure: failure),
            .text(
                "youthJusticeWorker", "Youth offending team worker (optional)", value: draft.youthJusticeWorker,
                failure: failure),
        ]
        if (17...18).contains(age) {
            fields += [
                .radios(
                    "transition", "Is the young person moving to adult services?", value: draft.transition,
                    choices: [("yes", "Yes"), ("no", "No")], failure: failure),
                .textarea(
                    "transitionPlan", "The plan for the move", value: draft.transitionPlan, failure: failure,
                    hint: "Who hands over to whom, by when, and what the young person wants"),
                .text(
                    "adultServiceLead", "Lead in adult services (optional)", value: draft.adultServiceLead,
                    failure: failure, hint: "A role or team, like the community mental health team"),
            ]
        }
        return fields
    }

    /// Label and value pairs for the conflict page.
    var display: [(String, String)] {
        [
            ("Appropriate adult", draft.appropriateAdultName),
            (
                "Who they are",
                AppropriateAdultRelationship(rawValue: draft.appropriateAdultRelationship)?.label ?? ""
            ),
            ("Arrived", draft.appropriateAdultDate.joined(separator: "/") + " " + draft.appropriateAdultFrom),
            ("Left", draft.appropriateAdultUntil), ("Parent or carer", draft.parentCarerName),
            ("Told", draft.parentCarerInformed), ("Youth offending team", draft.youthJustice),
            ("Moving to adult services", draft.transition), ("Plan", draft.transitionPlan),
        ]
    }
}
