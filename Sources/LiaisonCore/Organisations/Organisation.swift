/// A partner that delivers or works with the service: the lead charity, an NHS trust, a police force, a court.
package struct Organisation: Sendable, Hashable, Identifiable {
    package typealias ID = TypedID<Organisation>

    package var id: ID
    package var name: String
    package var kind: OrganisationKind
    /// NHS Organisation Data Service code, where the organisation has one (trusts do, charities may not).
    package var odsCode: String?
    package var isActive: Bool
    package var version: Int

    package init(id: ID, name: String, kind: OrganisationKind, odsCode: String?, isActive: Bool, version: Int) {
        self.id = id
        self.name = name
        self.kind = kind
        self.odsCode = odsCode
        self.isActive = isActive
        self.version = version
    }
}

/// The kind of organisation. Raw values are stored and sent over the API: never change one.
package enum OrganisationKind: String, Sendable, CaseIterable, Codable {
    case charity
    case nhsTrust = "nhs_trust"
    case policeForce = "police_force"
    case courtService = "court_service"
    case localAuthority = "local_authority"
    case other

    /// The label shown to users.
    package var label: String {
        switch self {
        case .charity: "Charity"
        case .nhsTrust: "NHS trust"
        case .policeForce: "Police force"
        case .courtService: "Court service"
        case .localAuthority: "Local authority"
        case .other: "Other"
        }
    }
}

/// What a person typed to add or change an organisation, before it is checked.
package struct OrganisationDraft: Sendable, Hashable {
    package var name: String
    package var kind: String
    package var odsCode: String

    package init(name: String, kind: String, odsCode: String = "") {
        self.name = name
        self.kind = kind
        self.odsCode = odsCode
    }

    /// The checked values, or every problem at once.
    package func validated() throws(ValidationFailure) -> ValidOrganisation {
        var problems = ProblemList()
        let name = Text.tidy(self.name)
        Text.checkRequired(name, field: "name", label: "organisation name", into: &problems)
        let kind = OrganisationKind(rawValue: self.kind)
        if kind == nil { problems.add("kind", "Select the kind of organisation") }
        let ods = Text.tidyOptional(odsCode)?.uppercased()
        if let ods, ods.count > 10 || !ods.allSatisfy({ $0.isLetter || $0.isNumber }) {
            problems.add("odsCode", "The ODS code must be up to 10 letters and numbers, like RV3")
        }
        try problems.throwIfAny()
        return ValidOrganisation(name: name, kind: kind!, odsCode: ods)
    }
}

/// Organisation values that passed every check; only these reach the store.
package struct ValidOrganisation: Sendable, Hashable {
    package let name: String
    package let kind: OrganisationKind
    package let odsCode: String?
}
