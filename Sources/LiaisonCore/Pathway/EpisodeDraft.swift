import Foundation

/// What a practitioner typed to open an episode.
package struct EpisodeDraft: Sendable, Hashable {
    package var siteID: String
    package var pathwayPoint: String
    package var referralSource: String
    package var urgency: String

    package init(siteID: String, pathwayPoint: String, referralSource: String, urgency: String) {
        self.siteID = siteID
        self.pathwayPoint = pathwayPoint
        self.referralSource = referralSource
        self.urgency = urgency
    }

    /// The checked values, or every problem at once. Whether the site exists is the store's check.
    package func validated() throws(ValidationFailure) -> ValidEpisode {
        var problems = ProblemList()
        if Text.tidy(siteID).isEmpty { problems.add("siteID", "Select the site where the person was identified") }
        let point = PathwayPoint(rawValue: pathwayPoint)
        if point == nil { problems.add("pathwayPoint", "Select the point in the justice pathway") }
        let source = ReferralSource(rawValue: referralSource)
        if source == nil { problems.add("referralSource", "Select who asked L&D to see the person") }
        let urgency = Urgency(rawValue: self.urgency)
        if urgency == nil { problems.add("urgency", "Select how urgent this is") }
        try problems.throwIfAny()
        return ValidEpisode(
            siteID: Site.ID(Text.tidy(siteID)), pathwayPoint: point!, referralSource: source!, urgency: urgency!)
    }
}

/// Episode values that passed every check.
package struct ValidEpisode: Sendable, Hashable {
    package let siteID: Site.ID
    package let pathwayPoint: PathwayPoint
    package let referralSource: ReferralSource
    package let urgency: Urgency
}
