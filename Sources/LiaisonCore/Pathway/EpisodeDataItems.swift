import Foundation

/// The national data items of one episode, captured where they happen (domain/national-data.md): why L&D was asked,
/// when it was alerted and first saw the person (or why it did not), arrest or voluntary attendance, the offence
/// group, and learning disability and autism status. One per episode, edited with its version; the return and
/// the reporting read them as recorded.
package struct EpisodeDataItems: Sendable, Hashable {
    package let episodeID: Episode.ID
    package let reason: ReferralReason
    package let alertedAt: Date
    /// When a practitioner first saw the person; nil when they were not seen.
    package let firstContactAt: Date?
    package let notSeenReason: NotSeenReason?
    package let custodyBasis: CustodyBasis
    package let offence: OffenceCategory
    package let learningDisability: DiagnosisStatus
    package let autism: DiagnosisStatus
    package let version: Int

    package init(
        episodeID: Episode.ID, reason: ReferralReason, alertedAt: Date, firstContactAt: Date?,
        notSeenReason: NotSeenReason?, custodyBasis: CustodyBasis, offence: OffenceCategory,
        learningDisability: DiagnosisStatus, autism: DiagnosisStatus, version: Int
    ) {
        self.episodeID = episodeID
        self.reason = reason
        self.alertedAt = alertedAt
        self.firstContactAt = firstContactAt
        self.notSeenReason = notSeenReason
        self.custodyBasis = custodyBasis
        self.offence = offence
        self.learningDisability = learningDisability
        self.autism = autism
        self.version = version
    }

    package var wasSeen: Bool { firstContactAt != nil }

    /// Minutes from the alert to the first contact (a national measure), when seen.
    package var minutesToFirstContact: Int? {
        firstContactAt.map { Int($0.timeIntervalSince(alertedAt) / 60) }
    }
}

/// What a practitioner typed on the episode's data items page, before it is checked.
package struct EpisodeDataItemsDraft: Sendable, Hashable {
    package var reason = ""
    package var alertedDate: [String] = []
    package var alertedTime = ""
    /// "yes" or "no".
    package var seen = ""
    package var firstContactDate: [String] = []
    package var firstContactTime = ""
    package var notSeenReason = ""
    package var custodyBasis = ""
    package var offence = ""
    package var learningDisability = ""
    package var autism = ""

    package init() {}

    /// The draft that shows `items` on the form.
    package init(_ items: EpisodeDataItems) {
        reason = items.reason.rawValue
        alertedDate = LondonTime.boxes(items.alertedAt)
        alertedTime = LondonTime.clock(items.alertedAt)
        seen = items.wasSeen ? "yes" : "no"
        firstContactDate = items.firstContactAt.map(LondonTime.boxes) ?? []
        firstContactTime = items.firstContactAt.map(LondonTime.clock) ?? ""
        notSeenReason = items.notSeenReason?.rawValue ?? ""
        custodyBasis = items.custodyBasis.rawValue
        offence = items.offence.rawValue
        learningDisability = items.learningDisability.rawValue
        autism = items.autism.rawValue
    }

    /// A new episode's draft: alerted when it was identified, at a police station by arrest unless it was a
    /// voluntary attendance, at court not applicable.
    package init(for episode: Episode) {
        alertedDate = LondonTime.boxes(episode.identifiedAt)
        alertedTime = LondonTime.clock(episode.identifiedAt)
        custodyBasis =
            switch episode.pathwayPoint {
            case .policeCustody: CustodyBasis.arrest.rawValue
            case .voluntaryAttendance: CustodyBasis.voluntaryAttendance.rawValue
            default: CustodyBasis.notApplicable.rawValue
            }
    }

    /// The items for an episode at `point`, checked at `now`.
    package func validated(for episode: Episode.ID, at point: PathwayPoint, now: Date) throws(ValidationFailure)
        -> EpisodeDataItems
    {
        var problems = ProblemList()
        let reason = ReferralReason(rawValue: reason)
        if reason == nil { problems.add("reason", "Select why L&D was asked to see the person") }
        let alerted = LondonTime.day(alertedDate).flatMap { LondonTime.at(alertedTime, on: $0) }
        if alerted == nil { problems.add("alertedDate", "Enter when L&D was alerted, a date and a time like 14:30") }
        if let alerted, alerted > now { problems.add("alertedDate", "When L&D was alerted cannot be in the future") }
        var firstContact: Date?
        var notSeen: NotSeenReason?
        switch seen {
        case "yes":
            firstContact = LondonTime.day(firstContactDate).flatMap { LondonTime.at(firstContactTime, on: $0) }
            if let contact = firstContact {
                if contact > now { problems.add("firstContactDate", "The first contact cannot be in the future") }
                if let alerted, contact < alerted {
                    problems.add("firstContactDate", "The first contact cannot be before L&D was alerted")
                }
            } else {
                problems.add("firstContactDate", "Enter when the person was first seen, a date and a time like 15:10")
            }
        case "no":
            notSeen = NotSeenReason(rawValue: notSeenReason)
            if notSeen == nil { problems.add("notSeenReason", "Select why the person was not seen") }
        default: problems.add("seen", "Say whether the person was seen")
        }
        let basis = CustodyBasis(rawValue: custodyBasis)
        if basis == nil {
            problems.add("custodyBasis", "Select whether the person was arrested or attended voluntarily")
        } else if [.policeCustody, .voluntaryAttendance].contains(point) && basis == .notApplicable {
            problems.add(
                "custodyBasis", "At a police station, say whether the person was arrested or attended voluntarily")
        }
        let offence = OffenceCategory(rawValue: offence)
        if offence == nil { problems.add("offence", "Select the group of the main offence, or not known yet") }
        let learning = DiagnosisStatus(rawValue: learningDisability)
        if learning == nil { problems.add("learningDisability", "Select the learning disability status") }
        let autism = DiagnosisStatus(rawValue: autism)
        if autism == nil { problems.add("autism", "Select the autism status") }
        try problems.throwIfAny()
        return EpisodeDataItems(
            episodeID: episode, reason: reason!, alertedAt: alerted!, firstContactAt: firstContact,
            notSeenReason: notSeen, custodyBasis: basis!, offence: offence!, learningDisability: learning!,
            autism: autism!, version: 0)
    }
}
