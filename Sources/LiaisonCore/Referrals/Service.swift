import Foundation

/// An entry in the service directory: somewhere L&D can refer a person. Team managers keep it current; a service
/// run by a partner organisation lets that organisation's staff see the people referred to it.
package struct Service: Sendable, Hashable, Identifiable {
    package typealias ID = TypedID<Service>

    package var id: ID
    package var name: String
    package var kind: ServiceKind
    /// Who runs it, as the public knows them ("Turning Point", "Central and North West London NHS FT").
    package var provider: String
    /// The partner organisation running it, if it is one of ours: referrals then share the record with it.
    package var organisationID: Organisation.ID?
    package var boroughIDs: [Borough.ID]
    package var contactRoute: String
    package var eligibility: String?
    package var isActive: Bool
    package var version: Int

    package init(
        id: ID, name: String, kind: ServiceKind, provider: String, organisationID: Organisation.ID?,
        boroughIDs: [Borough.ID], contactRoute: String, eligibility: String?, isActive: Bool, version: Int
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.provider = provider
        self.organisationID = organisationID
        self.boroughIDs = boroughIDs
        self.contactRoute = contactRoute
        self.eligibility = eligibility
        self.isActive = isActive
        self.version = version
    }
}

/// What a service does. Raw values are stored and used by the API.
package enum ServiceKind: String, Sendable, CaseIterable, Codable {
    case communityMentalHealth = "community_mental_health"
    case crisisMentalHealth = "crisis_mental_health"
    case talkingTherapies = "talking_therapies"
    case learningDisability = "learning_disability"
    case autism
    case substanceMisuse = "substance_misuse"
    case alcohol
    case housingOptions = "housing_options"
    case supportedAccommodation = "supported_accommodation"
    case debtAdvice = "debt_advice"
    case domesticAbuse = "domestic_abuse"
    case womensCentre = "womens_centre"
    case youngPeople = "young_people"
    /// Community support workers who help the person engage with services (issue 19): a case opens from it.
    case communitySupport = "community_support"
    case veterans
    case primaryCare = "primary_care"
    case other

    /// The label shown to users.
    package var label: String {
        switch self {
        case .communityMentalHealth: "Community mental health team"
        case .crisisMentalHealth: "Crisis and home treatment"
        case .talkingTherapies: "Talking therapies"
        case .learningDisability: "Learning disability service"
        case .autism: "Autism service"
        case .substanceMisuse: "Drug treatment"
        case .alcohol: "Alcohol service"
        case .housingOptions: "Housing options"
        case .supportedAccommodation: "Supported accommodation"
        case .debtAdvice: "Debt and benefits advice"
        case .domesticAbuse: "Domestic abuse service"
        case .womensCentre: "Women's centre"
        case .youngPeople: "Young people's service"
        case .communitySupport: "Community support"
        case .veterans: "Veterans' service"
        case .primaryCare: "GP and primary care"
        case .other: "Other"
        }
    }
}

/// What a team manager typed to add or change a service.
package struct ServiceDraft: Sendable, Hashable {
    package var name: String
    package var kind: String
    package var provider: String
    package var organisationID: String
    package var boroughIDs: [String]
    package var contactRoute: String
    package var eligibility: String

    package init(
        name: String, kind: String, provider: String, organisationID: String, boroughIDs: [String],
        contactRoute: String, eligibility: String
    ) {
        self.name = name
        self.kind = kind
        self.provider = provider
        self.organisationID = organisationID
        self.boroughIDs = boroughIDs
        self.contactRoute = contactRoute
        self.eligibility = eligibility
    }

    /// The checked values, or every problem at once. Whether the organisation and boroughs exist is the
    /// store's check.
    package func validated() throws(ValidationFailure) -> ValidService {
        var problems = ProblemList()
        let name = Text.tidy(self.name)
        Text.checkRequired(name, field: "name", label: "service name", into: &problems)
        let kind = ServiceKind(rawValue: self.kind)
        if kind == nil { problems.add("kind", "Select what the service does") }
        let provider = Text.tidy(self.provider)
        Text.checkRequired(provider, field: "provider", label: "provider", into: &problems)
        let boroughs = boroughIDs.map(Text.tidy).filter { !$0.isEmpty }
        if boroughs.isEmpty { problems.add("boroughIDs", "Select at least one borough the service covers") }
        let contact = Text.tidy(contactRoute)
        Text.checkRequired(contact, field: "contactRoute", label: "contact route", limit: 500, into: &problems)
        let eligibility = Text.tidyOptional(self.eligibility)
        if let eligibility, eligibility.count > 2000 {
            problems.add("eligibility", "Eligibility notes must be 2,000 characters or fewer")
        }
        try problems.throwIfAny()
        return ValidService(
            name: name, kind: kind!, provider: provider,
            organisationID: Text.tidyOptional(organisationID).map(Organisation.ID.init),
            boroughIDs: Array(Set(boroughs)).sorted().map(Borough.ID.init), contactRoute: contact,
            eligibility: eligibility)
    }
}

/// Service values that passed every check.
package struct ValidService: Sendable, Hashable {
    package let name: String
    package let kind: ServiceKind
    package let provider: String
    package let organisationID: Organisation.ID?
    package let boroughIDs: [Borough.ID]
    package let contactRoute: String
    package let eligibility: String?
}
