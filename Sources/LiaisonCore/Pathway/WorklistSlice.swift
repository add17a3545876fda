import Foundation

/// One page of the work list, filtered, ordered and paged by the database so that a service's whole open list is
/// never loaded to show fifty rows (issue 21), with the counts the page heads and each practitioner's load.
package struct WorklistSlice: Sendable {
    /// The rows of this page, in `WorklistFilter.ordered` order.
    package let items: [WorklistItem]
    /// Where this page starts among the matching rows (0-based) after the requested page was clamped to the list.
    package let offset: Int
    /// The counts of the rows that match the filters, and every open episode at the organisation's sites.
    package let counts: WorklistCounts
    /// Each allocated practitioner's open episodes and today's arrivals among them, when asked for.
    package let loads: [User.ID: StaffLoad]
    /// The sites the organisation serves (its own and those it is a partner at), by name, when asked for: the
    /// page's site filter and names, read in the same use case as the rows.
    package let sites: [Site]
    /// The organisation's active practitioners and women's practitioners, by name, when asked for: who an episode
    /// can be allocated to.
    package let staff: [User]

    package init(
        items: [WorklistItem], offset: Int, counts: WorklistCounts, loads: [User.ID: StaffLoad], sites: [Site] = [],
        staff: [User] = []
    ) {
        self.items = items
        self.offset = offset
        self.counts = counts
        self.loads = loads
        self.sites = sites
        self.staff = staff
    }
}

/// What the head of the work list counts: the rows that match the filters, broken down, and the whole open list.
package struct WorklistCounts: Sendable, Hashable {
    package var matching = 0
    package var openAtSites = 0
    package var arrivedToday = 0
    package var waitingForScreening = 0
    package var unallocated = 0
    package var women = 0
    package var under18 = 0

    package init() {}
}

/// Which rows of a long list to show: the page the reader asked for, clamped to the list.
package struct ListPage: Sendable, Hashable {
    package let size: Int
    package let number: Int

    /// Both are bounded (a page of at most 10,000 rows, at most the 100,000,000th page) so that the offset can
    /// never overflow: `?page=1000000000000000000` is a page past the end, shown as the last, not a crash.
    package init(size: Int, number: Int) {
        self.size = min(max(1, size), 10_000)
        self.number = min(max(1, number), 100_000_000)
    }

    /// The page actually shown when `count` rows match: past the end is the last page.
    package func clamped(to count: Int) -> ListPage {
        ListPage(size: size, number: min(number, max(1, (count + size - 1) / size)))
    }

    package var offset: Int { (number - 1) * size }
}
