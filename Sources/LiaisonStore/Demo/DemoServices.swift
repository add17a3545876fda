import LiaisonCore

/// The demo service directory: the kinds of London services L&D teams refer to (mental health teams, drug and
/// alcohol services, housing options, debt advice, domestic abuse services, women's centres). Contact details
/// are fictional: phone numbers are in Ofcom's drama range and addresses use example domains.
enum DemoServices {
    struct ServiceSeed {
        let name: String
        let kind: ServiceKind
        let provider: String
        /// The demo organisation key, when a partner runs it.
        let organisation: String?
        let boroughs: [String]
        let contact: String
        let eligibility: String?
    }

    static let west = ["Ealing", "Hillingdon", "Hounslow", "Hammersmith and Fulham"]
    static let northWest = ["Brent", "Harrow", "Barnet"]
    static let central = ["Westminster", "Camden", "Islington", "Kensington and Chelsea"]
    static let north = ["Enfield", "Haringey"]
    static let northEast = ["Hackney", "Tower Hamlets", "Newham", "Waltham Forest", "Redbridge"]
    static let all = west + northWest + central + north + northEast

    static let services: [ServiceSeed] = [
        .init(
            name: "West London Community Mental Health Hub", kind: .communityMentalHealth,
            provider: "Central and North West London NHS FT", organisation: "cnwl", boroughs: west + northWest,
            contact: "Single point of access 020 7946 0101, 24 hours",
            eligibility: "18 and over, registered with a GP in the area"),
        .init(
            name: "North London Community Mental Health Team", kind: .communityMentalHealth,
            provider: "Barnet, Enfield and Haringey Mental Health NHS Trust", organisation: "beh", boroughs: north,
            contact: "Referral form to spa@north-mh.example.org", eligibility: "18 and over"),
        .init(
            name: "Camden and Islington Crisis Team", kind: .crisisMentalHealth,
            provider: "Camden and Islington NHS FT", organisation: "candi", boroughs: ["Camden", "Islington"],
            contact: "Crisis line 020 7946 0102", eligibility: nil),
        .init(
            name: "East London Home Treatment Team", kind: .crisisMentalHealth, provider: "East London NHS FT",
            organisation: "elft", boroughs: northEast, contact: "020 7946 0103, 24 hours", eligibility: nil),
        .init(
            name: "Talking Therapies North East London", kind: .talkingTherapies, provider: "East London NHS FT",
            organisation: "elft", boroughs: northEast, contact: "Self-referral online or 020 7946 0104",
            eligibility: "16 and over, mild to moderate anxiety or depression"),
        .init(
            name: "Westminster Talking Therapies", kind: .talkingTherapies,
            provider: "Central and North West London NHS FT",
            organisation: "cnwl", boroughs: ["Westminster", "Kensington and Chelsea"], contact: "020 7946 0105",
            eligibility: "18 and over"),
        .init(
            name: "Hackney Recovery Service", kind: .substanceMisuse, provider: "Turning Point", organisation: nil,
            boroughs: ["Hackney"], contact: "Drop-in weekdays 10–4, or 020 7946 0106", eligibility: nil),
        .init(
            name: "Ealing Drug and Alcohol Service", kind: .substanceMisuse, provider: "Change Grow Live",
            organisation: nil, boroughs: ["Ealing", "Hounslow"], contact: "020 7946 0107", eligibility: nil),
        .init(
            name: "Better Lives Camden", kind: .substanceMisuse, provider: "Camden and Islington NHS FT",
            organisation: "candi", boroughs: ["Camden"], contact: "020 7946 0108", eligibility: "18 and over"),
        .init(
            name: "North London Alcohol Service", kind: .alcohol,
            provider: "Barnet, Enfield and Haringey Mental Health NHS Trust",
            organisation: "beh", boroughs: north + ["Barnet"], contact: "alcohol@north-mh.example.org",
            eligibility: nil),
        .init(
            name: "Westminster Housing Solutions", kind: .housingOptions, provider: "Westminster City Council",
            organisation: nil, boroughs: ["Westminster"], contact: "Housing options 020 7946 0110",
            eligibility: "Westminster connection, or homeless on the day"),
        .init(
            name: "Hackney Housing Needs", kind: .housingOptions, provider: "London Borough of Hackney",
            organisation: nil, boroughs: ["Hackney"], contact: "020 7946 0111; duty to refer online form",
            eligibility: nil),
        .init(
            name: "Ealing Housing Options", kind: .housingOptions, provider: "London Borough of Ealing",
            organisation: nil, boroughs: ["Ealing"], contact: "020 7946 0112", eligibility: nil),
        .init(
            name: "Pathways Supported Housing", kind: .supportedAccommodation, provider: "Pathways Together",
            organisation: "charity", boroughs: all, contact: "Placements panel: housing@pathways.example.org",
            eligibility: "Referred by L&D as an alternative to remand"),
        .init(
            name: "Citizens Advice Debt Service London", kind: .debtAdvice, provider: "Citizens Advice",
            organisation: nil, boroughs: all, contact: "Adviceline 020 7946 0114", eligibility: nil),
        .init(
            name: "StepChange Debt Advice", kind: .debtAdvice, provider: "StepChange Debt Charity", organisation: nil,
            boroughs: all, contact: "Online referral, partner code on request", eligibility: nil),
        .init(
            name: "Solace Advocacy and Support", kind: .domesticAbuse, provider: "Solace Women's Aid",
            organisation: nil, boroughs: central + north, contact: "020 7946 0116", eligibility: "Survivors of abuse"),
        .init(
            name: "East London Domestic Abuse Service", kind: .domesticAbuse, provider: "Refuge", organisation: nil,
            boroughs: northEast, contact: "020 7946 0117", eligibility: nil),
        .init(
            name: "Advance Women's Centre", kind: .womensCentre, provider: "Advance", organisation: nil,
            boroughs: west + central, contact: "referrals@advance.example.org",
            eligibility: "Women in contact with the justice system"),
        .init(
            name: "Hibiscus Women's Centre", kind: .womensCentre, provider: "Hibiscus Initiatives", organisation: nil,
            boroughs: northEast + north, contact: "020 7946 0119", eligibility: "Women, including foreign nationals"),
        .init(
            name: "North West London Learning Disability Team", kind: .learningDisability,
            provider: "Central and North West London NHS FT", organisation: "cnwl", boroughs: northWest,
            contact: "020 7946 0120", eligibility: "Diagnosed or suspected learning disability"),
        .init(
            name: "London Autism Assessment Service", kind: .autism, provider: "East London NHS FT",
            organisation: "elft", boroughs: all, contact: "Referral by GP or L&D", eligibility: "18 and over"),
        .init(
            name: "Pathways Young People's Service", kind: .youngPeople, provider: "Pathways Together",
            organisation: "charity", boroughs: all, contact: "youth@pathways.example.org",
            eligibility: "Aged 14 to 25, including gang exploitation"),
        .init(
            name: "Pathways Community Support", kind: .communitySupport, provider: "Pathways Together",
            organisation: "charity", boroughs: all, contact: "support@pathways.example.org",
            eligibility: "Adults identified by L&D who want help to engage with services"),
        .init(
            name: "Op COURAGE London", kind: .veterans, provider: "NHS veterans' mental health service",
            organisation: nil, boroughs: all, contact: "020 7946 0123", eligibility: "Veterans and reservists"),
        .init(
            name: "Find a GP – London", kind: .primaryCare, provider: "NHS England", organisation: nil,
            boroughs: all, contact: "Registration support 020 7946 0124", eligibility: "No one is turned away"),
    ]

    /// The service kinds that answer each need first (the demo refers to one of them in the person's area).
    static func kinds(for need: Need) -> [ServiceKind] {
        switch need {
        case .mentalHealth: [.communityMentalHealth, .crisisMentalHealth, .talkingTherapies, .communitySupport]
        case .suicideSelfHarm: [.communityMentalHealth, .crisisMentalHealth, .talkingTherapies]
        case .substanceMisuse: [.substanceMisuse]
        case .alcoholMisuse: [.alcohol, .substanceMisuse]
        case .housing: [.housingOptions, .supportedAccommodation, .communitySupport]
        case .financesDebt: [.debtAdvice, .communitySupport]
        case .domesticAbuse, .sexualViolence: [.domesticAbuse, .womensCentre]
        case .learningDisability, .learningDifficulty: [.learningDisability]
        case .autism, .neurodivergence: [.autism]
        case .exploitationGangs: [.youngPeople]
        case .veteran: [.veterans]
        case .physicalHealth: [.primaryCare]
        default: []
        }
    }
}
