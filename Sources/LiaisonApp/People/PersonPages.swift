import Foundation
import LiaisonCore

/// The key-details bar shown on every person page: who this is, and what anyone meeting them must know.
struct KeyDetailsBar: Sendable {
    struct Flag: Sendable {
        let text: String
        let colour: String
    }

    let name: String
    let dateOfBirth: String
    let nhsNumber: String
    let pncID: String
    let flags: [Flag]
}

extension KeyDetailsBar {
    init(_ person: Person, today: CalendarDate) {
        let details = person.details
        name = person.displayName
        let approximate = details.dateOfBirthIsApproximate ? " (approximate)" : ""
        dateOfBirth = "\(details.dateOfBirth.long)\(approximate), age \(details.age(on: today))"
        nhsNumber = details.nhsNumber?.description ?? "Not known"
        pncID = details.pncID?.value ?? "Not known"
        var flags: [Flag] = []
        if details.needsAppropriateAdult(on: today) {
            flags.append(.init(text: "Under 18: appropriate adult needed", colour: "red"))
        }
        if details.interpreterNeeded {
            flags.append(
                .init(
                    text: "Interpreter needed" + (details.preferredLanguage.map { ": \($0)" } ?? ""), colour: "orange"))
        }
        if details.reasonableAdjustments != nil {
            flags.append(.init(text: "Reasonable adjustments", colour: "orange"))
        }
        if details.noFixedAbode { flags.append(.init(text: "No fixed abode", colour: "grey")) }
        if details.isRestricted { flags.append(.init(text: "Restricted record", colour: "red")) }
        self.flags = flags
    }
}

/// What people/find.mustache shows: the search form and, after a search, the likely matches.
struct FindPersonPage: Sendable {
    /// One match. A record the user has no relationship with shows only that it exists and what agreed with
    /// what they typed: never its name, date of birth or address.
    struct Candidate: Sendable {
        let name: String
        let dateOfBirth: String?
        let postcode: String?
        let heldElsewhere: Bool
        let likelihood: String
        let decision: String
        let agreements: [String]
        /// What counts against the match: shown beside every record, so that one listed for its identifier
        /// alone says why it is doubtful.
        let disagreements: [String]
        let hasDisagreements: Bool
        let explanation: [String]
        let viewHref: String?
        let episodeHref: String
    }

    /// The matcher's decision, or why a record it would not call a match is listed for checking
    /// (`MatchExplanation.checkReason`).
    static func decision(_ match: MatchExplanation) -> String {
        switch match.checkReason {
        case .sharedIdentifier: "Same \(match.sharedIdentifier?.label ?? "identifier"): check what disagrees"
        case .sameName: "Same name, nothing else to compare: check"
        case nil: match.decision.label
        }
    }

    let shell: Shell
    let fields: [FormField]
    let errors: [ErrorLink]
    let searched: Bool
    let resultHeading: String
    /// The search had a last name and a postcode only (`PersonQuery.onlyAtThePostcode`).
    let onlyAtThePostcode: Bool
    let candidates: [Candidate]
    let newHref: String
}

/// What the person page shows: the key details, the record and the timeline of episodes. Written by
/// `PersonPageHTML`; `people/show.mustache` stays as the reference its test holds it to, byte for byte.
struct PersonPage: Sendable {
    struct EpisodeRow: Sendable {
        let identifiedAt: String
        let site: String
        let pathwayPoint: String
        let source: String
        let urgency: String
        let status: String
        let statusColour: String
        /// The close form, for open episodes of the user's own organisation.
        let closeAction: String?
        let version: Int
        /// Unique on the page, for the close form's label.
        let episodeID: String
        let reasons: [FormOption]
        /// Screening, assessment and referral links, for the user's own organisation's episodes.
        let actions: [MessagePage.Link]
    }

    struct ReferralRow: Sendable {
        let madeOn: String
        let service: String
        let needs: String
        let status: String
        let colour: String
        /// Nil for those who cannot open a referral (its page is for the staff who record on it).
        let href: String?
    }

    struct ScreeningRow: Sendable {
        let recordedAt: String
        let instrument: String
        let href: String?
        let result: String
        let flags: [String]
        let isDraft: Bool
    }

    let shell: Shell
    let bar: KeyDetailsBar
    let items: [SummaryPage.Item]
    let episodes: [EpisodeRow]
    let screenings: [ScreeningRow]
    let referrals: [ReferralRow]
    /// Where to record a screening: the newest open episode of the user's own organisation, if any.
    let screeningHref: String?
    let editHref: String?
    /// The person's GP, NHS-number check and equality items.
    let dataItemsHref: String?
    let episodeHref: String?
    /// Where to propose merging a duplicate into this record.
    let mergeHref: String?
    /// Where to ask for a supported housing place (the waiting list).
    let housingHref: String?
    let notice: String?
    /// Hearings and justice outcomes across the service, newest first (set after the page is built).
    var justice: [JusticeRow] = []
    /// Completed assessments across the service, newest first: every organisation working with the person sees what
    /// the others found (set after the page is built).
    var assessments: [AssessmentRow] = []

    struct AssessmentRow: Sendable {
        let completedOn: String
        let site: String
        let needs: String
        let href: String?

        /// The completed assessments of `episodes`, newest first; the episode's own organisation opens it.
        static func completed(
            _ assessments: [Assessment], episodes: [Episode], siteNames: [Site.ID: String],
            opens: (Episode) -> Bool
        ) -> [AssessmentRow] {
            assessments.filter(\.isComplete).sorted {
                ($0.completedAt ?? .distantPast) > ($1.completedAt ?? .distantPast)
            }
            .compactMap { assessment in
                guard let episode = episodes.first(where: { $0.id == assessment.episodeID }) else { return nil }
                let needs = assessment.needs.map(\.need.label)
                return AssessmentRow(
                    completedOn: assessment.completedAt.map { CalendarDate($0).long } ?? "",
                    site: siteNames[episode.siteID] ?? "",
                    needs: needs.isEmpty ? "No needs identified" : needs.joined(separator: ", "),
                    href: opens(episode) ? AssessmentPaths.tasks(episode.id) : nil)
            }
        }
    }

    struct JusticeRow: Sendable {
        let date: String
        let what: String
        let detail: String
        let colour: String
    }

}

extension PersonPage {
    /// The page from the record's parts (the memberwise initialiser stays for tests that build a page by hand).
    init(
        shell: Shell, person: Person, episodes: [Episode], screenings: [ScreeningResponse],
        assessments: [Assessment], referrals: [Referral], serviceNames: [Service.ID: String],
        siteNames: [Site.ID: String], today: CalendarDate,
        canRecord: Bool, recordsOn: (Episode) -> Bool, notice: String?
    ) {
        self.shell = shell
        bar = KeyDetailsBar(person, today: today)
        let d = person.details
        func orNone(_ text: String?) -> String { text.map { $0.isEmpty ? "None" : $0 } ?? "None" }
        items = [
            .init(key: "Other names", value: orNone(d.aliases.joined(separator: ", "))),
            .init(key: "Sex", value: d.statedGender.label),
            .init(key: "Gender identity", value: d.genderIdentity?.label ?? "Not recorded"),
            .init(key: "Ethnic category", value: d.ethnicity.label),
            .init(key: "Custody record numbers", value: orNone(d.custodyNumbers.joined(separator: ", "))),
            .init(key: "Court case references", value: orNone(d.courtReferences.joined(separator: ", "))),
            .init(key: "Address", value: d.noFixedAbode ? "No fixed abode" : orNone(d.address)),
            .init(key: "Postcode", value: orNone(d.postcode)),
            .init(key: "Preferred language", value: orNone(d.preferredLanguage)),
            .init(key: "Reasonable adjustments", value: orNone(d.reasonableAdjustments)),
        ]
        let london = London.dateTime
        self.episodes = episodes.map { episode in
            EpisodeRow(
                identifiedAt: episode.identifiedAt.formatted(london),
                site: siteNames[episode.siteID] ?? "",
                pathwayPoint: episode.pathwayPoint.label, source: episode.referralSource.label,
                urgency: episode.urgency.label,
                status: episode.status.label + (episode.closureReason.map { ": \($0.label)" } ?? ""),
                statusColour: episode.status == .closed ? "grey" : "green",
                closeAction: episode.closedAt == nil && recordsOn(episode)
                    ? "/episodes/\(episode.id.rawValue)/closure" : nil,
                version: episode.version, episodeID: episode.id.rawValue,
                reasons: ClosureReason.allCases.map {
                    FormOption(value: $0.rawValue, label: $0.label, selected: false)
                },
                actions: Self.actions(
                    episode, assessment: assessments.first { $0.episodeID == episode.id },
                    mine: recordsOn(episode),
                    young: person.details.dateOfBirth.years(until: CalendarDate(episode.identifiedAt))
                        <= YoungPersonRecord.oldest))
        }
        self.referrals = referrals.map { referral in
            ReferralRow(
                madeOn: referral.steps.first?.occurredOn.long ?? "",
                service: serviceNames[referral.serviceID] ?? "",
                needs: referral.needs.map(\.label).joined(separator: ", "),
                status: referral.status.label + (referral.statusSince.map { " (\($0.long))" } ?? ""),
                colour: referral.status.colour, href: canRecord ? ReferralPaths.show(referral.id) : nil)
        }
        self.screenings = screenings.map { response in
            let summary = response.score.total.map { "\($0)\(response.score.band.map { ", \($0)" } ?? "")" }
            let short = response.score.shortForms.map { "\($0.name) \($0.total)\($0.isPositive ? " (positive)" : "")" }
            return ScreeningRow(
                recordedAt: response.recordedAt.formatted(london),
                instrument: Instruments.find(response.instrumentID)?.title ?? response.instrumentID,
                href: canRecord ? ScreeningRoutes.show(response.id) : nil,
                result: ([summary ?? "No score yet"] + short).joined(separator: " · "), flags: response.score.flags,
                isDraft: !response.isComplete)
        }
        let open = episodes.first { $0.closedAt == nil && recordsOn($0) }
        screeningHref = canRecord ? open.map { "/episodes/\($0.id.rawValue)/screenings/new" } : nil
        editHref = canRecord ? PersonPaths.edit(person.id) : nil
        dataItemsHref = canRecord ? PersonPaths.dataItems(person.id) : nil
        episodeHref = canRecord ? PersonPaths.newEpisode(person.id) : nil
        mergeHref = canRecord ? MergePaths.new(person.id) : nil
        housingHref = canRecord ? HousingPaths.request(person.id) : nil
        self.notice = notice
    }
}

extension PersonPage {
    /// What can be done on an episode from the person page.
    static func actions(_ episode: Episode, assessment: Assessment?, mine: Bool, young: Bool = false)
        -> [MessagePage.Link]
    {
        guard mine else { return [] }
        let assessmentLabel =
            assessment?.isComplete == true
            ? "View assessment" : assessment == nil ? "Start assessment" : "Continue assessment"
        // A child or young adult up to 18: the Appropriate Adult, family, youth offending team and transition.
        let youngPerson =
            young ? [MessagePage.Link(label: "Young person", href: YoungPersonPaths.page(episode.id))] : []
        let sharing =
            youngPerson + [
                MessagePage.Link(label: "National data items", href: EpisodeDataPaths.page(episode.id)),
                MessagePage.Link(label: "Open a support case", href: SupportPaths.open(episode.id)),
                MessagePage.Link(label: "Consent and sharing", href: SharingPaths.overview(episode.id)),
                MessagePage.Link(label: "Court reports", href: ReportPaths.list(episode.id)),
                MessagePage.Link(label: "Hearings and outcomes", href: HearingPaths.list(episode.id)),
            ]
        guard episode.closedAt == nil else {
            return (assessment == nil ? [] : [.init(label: assessmentLabel, href: AssessmentPaths.tasks(episode.id))])
                + sharing
        }
        return [
            .init(label: "Record a screening", href: "/episodes/\(episode.id.rawValue)/screenings/new"),
            .init(label: assessmentLabel, href: AssessmentPaths.tasks(episode.id)),
            .init(label: "Refer to a service", href: ReferralPaths.new(episode.id)),
        ] + sharing
    }
}

/// What people/form.mustache shows: the person form, with the first episode's fields when adding.
struct PersonFormPage: Sendable {
    let shell: Shell
    let bar: KeyDetailsBar?
    let heading: String
    let action: String
    let version: Int?
    let episodeFields: [FormField]
    let personHeading: String?
    let fields: [FormField]
    let errors: [ErrorLink]
    let submitLabel: String
    let cancelHref: String
    /// Records that already hold the NHS number or PNC ID typed, masked as "Find a person" masks them.
    var held: [HeldRecord] = []

    struct HeldRecord: Sendable {
        let label: String
        let viewHref: String?
        let episodeHref: String
    }
}

extension PersonPage.JusticeRow {
    /// The person's hearings and outcomes as one timeline, newest first; custody outcomes stand out.
    static func timeline(hearings: [Hearing], outcomes: [JusticeOutcome], sites: [Site]) -> [PersonPage.JusticeRow] {
        timeline(
            hearings: hearings, outcomes: outcomes,
            names: Dictionary(uniqueKeysWithValues: sites.map { ($0.id, $0.name) }))
    }

    /// The same, with the courts' names already looked up.
    static func timeline(hearings: [Hearing], outcomes: [JusticeOutcome], names: [Site.ID: String])
        -> [PersonPage.JusticeRow]
    {
        let rows: [(CalendarDate, Int, PersonPage.JusticeRow)] =
            hearings.map { hearing in
                (
                    hearing.date, 1,
                    .init(
                        date: hearing.date.long, what: "Hearing",
                        detail: [
                            names[hearing.courtID], hearing.session?.label.lowercased(),
                            hearing.courtroom.map { "courtroom \($0)" }, hearing.caseReference,
                        ].compactMap { $0 }.joined(separator: ", "), colour: "grey")
                )
            }
            + outcomes.map { outcome in
                (
                    outcome.decidedOn, 0,
                    .init(
                        date: outcome.decidedOn.long, what: "\(outcome.code.decisionPoint.label) decision",
                        detail: outcome.description + (outcome.note.map { ": \($0)" } ?? ""),
                        colour: outcome.code.isCustody ? "red" : "green")
                )
            }
        return rows.sorted { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }.map(\.2)
    }
}
