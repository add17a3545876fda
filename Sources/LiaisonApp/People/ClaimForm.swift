import LiaisonCore

/// The two questions asked when opening an episode on a record the organisation cannot yet see: where the
/// practitioner is working with the person, and why (a relationship claim, ADR 0007).
struct ClaimForm: Sendable {
    static let fieldNames = ["claimContext", "claimReason"]
    let draft: ClaimDraft

    init(_ form: FormData) {
        draft = ClaimDraft(context: form["claimContext"], reason: form["claimReason"])
    }

    /// The claim if the practitioner answered either question; nil lets the store say a claim is needed.
    var claim: ClaimDraft? { draft.context.isEmpty && draft.reason.isEmpty ? nil : draft }

    func fields(failure: ValidationFailure?) -> [FormField] {
        [
            .radios(
                "claimContext", "Where are you working with this person?", value: draft.context,
                choices: ClaimContext.allCases.map { ($0.rawValue, $0.label) }, failure: failure,
                hint:
                    "Your organisation does not work with this person yet. Opening an episode records a claim that it "
                    + "now does: the organisations that hold the record are told and a manager there reviews it. "
                    + "Until then your access lasts only while this episode is open."),
            .textarea(
                "claimReason", "Why are you opening an episode?", value: draft.reason, failure: failure,
                hint: "For example: arrested overnight, in cell 4 at Brixton, custody sergeant asked for an assessment"),
        ]
    }
}
