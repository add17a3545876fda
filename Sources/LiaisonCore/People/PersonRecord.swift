import Foundation

/// Everything a person's page shows, read at one moment: the record, who works with it, its casework, and the
/// names of the sites and services that casework mentions (not the whole directory).
package struct PersonRecord: Sendable {
    package let person: Person
    package let relationship: PersonRelationship
    package let episodes: [Episode]
    package let screenings: [ScreeningResponse]
    package let assessments: [Assessment]
    package let referrals: [Referral]
    package let hearings: [Hearing]
    package let outcomes: [JusticeOutcome]
    package let siteNames: [Site.ID: String]
    package let serviceNames: [Service.ID: String]

    package init(
        person: Person, relationship: PersonRelationship, episodes: [Episode], screenings: [ScreeningResponse],
        assessments: [Assessment], referrals: [Referral], hearings: [Hearing], outcomes: [JusticeOutcome],
        siteNames: [Site.ID: String], serviceNames: [Service.ID: String]
    ) {
        self.person = person
        self.relationship = relationship
        self.episodes = episodes
        self.screenings = screenings
        self.assessments = assessments
        self.referrals = referrals
        self.hearings = hearings
        self.outcomes = outcomes
        self.siteNames = siteNames
        self.serviceNames = serviceNames
    }
}

/// What opening a person's record comes to: shown, refused by the access policy (with its reason, so the page can
/// offer break-glass), or no such record.
package enum PersonRecordAnswer: Sendable {
    case shown(PersonRecord)
    case refused(reason: String)
    case notFound
}
