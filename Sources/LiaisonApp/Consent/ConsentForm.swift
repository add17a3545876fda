import Foundation
import LiaisonCore

/// The record-consent form: what the person decided, about whom and for what, a capacity note, an expiry.
struct ConsentForm: Sendable {
    let draft: ConsentDraft

    init(_ draft: ConsentDraft) { self.draft = draft }

    init(_ form: FormData) {
        draft = ConsentDraft(
            decision: form["decision"], recipients: form.all("recipients"), purposes: form.all("purposes"),
            capacityNote: form["capacityNote"],
            expiresOn: [form["expiresOnDay"], form["expiresOnMonth"], form["expiresOnYear"]])
    }

    func fields(failure: ValidationFailure?) -> [FormField] {
        let expiry = draft.expiresOn + ["", "", ""]
        return [
            .radios(
                "decision", "What did the person decide?", value: draft.decision,
                choices: ConsentDecision.allCases.map { ($0.rawValue, $0.label) }, failure: failure),
            .checkboxes(
                "recipients", "Who the answer is about", values: draft.recipients,
                choices: RecipientKind.allCases.map { ($0.rawValue, $0.label) }, failure: failure),
            .checkboxes(
                "purposes", "What the sharing would be for", values: draft.purposes,
                choices: SharingPurpose.allCases.map { ($0.rawValue, $0.label) }, failure: failure),
            .textarea(
                "capacityNote", "Capacity note", value: draft.capacityNote, failure: failure,
                hint: "Needed if the person lacks capacity to decide: how it was assessed and why"),
            .date(
                "expiresOn", "Expires after (optional)", prefix: "expiresOn", day: expiry[0], month: expiry[1],
                year: expiry[2], failure: failure, hint: "The last day it covers, for example 27 3 2027"),
        ]
    }
}
