import LiaisonCore

/// Where the service directory pages live.
enum ServicePaths {
    static let list = "/services"
    static let new = "/services/new"
    static func show(_ id: Service.ID) -> String { "/services/\(id.rawValue)" }
    static func edit(_ id: Service.ID) -> String { "/services/\(id.rawValue)/edit" }
    static func toggle(_ id: Service.ID) -> String { "/services/\(id.rawValue)/active" }
}

/// The service form: reads what was typed and lays out the fields with their errors.
struct ServiceForm: Sendable {
    static let fieldNames = ["name", "kind", "provider", "organisationID", "boroughIDs", "contactRoute", "eligibility"]
    let draft: ServiceDraft

    init(_ form: FormData) {
        draft = ServiceDraft(
            name: form["name"], kind: form["kind"], provider: form["provider"], organisationID: form["organisationID"],
            boroughIDs: form.all("boroughIDs"), contactRoute: form["contactRoute"], eligibility: form["eligibility"])
    }

    init(_ service: Service) {
        draft = ServiceDraft(
            name: service.name, kind: service.kind.rawValue, provider: service.provider,
            organisationID: service.organisationID?.rawValue ?? "", boroughIDs: service.boroughIDs.map(\.rawValue),
            contactRoute: service.contactRoute, eligibility: service.eligibility ?? "")
    }

    func fields(organisations: [Organisation], boroughs: [Borough], failure: ValidationFailure?) -> [FormField] {
        [
            .text("name", "Service name", value: draft.name, failure: failure),
            .select(
                "kind", "What the service does", value: draft.kind,
                choices: ServiceKind.allCases.map { ($0.rawValue, $0.label) }, failure: failure),
            .text(
                "provider", "Provider", value: draft.provider, failure: failure,
                hint: "Who runs it, as the person will know them"),
            .select(
                "organisationID", "Partner organisation (optional)", value: draft.organisationID,
                choices: organisations.map { ($0.id.rawValue, $0.name) }, failure: failure,
                hint: "Only if one of the partnership runs it: people referred to it are then shared with its staff"),
            .checkboxes(
                "boroughIDs", "Boroughs covered", values: draft.boroughIDs,
                choices: boroughs.map { ($0.id.rawValue, $0.name) }, failure: failure),
            .textarea(
                "contactRoute", "How to refer", value: draft.contactRoute, failure: failure,
                hint: "Phone, secure email or referral form, and opening hours"),
            .textarea("eligibility", "Eligibility notes (optional)", value: draft.eligibility, failure: failure),
        ]
    }

    func display(organisations: [Organisation], boroughs: [Borough]) -> [(String, String)] {
        [
            ("Service name", draft.name), ("What the service does", ServiceKind(rawValue: draft.kind)?.label ?? ""),
            ("Provider", draft.provider),
            ("Partner organisation", organisations.first { $0.id.rawValue == draft.organisationID }?.name ?? "None"),
            ("Boroughs covered", Self.names(draft.boroughIDs, boroughs)), ("How to refer", draft.contactRoute),
            ("Eligibility notes", draft.eligibility.isEmpty ? "None" : draft.eligibility),
        ]
    }

    /// Borough names for ids, in directory order.
    static func names(_ ids: [String], _ boroughs: [Borough]) -> String {
        boroughs.filter { ids.contains($0.id.rawValue) }.map(\.name).joined(separator: ", ")
    }
}
