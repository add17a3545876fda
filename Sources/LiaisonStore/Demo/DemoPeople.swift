import Foundation
import LiaisonCore

/// Synthetic people for the demo: a year of L&D activity shaped like the seeds (most first seen in police
/// custody, a little over 3% at crown courts, mostly men, a London ethnicity mix, some repeat attenders,
/// screenings on most episodes, assessments and referrals). Values are built with the Core rules (drafts validated,
/// instruments scored, referral steps only where `ReferralStatus.next` allows) and written in batches of multi-row
/// inserts with their audit events (`DemoRows`).
package struct DemoPeople: Sendable {
    package let stores: Stores
    package let seed: UInt64
    package let now: Date

    package init(stores: Stores, seed: UInt64, now: Date) {
        self.stores = stores
        self.seed = seed
        self.now = now
    }

    /// Adds `count` people (with episodes and screenings); `progress` gets the number done so far.
    package func load(count: Int, progress: @Sendable (Int) -> Void) async throws {
        var random = DemoRandom(seed: seed)
        let sites = try await stores.sites.list().filter(\.isActive)
        let users = try await stores.users.list(of: nil)
        // One practitioner per organisation records what happens at its sites.
        var recorders: [Organisation.ID: Attribution] = [:]
        for user in users where user.roles.contains(.practitioner) && recorders[user.organisationID] == nil {
            recorders[user.organisationID] = Attribution(Actor(user: user), reason: "liaison demo")
        }
        let custody = sites.filter { $0.kind == .custodySuite && recorders[$0.organisationID] != nil }
        let magistrates = sites.filter { $0.kind == .magistratesCourt && recorders[$0.organisationID] != nil }
        let crown = sites.filter { $0.kind == .crownCourt && recorders[$0.organisationID] != nil }
        let youth = sites.filter { $0.kind == .youthCourt && recorders[$0.organisationID] != nil }
        guard !custody.isEmpty else { throw DomainError.ruleBroken("Load the demo partnership first (liaison demo)") }
        let today = CalendarDate(now)
        let places = Places(
            custody: custody, magistrates: magistrates.isEmpty ? custody : magistrates,
            crown: crown.isEmpty ? custody : crown, youth: youth, recorders: recorders,
            caseWork: DemoCaseWork(
                stores: stores, services: try await stores.services.list(), now: now,
                support: DemoSupport(
                    workers: Dictionary(
                        grouping: users.filter { $0.roles.contains(.supportWorker) && $0.isActive }.sorted {
                            $0.email < $1.email
                        }, by: \.organisationID
                    ).mapValues { $0.map { Attribution(Actor(user: $0), reason: "liaison demo") } },
                    openers: recorders, now: now)))
        // Each batch of people is built in memory, then written in one transaction with its audit events.
        var done = 0
        let ids = DemoIDs(seed: seed).generator
        while done < count {
            let range = done..<min(count, done + Self.batchSize)
            var rows = DemoRows()
            while rows.people.count < range.count {
                try addPerson(
                    &random, today: today, places: places, ids: ids, into: &rows,
                    room: range.count - rows.people.count)
            }
            let batch = rows
            let audit = stores.audit
            try await stores.database.transaction { db in try await batch.write(on: db, audit: audit) }
            done = range.upperBound
            progress(done)
        }
    }

    /// Share of people recorded twice by mistake.
    static let duplicateRate = 0.02

    /// The same person as recorded on another day: a misspelt last name, swapped names, or day and month swapped;
    /// the NHS number not given this time.
    static func misrecorded(_ details: PersonDetails, _ random: inout DemoRandom) -> PersonDetails {
        var copy = details
        copy.nhsNumber = nil
        switch Int.random(in: 0..<3, using: &random) {
        case 0:
            var letters = Array(copy.familyName)
            if letters.count > 3 { letters.swapAt(letters.count - 2, letters.count - 3) }
            copy.familyName = String(letters)
        case 1: (copy.givenName, copy.familyName) = (copy.familyName, copy.givenName)
        default:
            let dob = copy.dateOfBirth
            copy.dateOfBirth = CalendarDate(year: dob.year, month: dob.day, day: dob.month) ?? dob
        }
        return copy
    }

    /// People per transaction: large enough that commits are rare, small enough to show progress often.
    static let batchSize = 1000

    /// Where people are seen, and who records it.
    private struct Places: Sendable {
        let custody: [Site]
        let magistrates: [Site]
        let crown: [Site]
        let youth: [Site]
        let recorders: [Organisation.ID: Attribution]
        let caseWork: DemoCaseWork

        /// The site and time as they would really be: a child at an adult court is at the organisation's youth
        /// court (or in its custody suite when it has none), an adult is never at a youth court, and a court sees
        /// people only while it sits (a weekday, 09:30 to 16:30). No random numbers are drawn, so a seed keeps
        /// making the same people.
        func fitting(_ site: Site, _ drawn: Date, born: CalendarDate, now: Date) -> (Site, Date) {
            let sameOrganisation = { (sites: [Site]) in sites.first { $0.organisationID == site.organisationID } }
            var fitted = site
            if !site.kind.usualAges.contains(born.years(until: CalendarDate(drawn))) {
                let underAge = born.years(until: CalendarDate(drawn)) < 18
                fitted =
                    (underAge ? sameOrganisation(youth) : sameOrganisation(magistrates)) ?? sameOrganisation(custody)
                    ?? site
            }
            return (fitted, fitted.kind.isCourt ? Self.inSitting(drawn, now: now) : drawn)
        }

        /// The same moment moved into court hours: a weekend to the Friday before, the time of day scaled into the
        /// sitting; never after `now` (a week earlier if it would be).
        static func inSitting(_ instant: Date, now: Date) -> Date {
            let calendar = SiteKind.london
            var day = calendar.startOfDay(for: instant)
            let weekday = calendar.component(.weekday, from: day)
            if weekday == 7 || weekday == 1 {
                day = calendar.date(byAdding: .day, value: weekday == 7 ? -1 : -2, to: day)!
            }
            let minutes = Int(instant.timeIntervalSince(calendar.startOfDay(for: instant)) / 60) % 1440
            let sitting = SiteKind.sitting
            let into = sitting.lowerBound + minutes * sitting.count / 1440
            var moved = calendar.date(bySettingHour: into / 60, minute: into % 60, second: 0, of: day)!
            while moved > now { moved = calendar.date(byAdding: .day, value: -7, to: moved)! }
            return moved
        }
    }

    /// A person, recorded twice by mistake now and then (the same organisation, another day) when the batch has
    /// `room` for both records: `--people N` always makes N records.
    private func addPerson(
        _ random: inout DemoRandom, today: CalendarDate, places: Places, ids: IDGenerator, into rows: inout DemoRows,
        room: Int
    ) throws {
        let details = person(&random, today: today)
        let site = try addRecord(of: details, &random, places: places, ids: ids, into: &rows)
        if room > 1, random.chance(Self.duplicateRate) {
            let again = (places.custody + places.magistrates).filter { $0.organisationID == site.organisationID }
            _ = try addRecord(
                of: Self.misrecorded(details, &random), &random, places: places, ids: ids, into: &rows,
                at: again.randomElement(using: &random))
        }
    }

    /// One record of a person with its casework, first seen at `chosen` or a site drawn like the real mix;
    /// returns the site.
    private func addRecord(
        of details: PersonDetails, _ random: inout DemoRandom, places: Places, ids: IDGenerator,
        into rows: inout DemoRows, at chosen: Site? = nil
    ) throws -> Site {
        let drawnSite =
            chosen
            ?? random.weighted([(places.custody, 0.80), (places.magistrates, 0.17), (places.crown, 0.03)])
            .randomElement(using: &random)!
        let drawn = now.addingTimeInterval(-Double.random(in: 0..<(365 * 86_400), using: &random))
        let (site, identified) = places.fitting(drawnSite, drawn, born: details.dateOfBirth, now: now)
        let who = places.recorders[site.organisationID]!
        let personID = ids.nextRaw()
        let stamp = Timestamp.text(identified)
        rows.people.append(PersonRow(id: personID, details: details, now: stamp, version: 1))
        for (position, alias) in details.aliases.enumerated() {
            rows.add("person_names", [personID, "alias", alias, position])
        }
        for key in MatchBlocking.keys(for: MatchRecord(Person(id: .init(personID), details: details, version: 1))) {
            rows.add("person_match_keys", [key, personID, personID])
        }
        rows.audit("person.create", "person", personID, person: personID, by: who)
        try DemoDataItems.add(person: personID, details: details, at: identified, by: who, into: &rows)
        try work(
            site: site, personID: personID, identified: identified, details: details, &random, places: places, ids: ids,
            into: &rows)
        if random.chance(0.2), let drawnCourt = places.magistrates.randomElement(using: &random) {
            // A repeat attender: seen again later, often at court after custody.
            let (court, later) = places.fitting(
                drawnCourt,
                min(now, identified.addingTimeInterval(Double.random(in: 86_400...(60 * 86_400), using: &random))),
                born: details.dateOfBirth, now: now)
            try work(
                site: court, personID: personID, identified: later, details: details, &random, places: places,
                ids: ids, into: &rows)
        }
        return site
    }

    /// An episode with its screening, assessment and referrals, then closed or allocated.
    private func work(
        site: Site, personID: String, identified: Date, details: PersonDetails, _ random: inout DemoRandom,
        places: Places, ids: IDGenerator, into rows: inout DemoRows
    ) throws {
        let episodeID = ids.nextRaw()
        // At a shared site, the partner's team records about half the work (chosen by the id: no random draw).
        let partner = site.partners.sorted { $0.rawValue < $1.rawValue }.first { places.recorders[$0] != nil }
        let organisation = partner.flatMap { episodeID.utf8.first! % 2 == 0 ? $0 : nil } ?? site.organisationID
        let who = places.recorders[organisation]!
        let values = episodeValues(site, &random)
        let user = who.actor.userID.rawValue
        rows.audit("episode.open", "episode", episodeID, person: personID, by: who)
        let episode = Episode(
            id: .init(episodeID), personID: .init(personID), siteID: site.id, organisationID: organisation,
            pathwayPoint: values.pathwayPoint, referralSource: values.referralSource, identifiedAt: identified,
            urgency: values.urgency, allocatedTo: nil, closedAt: nil, closureReason: nil, version: 1)
        try screen(episode, &random, by: who, ids: ids, into: &rows)
        try DemoDataItems.add(episode, now: now, by: who, into: &rows)
        try places.caseWork.record(
            episode, site: site, female: details.statedGender == .female, &random, by: who, ids: ids, into: &rows)
        var allocatedTo: String?
        var closedAt: String?
        var closure: ClosureReason?
        if now.timeIntervalSince(identified) > 7 * 86_400, random.chance(0.92) {
            // Most episodes older than a week have closed; of the rest, about half are allocated.
            closure = random.weighted([
                (ClosureReason.completed, 0.6), (.noNeedsIdentified, 0.15), (.releasedBeforeSeen, 0.1),
                (.declined, 0.1), (.transferred, 0.05),
            ])
            closedAt = Timestamp.text(min(now, identified.addingTimeInterval(7 * 86_400)))
            rows.audit("episode.close", "episode", episodeID, person: personID, by: who)
        } else if random.chance(0.5) {
            allocatedTo = user
            rows.audit("episode.allocate", "episode", episodeID, person: personID, by: who)
        }
        let stamp = Timestamp.text(identified)
        rows.episodes.append(
            EpisodeRow(
                id: episodeID, personId: personID, siteId: site.id.rawValue,
                organisationId: organisation.rawValue, pathwayPoint: values.pathwayPoint.rawValue,
                referralSource: values.referralSource.rawValue, identifiedAt: stamp, urgency: values.urgency.rawValue,
                allocatedTo: allocatedTo, closedAt: closedAt, closureReason: closure?.rawValue, openedBy: user,
                createdAt: stamp, updatedAt: stamp, version: allocatedTo == nil && closure == nil ? 1 : 2))
    }

    private func episodeValues(_ site: Site, _ random: inout DemoRandom) -> ValidEpisode {
        let source: ReferralSource =
            site.kind == .custodySuite
            ? random.weighted([(.policeCustodyStaff, 0.6), (.custodyHealthcare, 0.3), (.selfReferral, 0.1)])
            : random.weighted([(.courtStaff, 0.5), (.defenceSolicitor, 0.3), (.probation, 0.1), (.cps, 0.1)])
        return try! EpisodeDraft(
            siteID: site.id.rawValue, pathwayPoint: PathwayPoint.usual(for: site.kind).rawValue,
            referralSource: source.rawValue,
            urgency: random.weighted([(Urgency.routine, 0.6), (.urgent, 0.35), (.immediate, 0.05)]).rawValue
        ).validated()
    }

    private func screen(
        _ episode: Episode, _ random: inout DemoRandom, by who: Attribution, ids: IDGenerator,
        into rows: inout DemoRows
    ) throws {
        guard random.chance(0.7) else { return }
        let instrument = random.weighted([
            (Instruments.liaisonScreen, 0.45), (Instruments.phq9, 0.3), (Instruments.gad7, 0.15),
            (Instruments.audit, 0.1),
        ])
        var answers: [String: Int] = [:]
        let severity = Double.random(in: 0...1, using: &random)
        for item in instrument.items {
            let options = item.options.map(\.code)
            let position = min(
                options.count - 1, Int(Double(options.count) * severity * Double.random(in: 0.5...1.2, using: &random)))
            answers[item.id] = options[max(0, position)]
        }
        let score = try instrument.score(answers)
        let id = ids.nextRaw()
        rows.add(
            "screening_responses",
            [
                id, episode.id.rawValue, episode.personID.rawValue, instrument.id, instrument.version, score.isComplete,
                score.total, score.band, score.flags.joined(separator: "\n"), who.actor.userID.rawValue,
                Timestamp.text(episode.identifiedAt), 1,
            ])
        for (item, code) in answers.sorted(by: { $0.key < $1.key }) { rows.add("screening_answers", [id, item, code]) }
        rows.audit(
            score.isComplete ? "screening.complete" : "screening.draft", "screening_response", id,
            person: episode.personID.rawValue, by: who)
    }

    private func person(_ random: inout DemoRandom, today: CalendarDate) -> PersonDetails {
        let female = random.chance(0.15)
        let ethnicity = random.weighted(DemoNames.ethnicities)
        let names = DemoNames.names(for: ethnicity)
        let given = (female ? names.female : names.male).randomElement(using: &random)!
        let family = names.family.randomElement(using: &random)!
        let age = random.weighted([(12...17, 0.05), (18...24, 0.25), (25...39, 0.45), (40...59, 0.22), (60...75, 0.03)])
        let year = today.year - Int.random(in: age, using: &random)
        let dob = CalendarDate(
            year: year, month: Int.random(in: 1...12, using: &random), day: Int.random(in: 1...28, using: &random))!
        return PersonDetails(
            givenName: given, familyName: family,
            aliases: random.chance(0.1)
                ? ["\(given.prefix(1))\(given.dropFirst().prefix(2).lowercased()) \(family)"] : [],
            dateOfBirth: dob, statedGender: female ? .female : .male, ethnicity: ethnicity,
            nhsNumber: random.chance(0.6) ? DemoNames.nhsNumber(&random) : nil,
            pncID: random.chance(0.7) ? Self.pncID(year: year, &random) : nil,
            custodyNumbers: [], postcode: nil, noFixedAbode: random.chance(0.12),
            interpreterNeeded: random.chance(0.06))
    }

    /// A PNC ID from the person's teens, with the check letter the PNC would give. A letter is still drawn (and not
    /// used) so that a seed keeps making the same people as before check letters were computed.
    static func pncID(year: Int, _ random: inout DemoRandom) -> PNCID {
        let arrested = String(year % 100 + 14).suffix(2)
        let serial = String(Int.random(in: 100_000...999_999, using: &random))
        _ = ["A", "B", "C", "D", "E", "F", "G", "H", "J", "K"].randomElement(using: &random)
        let letter = PNCID.checkCharacter(year: String(arrested), serial: "0" + serial)
        return PNCID("\(arrested)/\(serial)\(letter)")!
    }
}
