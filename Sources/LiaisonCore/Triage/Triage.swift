import Foundation

/// What the service knows of a person on a list: the tag the triage list shows on each line.
package enum TriageStatus: String, Sendable, CaseIterable, Codable {
    case openEpisode = "open_episode"
    case previouslyKnown = "previously_known"
    case possibleMatch = "possible_match"
    case notKnown = "not_known"

    package var label: String {
        switch self {
        case .openEpisode: "Open episode"
        case .previouslyKnown: "Known to L&D"
        case .possibleMatch: "Possible match"
        case .notKnown: "Not known"
        }
    }

    /// A line linked to a person is an open episode if the organisation has one open for them, else known; an
    /// unlinked line with a match still to decide is a possible match.
    package static func derive(linked: Bool, openEpisode: Bool, pendingCandidates: Bool) -> TriageStatus {
        if linked { return openEpisode ? .openEpisode : .previouslyKnown }
        return pendingCandidates ? .possibleMatch : .notKnown
    }
}

/// How one line's person-search results are acted on at import: an exact identifier on a confident match links
/// the line at once; anything else likely enough waits for a person to confirm or reject it.
package enum ListMatching {
    /// A candidate for a line, as the person search found it.
    package struct Found: Sendable, Hashable {
        package let personID: Person.ID
        package let explanation: MatchExplanation

        package init(personID: Person.ID, explanation: MatchExplanation) {
            self.personID = personID
            self.explanation = explanation
        }
    }

    package enum Outcome: Sendable, Hashable {
        /// Linked automatically: an identifier agreed exactly and the match is above the link threshold.
        case linked(Person.ID, probability: Double)
        /// Possible matches for a person to decide, most likely first.
        case possible([Found])
        case none
    }

    /// Candidates offered for review per line.
    package static let reviewed = 3

    /// Offered for review: everyone at or above the review threshold and anyone holding an identifier the line
    /// gives exactly (search lists them too), those first, then by weight. Linked: the one certain match that
    /// agrees on an identifier.
    package static func outcome(_ found: [Found], thresholds: MatchThresholds) -> Outcome {
        let likely = found.filter {
            $0.explanation.probability >= thresholds.review || $0.explanation.sharedIdentifier != nil
        }
        .sorted { $0.explanation.ranks(above: $1.explanation) }
        let certain = likely.filter { $0.explanation.decision == .link && $0.explanation.sharedIdentifier != nil }
        // Two records both certain would be a duplicate pair: a person picks, rather than the import.
        if certain.count == 1, let only = certain.first {
            return .linked(only.personID, probability: only.explanation.probability)
        }
        return likely.isEmpty ? .none : .possible(Array(likely.prefix(reviewed)))
    }
}

/// The time a line is due by, and how long is left: the hearing for a court list, and for custody the 24 hours a
/// person may be held without a charge decision (PACE s.41), counted from arrival.
package enum TriageClock {
    package static let detentionLimit: TimeInterval = 24 * 3600

    package static func deadline(_ kind: ListKind, dueAt: Date) -> Date {
        kind == .custody ? dueAt.addingTimeInterval(detentionLimit) : dueAt
    }

    /// "2 h 05 min left", "40 min left", "Passed 15 min ago" (court) or "24 hours reached" (custody).
    package static func left(_ kind: ListKind, dueAt: Date, now: Date) -> String {
        let seconds = deadline(kind, dueAt: dueAt).timeIntervalSince(now)
        if seconds <= 0 {
            return kind == .custody ? "24 hours reached" : "Passed \(duration(-seconds)) ago"
        }
        return "\(duration(seconds)) left"
    }

    /// True when under an hour is left (shown as urgent): a hearing still to come, or a detention near or past
    /// 24 hours.
    package static func isPressing(_ kind: ListKind, dueAt: Date, now: Date) -> Bool {
        let left = deadline(kind, dueAt: dueAt).timeIntervalSince(now)
        return left < 3600 && (kind == .custody || left > 0)
    }

    static func duration(_ seconds: TimeInterval) -> String {
        let minutes = Int((seconds / 60).rounded(.down))
        if minutes < 60 { return "\(minutes) min" }
        let hours = minutes / 60
        let rest = minutes % 60
        if hours >= 48 { return "\(hours / 24) days" }
        return rest == 0 ? "\(hours) h" : "\(hours) h \(String(format: "%02d", rest)) min"
    }
}
