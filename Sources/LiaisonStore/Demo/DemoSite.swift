import LiaisonCore

/// The demo partnership: a London L&D trial shaped like the seeds — one charity and four NHS trusts,
/// 10 custody suites, 6 magistrates' courts, 3 youth courts, 2 crown courts and community bases across five
/// sub-regions, with a team manager in every organisation.
/// Populations are 2021 census figures, rounded to the hundred.
enum DemoSite {
    struct OrganisationSeed {
        let key: String
        let name: String
        let kind: OrganisationKind
        let ods: String?
    }
    struct BoroughSeed {
        let name: String
        let region: Region
        let population: Int
    }
    struct SiteSeed {
        let name: String
        let kind: SiteKind
        let borough: String
        let organisation: String
        /// Organisations working there beside the owner (by key).
        var partners: [String] = []
    }
    struct TeamSeed {
        let name: String
        let organisation: String
        let sites: [String]
    }
    struct UserSeed {
        let email: String
        let name: String
        let organisation: String
        let team: String?
        let roles: Set<Role>
    }

    static let organisations: [OrganisationSeed] = [
        .init(key: "charity", name: "Pathways Together", kind: .charity, ods: nil),
        .init(key: "cnwl", name: "Central and North West London NHS Foundation Trust", kind: .nhsTrust, ods: "RV3"),
        .init(key: "beh", name: "Barnet, Enfield and Haringey Mental Health NHS Trust", kind: .nhsTrust, ods: "RRP"),
        .init(key: "candi", name: "Camden and Islington NHS Foundation Trust", kind: .nhsTrust, ods: "TAF"),
        .init(key: "elft", name: "East London NHS Foundation Trust", kind: .nhsTrust, ods: "RWK"),
    ]

    static let boroughs: [BoroughSeed] = [
        .init(name: "Ealing", region: .westLondon, population: 367_100),
        .init(name: "Hillingdon", region: .westLondon, population: 305_900),
        .init(name: "Hounslow", region: .westLondon, population: 288_200),
        .init(name: "Hammersmith and Fulham", region: .westLondon, population: 183_200),
        .init(name: "Brent", region: .northWestLondon, population: 339_800),
        .init(name: "Harrow", region: .northWestLondon, population: 261_200),
        .init(name: "Barnet", region: .northWestLondon, population: 389_300),
        .init(name: "Westminster", region: .centralLondon, population: 204_300),
        .init(name: "Camden", region: .centralLondon, population: 210_100),
        .init(name: "Islington", region: .centralLondon, population: 216_600),
        .init(name: "Kensington and Chelsea", region: .centralLondon, population: 143_400),
        .init(name: "Enfield", region: .northLondon, population: 330_000),
        .init(name: "Haringey", region: .northLondon, population: 264_200),
        .init(name: "Hackney", region: .northEastLondon, population: 259_200),
        .init(name: "Tower Hamlets", region: .northEastLondon, population: 310_300),
        .init(name: "Newham", region: .northEastLondon, population: 351_100),
        .init(name: "Waltham Forest", region: .northEastLondon, population: 278_400),
        .init(name: "Redbridge", region: .northEastLondon, population: 310_300),
    ]

    static let sites: [SiteSeed] = [
        .init(name: "Ealing custody suite", kind: .custodySuite, borough: "Ealing", organisation: "cnwl"),
        .init(name: "Uxbridge custody suite", kind: .custodySuite, borough: "Hillingdon", organisation: "cnwl"),
        .init(
            name: "Hammersmith custody suite", kind: .custodySuite, borough: "Hammersmith and Fulham",
            organisation: "cnwl"),
        .init(name: "Wembley custody suite", kind: .custodySuite, borough: "Brent", organisation: "cnwl"),
        .init(name: "Colindale custody suite", kind: .custodySuite, borough: "Barnet", organisation: "beh"),
        .init(name: "Wood Green custody suite", kind: .custodySuite, borough: "Haringey", organisation: "beh"),
        .init(name: "Charing Cross custody suite", kind: .custodySuite, borough: "Westminster", organisation: "candi"),
        .init(name: "Kentish Town custody suite", kind: .custodySuite, borough: "Camden", organisation: "candi"),
        .init(name: "Stoke Newington custody suite", kind: .custodySuite, borough: "Hackney", organisation: "elft"),
        .init(name: "Bethnal Green custody suite", kind: .custodySuite, borough: "Tower Hamlets", organisation: "elft"),
        .init(
            name: "Uxbridge Magistrates' Court", kind: .magistratesCourt, borough: "Hillingdon", organisation: "cnwl"),
        .init(name: "Willesden Magistrates' Court", kind: .magistratesCourt, borough: "Brent", organisation: "cnwl"),
        .init(
            name: "Westminster Magistrates' Court", kind: .magistratesCourt, borough: "Westminster",
            organisation: "candi"),
        .init(
            name: "Highbury Corner Magistrates' Court", kind: .magistratesCourt, borough: "Islington",
            organisation: "candi"),
        .init(
            name: "Thames Magistrates' Court", kind: .magistratesCourt, borough: "Tower Hamlets", organisation: "elft",
            partners: ["charity"]),
        .init(name: "Stratford Magistrates' Court", kind: .magistratesCourt, borough: "Newham", organisation: "elft"),
        .init(name: "Uxbridge Youth Court", kind: .youthCourt, borough: "Hillingdon", organisation: "cnwl"),
        .init(
            name: "Highbury Corner Youth Court", kind: .youthCourt, borough: "Islington", organisation: "candi"),
        .init(name: "Stratford Youth Court", kind: .youthCourt, borough: "Newham", organisation: "elft"),
        .init(name: "Wood Green Crown Court", kind: .crownCourt, borough: "Haringey", organisation: "beh"),
        .init(name: "Snaresbrook Crown Court", kind: .crownCourt, borough: "Redbridge", organisation: "elft"),
        .init(name: "Pathways hub – Hackney", kind: .communityBase, borough: "Hackney", organisation: "charity"),
        .init(name: "Pathways hub – Ealing", kind: .communityBase, borough: "Ealing", organisation: "charity"),
    ]

    static let teams: [TeamSeed] = [
        .init(
            name: "West and North West L&D", organisation: "cnwl",
            sites: [
                "Ealing custody suite", "Uxbridge custody suite", "Hammersmith custody suite", "Wembley custody suite",
                "Uxbridge Magistrates' Court", "Willesden Magistrates' Court", "Uxbridge Youth Court",
            ]),
        .init(
            name: "North L&D", organisation: "beh",
            sites: ["Colindale custody suite", "Wood Green custody suite", "Wood Green Crown Court"]),
        .init(
            name: "Central L&D", organisation: "candi",
            sites: [
                "Charing Cross custody suite", "Kentish Town custody suite", "Westminster Magistrates' Court",
                "Highbury Corner Magistrates' Court", "Highbury Corner Youth Court",
            ]),
        .init(
            name: "North East L&D", organisation: "elft",
            sites: [
                "Stoke Newington custody suite", "Bethnal Green custody suite", "Thames Magistrates' Court",
                "Stratford Magistrates' Court", "Snaresbrook Crown Court", "Stratford Youth Court",
            ]),
        .init(
            name: "Community support", organisation: "charity",
            sites: ["Pathways hub – Hackney", "Pathways hub – Ealing"]),
        // The charity's court team works at Thames beside the trust's.
        .init(name: "Thames court team", organisation: "charity", sites: ["Thames Magistrates' Court"]),
    ]

    /// One user per role, spread across the partners.
    static let users: [UserSeed] = [
        .init(
            email: "admin@demo.liaison.test", name: "Alex Morgan", organisation: "charity", team: nil,
            roles: [.administrator]),
        .init(
            email: "practitioner@demo.liaison.test", name: "Priya Shah", organisation: "cnwl",
            team: "West and North West L&D", roles: [.practitioner]),
        .init(
            email: "womens.practitioner@demo.liaison.test", name: "Grace Okafor", organisation: "elft",
            team: "North East L&D", roles: [.practitioner, .womensPractitioner]),
        .init(
            email: "support@demo.liaison.test", name: "Sam Reilly", organisation: "charity", team: "Community support",
            roles: [.supportWorker]),
        .init(
            email: "support.north@demo.liaison.test", name: "Aisha Begum", organisation: "charity",
            team: "Community support", roles: [.supportWorker]),
        .init(
            email: "support.east@demo.liaison.test", name: "Tom Adeyemi", organisation: "charity",
            team: "Community support", roles: [.supportWorker]),
        .init(
            email: "manager@demo.liaison.test", name: "Jordan Blake", organisation: "cnwl",
            team: "West and North West L&D", roles: [.teamManager]),
        .init(
            email: "analyst@demo.liaison.test", name: "Chris Evans", organisation: "charity", team: nil,
            roles: [.analyst]),
        .init(
            email: "practitioner.north@demo.liaison.test", name: "Tom Byrne", organisation: "beh", team: "North L&D",
            roles: [.practitioner]),
        .init(
            email: "practitioner.central@demo.liaison.test", name: "Aisha Rahman", organisation: "candi",
            team: "Central L&D", roles: [.practitioner]),
        .init(
            email: "trust.admin@demo.liaison.test", name: "Robin Patel", organisation: "cnwl", team: nil,
            roles: [.administrator]),
        .init(
            email: "practitioner.thames@demo.liaison.test", name: "Leah Benson", organisation: "charity",
            team: "Thames court team", roles: [.practitioner]),
        // A team manager in every organisation: each team's reports are approved within it.
        .init(
            email: "manager.north@demo.liaison.test", name: "Nadia Kowalski", organisation: "beh", team: "North L&D",
            roles: [.teamManager]),
        .init(
            email: "manager.central@demo.liaison.test", name: "Owen Hughes", organisation: "candi",
            team: "Central L&D", roles: [.teamManager]),
        .init(
            email: "manager.east@demo.liaison.test", name: "Femi Adebayo", organisation: "elft",
            team: "North East L&D", roles: [.teamManager]),
        .init(
            email: "manager.support@demo.liaison.test", name: "Helen Ward", organisation: "charity",
            team: "Community support", roles: [.teamManager]),
    ]

    /// The demo password for every demo account: demo data on a local machine only, printed by `make run`.
    static let password = "liaison-demo-password"
}
