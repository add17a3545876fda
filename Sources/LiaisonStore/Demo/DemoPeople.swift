import Foundation
import LiaisonCore

/// Synthetic people for the demo: a year of L&D activity shaped like the seeds (most first seen in police
/// custody, a little over 3% at crown courts, mostly men, a London ethnicity mix, some repeat attenders,
/// screenings on most episodes). Every record goes through the ordinary stores, so it is validated and audited.
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
        guard !custody.isEmpty else { throw DomainError.ruleBroken("Load the demo partnership first (liaison demo)") }
        let today = CalendarDate(now)
        let places = Places(
            custody: custody, magistrates: magistrates.isEmpty ? custody : magistrates,
            crown: crown.isEmpty ? custody : crown, recorders: recorders,
            caseWork: DemoCaseWork(stores: stores, services: try await stores.services.list(), now: now))
        // Each batch of people is one transaction (one commit) through the ordinary stores: still validated and
        // audited, without a disk sync per record.
        var done = 0
        while done < count {
            let range = done..<min(count, done + Self.batchSize)
            let state = random
            random = try await stores.database.batch {
                var random = state
                for _ in range { try await addPerson(&random, today: today, places: places) }
                return random
            }
            done = range.upperBound
            progress(done)
        }
    }

    /// People per transaction: large enough that commits are rare, small enough to show progress often.
    static let batchSize = 250

    /// Where people are seen, and who records it.
    private struct Places: Sendable {
        let custody: [Site]
        let magistrates: [Site]
        let crown: [Site]
        let recorders: [Organisation.ID: Attribution]
        let caseWork: DemoCaseWork
    }

    private func addPerson(_ random: inout DemoRandom, today: CalendarDate, places: Places) async throws {
        let details = person(&random, today: today)
        let site = random.weighted([(places.custody, 0.80), (places.magistrates, 0.17), (places.crown, 0.03)])
            .randomElement(using: &random)!
        let who = places.recorders[site.organisationID]!
        let identified = now.addingTimeInterval(-Double.random(in: 0..<(365 * 86_400), using: &random))
        let (created, episode) = try await stores.people.create(
            details, firstEpisode: episodeValues(site, &random), identifiedAt: identified, by: who)
        try await work(episode, site: site, identified: identified, details: details, &random, places: places)
        if random.chance(0.2), let court = places.magistrates.randomElement(using: &random) {
            // A repeat attender: seen again later, often at court after custody.
            let later = min(
                now, identified.addingTimeInterval(Double.random(in: 86_400...(60 * 86_400), using: &random)))
            let again = try await stores.episodes.open(
                episodeValues(court, &random), for: created.id, identifiedAt: later,
                by: places.recorders[court.organisationID]!)
            try await work(again, site: court, identified: later, details: details, &random, places: places)
        }
    }

    /// Screening, assessment and referrals, then closing or allocating the episode.
    private func work(
        _ episode: Episode, site: Site, identified: Date, details: PersonDetails, _ random: inout DemoRandom,
        places: Places
    ) async throws {
        let who = places.recorders[site.organisationID]!
        try await screen(episode, &random, by: who)
        try await places.caseWork.record(
            episode, site: site, identified: identified, female: details.statedGender == .female, &random, by: who)
        try await followUp(
            try await stores.episodes.find(episode.id) ?? episode, identified: identified, &random, by: who)
    }

    /// Most episodes older than a week have closed; of the rest, about half are allocated.
    private func followUp(_ episode: Episode, identified: Date, _ random: inout DemoRandom, by who: Attribution)
        async throws
    {
        if now.timeIntervalSince(identified) > 7 * 86_400, random.chance(0.92) {
            let reason = random.weighted([
                (ClosureReason.completed, 0.6), (.noNeedsIdentified, 0.15), (.releasedBeforeSeen, 0.1),
                (.declined, 0.1),
                (.transferred, 0.05),
            ])
            _ = try await stores.episodes.close(episode.id, reason: reason, expected: .init(episode.version), by: who)
        } else if random.chance(0.5) {
            _ = try await stores.episodes.allocate(
                episode.id, to: who.actor.userID, expected: .init(episode.version), by: who)
        }
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

    private func screen(_ episode: Episode, _ random: inout DemoRandom, by who: Attribution) async throws {
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
        _ = try await stores.screenings.record(instrument, answers: answers, for: episode, by: who)
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
            pncID: random.chance(0.7)
                ? PNCID(
                    "\(String(year % 100 + 14).suffix(2))/\(Int.random(in: 100_000...999_999, using: &random))\(["A", "B", "C", "D", "E", "F", "G", "H", "J", "K"].randomElement(using: &random)!)"
                ) : nil,
            custodyNumbers: [], postcode: nil, noFixedAbode: random.chance(0.12),
            interpreterNeeded: random.chance(0.06))
    }
}
