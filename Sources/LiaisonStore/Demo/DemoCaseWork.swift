import Foundation
import LiaisonCore
import SQLKit

/// The demo's assessments and referrals: needs drawn with realistic frequencies, a completed assessment through
/// the ordinary store, and referrals to services covering the site's borough with dated outcomes (most reach the
/// service; some are declined or the person does not attend).
struct DemoCaseWork: Sendable {
    let stores: Stores
    let services: [Service]
    let now: Date

    static let needWeights: [(Need, Double)] = [
        (.mentalHealth, 0.55), (.substanceMisuse, 0.25), (.alcoholMisuse, 0.15), (.housing, 0.3),
        (.financesDebt, 0.15), (.suicideSelfHarm, 0.15), (.domesticAbuse, 0.08), (.learningDisability, 0.05),
        (.autism, 0.04), (.exploitationGangs, 0.04), (.physicalHealth, 0.1), (.veteran, 0.02),
    ]

    /// Assesses about half the episodes and refers from most of those.
    func record(
        _ episode: Episode, site: Site, identified: Date, female: Bool, _ random: inout DemoRandom, by who: Attribution
    ) async throws {
        guard random.chance(0.5) else { return }
        var needs = Self.needWeights.filter { random.chance($0.1) }.map(\.0)
        if female && random.chance(0.3) { needs.append(.domesticAbuse) }
        let unique = Need.allCases.filter(needs.contains)
        try await assess(episode, needs: unique, &random, by: who)
        for need in unique where random.chance(0.7) {
            let kinds = DemoServices.kinds(for: need)
            let local = services.filter { kinds.contains($0.kind) && $0.boroughIDs.contains(site.boroughID) }
            guard let service = local.randomElement(using: &random) else { continue }
            try await refer(episode, to: service, for: need, identified: identified, &random, by: who)
        }
    }

    private func assess(_ episode: Episode, needs: [Need], _ random: inout DemoRandom, by who: Attribution)
        async throws
    {
        var values: [AssessmentSection: [String: String]] = [:]
        var needValues: [String: String] = needs.isEmpty ? [NeedsSection.noNeeds: "yes"] : [:]
        for need in needs { needValues[NeedsSection.item(need)] = "yes" }
        if needs.contains(.mentalHealth) {
            needValues[NeedsSection.mentalHealthKind.id] = random.weighted([
                ("mood", 0.4), ("anxiety", 0.2), ("psychosis", 0.15), ("personality_disorder", 0.1), ("trauma", 0.15),
            ])
        }
        values[.needs] = needValues
        let toSelf = needs.contains(.suicideSelfHarm) ? "current" : random.chance(0.2) ? "historical" : "none_known"
        values[.risk] = [
            "riskToSelf": toSelf, "riskToOthers": random.chance(0.1) ? "historical" : "none_known",
            "riskFromOthers": needs.contains(.domesticAbuse) || needs.contains(.exploitationGangs)
                ? "current" : "none_known",
            "formulation": "Formulated with the person at interview; see the safety plan for what helps.",
            "safetyPlan": "Agreed contacts, crisis line number given, follow-up call booked.",
        ]
        values[.safeguarding] =
            random.chance(0.1)
            ? ["concerns": "yes", "details": "Dependent children at home", "referralMade": "yes"] : ["concerns": "no"]
        values[.capacity] = [
            "capacity": random.chance(0.95) ? "has_capacity" : "not_assessed",
            "details": "Too distressed to assess at interview",
        ]
        values[.recommendations] = [
            "recommendations": needs.isEmpty
                ? "No further L&D involvement." : "Refer to local services for the needs identified; inform the court."
        ]
        let finishedSections =
            random.chance(0.9) ? AssessmentSection.allCases : Array(AssessmentSection.allCases.prefix(2))
        var saved: Assessment?
        for section in finishedSections {
            let valid = try AssessmentSectionDraft(section: section, values: values[section]!, isFinished: true)
                .validated()
            saved = try await stores.assessments.save(
                valid, for: episode, expected: saved.map { ExpectedVersion($0.version) }, by: who)
        }
        if let saved, saved.isReadyToComplete {
            _ = try await stores.assessments.complete(saved.id, expected: ExpectedVersion(saved.version), by: who)
        }
    }

    /// A referral with a dated history, written in one audited transaction (the public store dates the first step
    /// today; the demo needs a year of history).
    private func refer(
        _ episode: Episode, to service: Service, for need: Need, identified: Date, _ random: inout DemoRandom,
        by who: Attribution
    ) async throws {
        let path: [ReferralStatus] = random.weighted([
            ([.sent, .accepted, .attended, .engaged, .closed], 0.3), ([.sent, .accepted, .attended, .engaged], 0.15),
            ([.sent, .accepted, .didNotAttend, .closed], 0.12), ([.sent, .declined, .closed], 0.08),
            ([.sent, .accepted, .attended], 0.1), ([.sent, .accepted], 0.1), ([.sent], 0.1), ([], 0.05),
        ])
        var day = identified.addingTimeInterval(Double.random(in: 0...86_400, using: &random))
        var steps: [(ReferralStatus, CalendarDate)] = [(.proposed, CalendarDate(min(day, now)))]
        for status in path {
            day = day.addingTimeInterval(Double(Int.random(in: 1...10, using: &random)) * 86_400)
            guard day < now else { break }
            steps.append((status, CalendarDate(day)))
        }
        let final = steps.last!.0
        let supported = steps.contains { $0.0.isFirstAppointmentOutcome } ? random.chance(0.4) : nil
        let closure: ReferralClosureReason? =
            final != .closed
            ? nil
            : steps.contains { $0.0 == .declined }
                ? .declinedByService : steps.contains { $0.0 == .didNotAttend } ? .disengaged : .completed
        let id: Referral.ID = IDGenerator.random.next()
        let values = try ReferralDraft(
            serviceID: service.id.rawValue, reason: "Identified at assessment: \(need.label.lowercased())",
            needs: [need.rawValue]
        ).validated()
        let audit = stores.audit
        let history = steps
        try await stores.database.transaction { db in
            try await SQLReferralStore.insert(
                id, values, episode: episode, status: final, on: history[0].1, at: now, by: who.actor.userID, on: db)
            for (position, step) in history.enumerated().dropFirst() {
                try await SQLReferralStore.insertStep(
                    id, position: position, status: step.0, occurredOn: step.1, note: nil, by: who.actor.userID,
                    at: now, on: db)
            }
            if supported != nil || closure != nil {
                try await db.update("referrals").set("supported_to_first_appointment", to: supported)
                    .set("closure_reason", to: closure?.rawValue).where("id", .equal, id.rawValue).run()
            }
            try await audit.append(
                who.entry("referral.create", "referral", id.rawValue, personID: episode.personID.rawValue), on: db)
        }
    }
}
