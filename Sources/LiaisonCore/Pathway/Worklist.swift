import Foundation

/// An open episode with the little a work list needs about the person.
package struct WorklistItem: Sendable, Hashable {
    package let episode: Episode
    package let personName: String
    package let dateOfBirth: CalendarDate
    package let statedGender: StatedGender
    /// A record the reader may not open: the name and age are not shown and the row does not link to it.
    package let isMasked: Bool

    /// What a masked row shows instead of the name (a restricted record, or one whose claim no longer stands), as
    /// the other masked lists say it.
    package static let restrictedName = "Record you cannot open"

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

    /// The person's age on `day`; nil on a masked row, as "Find a person" shows no date of birth for them.
    package func age(on day: CalendarDate) -> Int? { isMasked ? nil : dateOfBirth.years(until: day) }
}

/// The filters of the open-episodes work list. Every filter is optional; all that are set must hold.
package struct WorklistFilter: Sendable, Hashable {
    package enum AgeGroup: String, Sendable, CaseIterable {
        case under18 = "under_18"
        /// The national transition band, 18 to 24 (domain/codes.md): a 25-year-old is an adult.
        case transition = "18_24"

        package var label: String { self == .under18 ? "Under 18" : "18 to 24" }

        /// The group someone of `age` is in, if either: marked on every row of the work list.
        package static func of(age: Int) -> AgeGroup? {
            age < 18 ? .under18 : age <= 24 ? .transition : nil
        }
    }

    package var siteID: Site.ID?
    package var pathwayPoint: PathwayPoint?
    package var status: EpisodeStatus?
    package var womenOnly = false
    package var ageGroup: AgeGroup?
    package var allocatedTo: User.ID?
    package var unallocatedOnly = false
    /// Only people identified today (London time): today's arrivals, such as those in custody now.
    package var arrivedToday = false

    package init() {}

    /// True if `item` passes every filter that is set, on `today`. The rule as stated: the store's `WorklistQuery`
    /// applies it in SQL, and `WorklistPagingStoreTests` hold the two equal.
    package func matches(_ item: WorklistItem, today: CalendarDate) -> Bool {
        if let siteID, item.episode.siteID != siteID { return false }
        if let pathwayPoint, item.episode.pathwayPoint != pathwayPoint { return false }
        if let status, item.episode.status != status { return false }
        if womenOnly && item.statedGender != .female { return false }
        if let allocatedTo, item.episode.allocatedTo != allocatedTo { return false }
        if unallocatedOnly && item.episode.allocatedTo != nil { return false }
        if arrivedToday && !item.arrived(on: today) { return false }
        let age = item.dateOfBirth.years(until: today)
        switch ageGroup {
        case .under18: if age >= 18 { return false }
        case .transition: if !(18...24).contains(age) { return false }
        case nil: break
        }
        return true
    }

    /// The work list's order (`WorklistQuery` spells it in SQL; the team day orders its arrivals with it).
    /// Most urgent first; within each urgency today's arrivals first (newest first: they are who the custody
    /// sergeant or court is waiting on now), then the rest longest waiting first.
    package static func ordered(_ items: [WorklistItem], today: CalendarDate) -> [WorklistItem] {
        let rank: [Urgency: Int] = [.immediate: 0, .urgent: 1, .routine: 2]
        func key(_ item: WorklistItem) -> (Int, Int, TimeInterval) {
            let arrived = item.arrived(on: today)
            let time = item.episode.identifiedAt.timeIntervalSince1970
            return (rank[item.episode.urgency]!, arrived ? 0 : 1, arrived ? -time : time)
        }
        return items.sorted { key($0) < key($1) }
    }
}

extension WorklistItem {
    /// Identified on `today` (London time).
    package func arrived(on today: CalendarDate) -> Bool { CalendarDate(episode.identifiedAt) == today }
}
