import Foundation
import LiaisonCore

/// The national data items form of an episode.
struct EpisodeDataItemsForm: Sendable {
    let draft: EpisodeDataItemsDraft

    static let fieldNames = [
        "reason", "alertedDateDay", "alertedDateMonth", "alertedDateYear", "alertedTime", "seen",
        "firstContactDateDay", "firstContactDateMonth", "firstContactDateYear", "firstContactTime", "notSeenReason",
        "custodyBasis", "offence", "learningDisability", "autism",
    ]

    init(_ draft: EpisodeDataItemsDraft) { self.draft = draft }

    init(_ form: FormData) {
        var draft = EpisodeDataItemsDraft()
        draft.reason = form["reason"]
        draft.alertedDate = [form["alertedDateDay"], form["alertedDateMonth"], form["alertedDateYear"]]
        draft.alertedTime = form["alertedTime"]
        draft.seen = form["seen"]
        draft.firstContactDate = [
            form["firstContactDateDay"], form["firstContactDateMonth"], form["firstContactDateYear"],
        ]
        draft.firstContactTime = form["firstContactTime"]
        draft.notSeenReason = form["notSeenReason"]
        draft.custodyBasis = form["custodyBasis"]
        draft.offence = form["offence"]
        draft.learningDisability = form["learningDisability"]
        draft.autism = form["autism"]
        self.draft = draft
    }

    func fields(failure: ValidationFailure?) -> [FormField] {
        let alerted = draft.alertedDate + ["", "", ""]
        let contact = draft.firstContactDate + ["", "", ""]
        return [
            .select(
                "reason", "Why L&D was asked to see the person", value: draft.reason,
                choices: ReferralReason.allCases.map { ($0.rawValue, $0.label) }, failure: failure),
            .date(
                "alertedDate", "Day L&D was alerted", prefix: "alertedDate", day: alerted[0], month: alerted[1],
                year: alerted[2], failure: failure),
            .text(
                "alertedTime", "Time L&D was alerted", value: draft.alertedTime, failure: failure, hint: "Like 14:30"),
            .radios(
                "seen", "Was the person seen?", value: draft.seen, choices: [("yes", "Yes"), ("no", "No")],
                failure: failure),
            .date(
                "firstContactDate", "Day of the first contact (if seen)", prefix: "firstContactDate", day: contact[0],
                month: contact[1], year: contact[2], failure: failure),
            .text(
                "firstContactTime", "Time of the first contact (if seen)", value: draft.firstContactTime,
                failure: failure, hint: "Like 15:10"),
            .select(
                "notSeenReason", "Why the person was not seen (if not)", value: draft.notSeenReason,
                choices: NotSeenReason.allCases.map { ($0.rawValue, $0.label) }, failure: failure),
            .radios(
                "custodyBasis", "Arrest or voluntary attendance", value: draft.custodyBasis,
                choices: CustodyBasis.allCases.map { ($0.rawValue, $0.label) }, failure: failure),
            .select(
                "offence", "Main offence group", value: draft.offence,
                choices: OffenceCategory.allCases.map { ($0.rawValue, $0.label) }, failure: failure),
            .select(
                "learningDisability", "Learning disability status", value: draft.learningDisability,
                choices: DiagnosisStatus.allCases.map { ($0.rawValue, "\($0.rawValue) · \($0.label)") },
                failure: failure),
            .select(
                "autism", "Autism status", value: draft.autism,
                choices: DiagnosisStatus.allCases.map { ($0.rawValue, "\($0.rawValue) · \($0.label)") },
                failure: failure),
        ]
    }

    /// Label and value pairs for the conflict page.
    var display: [(String, String)] {
        [
            ("Reason", ReferralReason(rawValue: draft.reason)?.label ?? ""),
            ("Alerted", draft.alertedDate.joined(separator: "/") + " " + draft.alertedTime), ("Seen", draft.seen),
            ("First contact", draft.firstContactDate.joined(separator: "/") + " " + draft.firstContactTime),
            ("Not seen because", NotSeenReason(rawValue: draft.notSeenReason)?.label ?? ""),
            ("Arrest or voluntary attendance", CustodyBasis(rawValue: draft.custodyBasis)?.label ?? ""),
            ("Offence group", OffenceCategory(rawValue: draft.offence)?.label ?? ""),
            ("Learning disability status", draft.learningDisability), ("Autism status", draft.autism),
        ]
    }
}
