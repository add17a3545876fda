import LiaisonCore

/// The organisation form: reads what was typed and lays out the fields with their errors.
struct OrganisationForm: Sendable {
    static let fieldNames = ["name", "kind", "odsCode"]

    let draft: OrganisationDraft

    init(_ form: FormData) {
        draft = OrganisationDraft(name: form["name"], kind: form["kind"], odsCode: form["odsCode"])
    }

    init(_ organisation: Organisation) {
        draft = OrganisationDraft(
            name: organisation.name, kind: organisation.kind.rawValue, odsCode: organisation.odsCode ?? "")
    }

    func fields(failure: ValidationFailure?) -> [FormField] {
        [
            .text("name", "Organisation name", value: draft.name, failure: failure),
            .select(
                "kind", "Kind of organisation", value: draft.kind,
                choices: OrganisationKind.allCases.map { ($0.rawValue, $0.label) }, failure: failure),
            .text(
                "odsCode", "ODS code (optional)", value: draft.odsCode, failure: failure,
                hint: "The NHS Organisation Data Service code, for example RV3"),
        ]
    }

    /// Label and value pairs, as shown on the conflict page.
    var display: [(String, String)] {
        [
            ("Organisation name", draft.name),
            ("Kind of organisation", OrganisationKind(rawValue: draft.kind)?.label ?? draft.kind),
            ("ODS code", draft.odsCode),
        ]
    }
}
