import LiaisonCore

/// The site form: reads what was typed and lays out the fields with their errors.
struct SiteForm: Sendable {
    static let fieldNames = ["name", "kind", "boroughID", "partnerIDs"]

    let draft: SiteDraft

    init(_ form: FormData) {
        draft = SiteDraft(
            name: form["name"], kind: form["kind"], boroughID: form["boroughID"], partnerIDs: form.all("partnerIDs"))
    }

    init(_ site: Site) {
        draft = SiteDraft(
            name: site.name, kind: site.kind.rawValue, boroughID: site.boroughID.rawValue,
            partnerIDs: site.partners.map(\.rawValue).sorted())
    }

    /// The fields; `partners` are the organisations that may work at the site beside its owner.
    func fields(boroughs: [Borough], partners: [Organisation], failure: ValidationFailure?) -> [FormField] {
        [
            .text(
                "name", "Site name", value: draft.name, failure: failure, hint: "For example, Wood Green custody suite"),
            .select(
                "kind", "Kind of site", value: draft.kind, choices: SiteKind.allCases.map { ($0.rawValue, $0.label) },
                failure: failure),
            .select(
                "boroughID", "Borough", value: draft.boroughID,
                choices: boroughs.filter(\.isActive).map { ($0.id.rawValue, $0.name) }, failure: failure),
            .checkboxes(
                "partnerIDs", "Also delivered here by", values: draft.partnerIDs,
                choices: partners.map { ($0.id.rawValue, $0.name) }, failure: failure,
                hint: "Partner organisations working at this site beside yours; each records and sees its own work"),
        ]
    }

    /// Label and value pairs, as shown on the conflict page.
    func display(boroughs: [Borough]) -> [(String, String)] {
        [
            ("Site name", draft.name),
            ("Kind of site", SiteKind(rawValue: draft.kind)?.label ?? draft.kind),
            ("Borough", boroughs.first { $0.id.rawValue == draft.boroughID }?.name ?? draft.boroughID),
            ("Also delivered here by", draft.partnerIDs.joined(separator: ", ")),
        ]
    }
}
