import Foundation

/// One episode of the evaluation extract as the database holds it, before pseudonymising: the identifiers the keyed
/// hash replaces, the date of birth that becomes an age, and facts an evaluator may see as they are.
package struct EvaluationSource: Sendable, Hashable {
    package var personID: String
    package var episodeID: String
    package var dateOfBirth: CalendarDate
    /// When the episode began (identification), and when the person was next identified by L&D, if ever.
    package var identifiedAt: Date
    package var nextIdentifiedAt: Date?
    package var statedGender: String
    package var ethnicity: String
    package var noFixedAbode: Bool
    /// The borough of the site that saw the person: Liaison holds no postcode-to-borough lookup, and a postcode
    /// never leaves in an extract.
    package var borough: String
    package var pathwayPoint: String
    package var screened: Bool
    package var assessed: Bool
    package var needs: [Need]
    package var referrals: Int
    package var reportIssued: Bool
    /// The latest justice outcome recorded on the episode, as its code.
    package var outcome: String?

    package init(
        personID: String, episodeID: String, dateOfBirth: CalendarDate, identifiedAt: Date, statedGender: String,
        ethnicity: String, borough: String, pathwayPoint: String
    ) {
        self.personID = personID
        self.episodeID = episodeID
        self.dateOfBirth = dateOfBirth
        self.identifiedAt = identifiedAt
        self.statedGender = statedGender
        self.ethnicity = ethnicity
        noFixedAbode = false
        self.borough = borough
        self.pathwayPoint = pathwayPoint
        screened = false
        assessed = false
        needs = []
        referrals = 0
        reportIssued = false
    }
}

/// What an evaluator asked for and who they are: a period of episodes, one provider or the whole service, and the
/// recipient the extract is recorded against.
package struct EvaluationRequest: Sendable, Hashable {
    package let from: ReturnMonth
    package let through: ReturnMonth
    package let recipient: String

    /// Checks the months (in order, at most three years) and the recipient (named, at most 200 characters).
    package init(from: String, through: String, recipient: String) throws(ValidationFailure) {
        var problems = ProblemList()
        let first = ReturnMonth(Text.tidy(from))
        let last = ReturnMonth(Text.tidy(through))
        if first == nil { problems.add("from", "Enter the first month, as YYYY-MM") }
        if last == nil { problems.add("through", "Enter the last month, as YYYY-MM") }
        if let first, let last {
            let months = (last.year - first.year) * 12 + last.month - first.month + 1
            if months < 1 {
                problems.add("through", "The last month must be the same as or after the first")
            } else if months > 36 {
                problems.add("through", "An extract covers at most three years (36 months)")
            }
        }
        let named = Text.tidy(recipient)
        if named.isEmpty { problems.add("recipient", "Enter who the extract is for (name and organisation)") }
        if named.count > 200 { problems.add("recipient", "The recipient must be 200 characters or fewer") }
        try problems.throwIfAny()
        self.from = first!
        self.through = last!
        self.recipient = named
    }
}

/// The pseudonymised person-level extract for an independent evaluator (issue 20): identifiers become keyed
/// hashes (the caller supplies the hash), the date of birth becomes age at the episode, and the columns are
/// documented in `dictionaryCSV`.
package enum EvaluationExtract {
    /// One column: its name and what it holds.
    package struct Column: Sendable, Hashable {
        package let name: String
        package let meaning: String
    }

    package static let columns: [Column] = [
        .init(
            name: "person_pseudonym",
            meaning:
                "HMAC-SHA256 of the person's Liaison id under this extract's secret (32 hex digits): the same person has the same pseudonym throughout one extract and a different one in every other"
        ),
        .init(name: "episode_pseudonym", meaning: "HMAC-SHA256 of the episode's id under the same secret"),
        .init(name: "month_identified", meaning: "The month L&D identified the person in this episode (YYYY-MM)"),
        .init(name: "age_at_episode", meaning: "Age in whole years on the day of identification"),
        .init(
            name: "stated_gender", meaning: "Stated gender (NHS code: 1 male, 2 female, 9 indeterminate, X not known)"),
        .init(
            name: "ethnic_group",
            meaning: "Broad NHS ethnic group: White, Mixed, Asian, Black, Other, Not stated or not known"),
        .init(name: "ethnicity", meaning: "Ethnic category (NHS Data Dictionary code list, as stored)"),
        .init(
            name: "borough",
            meaning:
                "Borough of the site where the person was seen (postcodes are not exported; Liaison holds no postcode-to-borough lookup)"
        ),
        .init(name: "no_fixed_abode", meaning: "yes when the person had no fixed abode, otherwise no"),
        .init(name: "pathway_point", meaning: "Where in the justice pathway the person was identified"),
        .init(name: "screened", meaning: "yes when a screening was completed in the episode"),
        .init(name: "assessed", meaning: "yes when an assessment was completed in the episode"),
        .init(name: "needs", meaning: "Needs identified in the episode's assessment, as codes separated by ';'"),
        .init(name: "referrals", meaning: "Onward referrals made from the episode"),
        .init(name: "report_issued", meaning: "yes when a report to court was issued in the episode"),
        .init(name: "justice_outcome", meaning: "The latest justice outcome recorded on the episode, as its code"),
        .init(
            name: "seen_again_12_months",
            meaning:
                "yes when L&D identified the person again within 365 days after this episode began; no when not; not_yet_known while the 365 days are still running"
        ),
    ]

    /// The extract's row for one episode; `pseudonym` is the keyed hash of an identifier.
    package static func row(_ source: EvaluationSource, today: Date, pseudonym: (String) -> String) -> [String] {
        let identified = CalendarDate(source.identifiedAt)
        let followUpEnds = source.identifiedAt.addingTimeInterval(365 * 86_400)
        let seenAgain: String =
            if let next = source.nextIdentifiedAt, next < followUpEnds {
                "yes"
            } else {
                today < followUpEnds ? "not_yet_known" : "no"
            }
        let yesNo = { (value: Bool) in value ? "yes" : "no" }
        return [
            pseudonym("person:" + source.personID), pseudonym("episode:" + source.episodeID),
            ReturnMonth(identified).description, String(source.dateOfBirth.years(until: identified)),
            source.statedGender, EthnicCategory(rawValue: source.ethnicity)?.broadGroup ?? "Not stated or not known",
            source.ethnicity, source.borough, yesNo(source.noFixedAbode), source.pathwayPoint, yesNo(source.screened),
            yesNo(source.assessed), source.needs.map(\.rawValue).joined(separator: ";"), String(source.referrals),
            yesNo(source.reportIssued), source.outcome ?? "", seenAgain,
        ]
    }

    /// The extract as CSV: the header, then one row per episode (spreadsheet-safe).
    package static func csv(_ sources: [EvaluationSource], today: Date, pseudonym: (String) -> String) -> String {
        CSV.export([columns.map(\.name)] + sources.map { row($0, today: today, pseudonym: pseudonym) })
    }

    /// The data dictionary as CSV: each column and what it holds.
    package static var dictionaryCSV: String {
        CSV.export([["column", "meaning"]] + columns.map { [$0.name, $0.meaning] })
    }
}
