import Foundation

/// What is due on one support case this week, for the worker's caseload and home page (issue 19): a review
/// overdue or falling due in the next seven days, a contact planned in the next seven days, and a person not seen
/// (no attended contact) for 14 days or more since support started.
package struct CaseloadDue: Sendable, Hashable {
    package let reviewOverdue: Bool
    package let reviewThisWeek: Bool
    package let plannedThisWeek: Bool
    package let notSeenFor14Days: Bool

    package init(nextReview: CalendarDate?, lastSeen: Date?, nextPlanned: Date?, startedOn: CalendarDate, now: Date) {
        let today = CalendarDate(now)
        let weekOn = CalendarDate(now.addingTimeInterval(7 * 86_400))
        reviewOverdue = nextReview.map { $0 < today } ?? false
        reviewThisWeek = nextReview.map { !($0 < today) && $0 <= weekOn } ?? false
        plannedThisWeek = nextPlanned.map { $0 > now && $0 <= now.addingTimeInterval(7 * 86_400) } ?? false
        notSeenFor14Days = (lastSeen ?? startedOn.londonStart) <= now.addingTimeInterval(-14 * 86_400)
    }

    /// How pressing the case is: overdue first, then not seen, then a review this week, then the rest.
    package var rank: Int {
        if reviewOverdue { return 0 }
        if notSeenFor14Days { return 1 }
        if reviewThisWeek { return 2 }
        return plannedThisWeek ? 3 : 4
    }

    /// Words for the flags that are set, for a status column.
    package var labels: [String] {
        [
            reviewOverdue ? "Review overdue" : nil, reviewThisWeek ? "Review this week" : nil,
            notSeenFor14Days ? "Not seen for 14 days" : nil, plannedThisWeek ? "Contact planned this week" : nil,
        ].compactMap { $0 }
    }
}
