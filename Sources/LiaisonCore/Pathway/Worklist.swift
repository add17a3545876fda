import Foundation

/// An open episode with the little a work list needs about the person.
package struct WorklistItem: Sendable, Hashable {
    package let episode: Episode
    package let personName: String
    package let dateOfBirth: CalendarDate
    package let statedGender: StatedGender
    /// A restricted record the reader may not open: the name is not shown and the row does not link to it.
    package let isMasked: Bool

    /// What a masked row shows instead of the name.
    package static let restrictedName = "Restricted record"

    package init(
        episode: Episode, personName: String, isMasked: Bool = false, dateOfBirth: CalendarDate,
        statedGender: StatedGender
    ) {
        self.episode = episode
        self.personName = personName
        self.isMasked = isMasked
        self.dateOfBirth = dateOfBirth
        self.statedGender = statedGender
    }
}

/// The filters of the open-episodes work list. Every filter is optional; all that are set must hold.
package struct WorklistFilter: Sendable, Hashable {
    package enum AgeGroup: String, Sendable, CaseIterable {
        case under18 = "under_18"
        /// The national transition band, 18 to 24 (domain/codes.md): a 25-year-old is an adult.
        case transition = "18_24"

        package var label: String { self == .under18 ? "Under 18" : "18 to 24" }
    }

    package var siteID: Site.ID?
    package var pathwayPoint: PathwayPoint?
    package var status: EpisodeStatus?
    package var womenOnly = false
    package var ageGroup: AgeGroup?
    package var allocatedTo: User.ID?
    package var unallocatedOnly = false

    package init() {}

    /// True if `item` passes every filter that is set, on `today`.
    package func matches(_ item: WorklistItem, today: CalendarDate) -> Bool {
        if let siteID, item.episode.siteID != siteID { return false }
        if let pathwayPoint, item.episode.pathwayPoint != pathwayPoint { return false }
        if let status, item.episode.status != status { return false }
        if womenOnly && item.statedGender != .female { return false }
        if let allocatedTo, item.episode.allocatedTo != allocatedTo { return false }
        if unallocatedOnly && item.episode.allocatedTo != nil { return false }
        let age = item.dateOfBirth.years(until: today)
        switch ageGroup {
        case .under18: if age >= 18 { return false }
        case .transition: if !(18...24).contains(age) { return false }
        case nil: break
        }
        return true
    }

    /// Most urgent first, then the longest waiting: what is due first is at the top.
    package static func ordered(_ items: [WorklistItem]) -> [WorklistItem] {
        let rank: [Urgency: Int] = [.immediate: 0, .urgent: 1, .routine: 2]
        return items.sorted {
            (rank[$0.episode.urgency]!, $0.episode.identifiedAt) < (rank[$1.episode.urgency]!, $1.episode.identifiedAt)
        }
    }
}
