import Foundation
import LiaisonCore
import SQLKit

/// The demo's assessments and referrals: needs drawn with realistic frequencies, an assessment whose sections pass
/// the same checks as the form, and referrals to services covering the site's borough with dated steps that follow
/// `ReferralStatus.next` (most reach the service; some are declined or the person does not attend).
struct DemoCaseWork: Sendable {
    let stores: Stores
    let services: [Service]
    let now: Date
    let support: DemoSupport

    static let needWeights: [(Need, Double)] = [
        (.mentalHealth, 0.55), (.substanceMisuse, 0.25), (.alcoholMisuse, 0.15), (.housing, 0.3),
        (.financesDebt, 0.15), (.suicideSelfHarm, 0.15), (.domesticAbuse, 0.08), (.learningDisability, 0.05),
        (.autism, 0.04), (.exploitationGangs, 0.04), (.physicalHealth, 0.1), (.veteran, 0.02),
    ]

    /// Assesses about half the episodes and refers from most of those.
    func record(
        _ episode: Episode, site: Site, female: Bool, _ random: inout DemoRandom, by who: Attribution,
        ids: IDGenerator, into rows: inout DemoRows
    ) throws {
        guard random.chance(0.5) else { return }
        var needs = Self.needWeights.filter { random.chance($0.1) }.map(\.0)
        if female && random.chance(0.3) { needs.append(.domesticAbuse) }
        let unique = Need.allCases.filter(needs.contains)
        try assess(episode, needs: unique, &random, by: who, ids: ids, into: &rows)
        for need in unique where random.chance(0.7) {
            let kinds = DemoServices.kinds(for: need)
            let local = services.filter { kinds.contains($0.kind) && $0.boroughIDs.contains(site.boroughID) }
            guard let service = local.randomElement(using: &random) else { continue }
            try refer(episode, to: service, for: need, &random, by: who, ids: ids, into: &rows)
        }
    }

    private func assess(
        _ episode: Episode, needs: [Need], _ random: inout DemoRandom, by who: Attribution, ids: IDGenerator,
        into rows: inout DemoRows
    ) throws {
        var values: [AssessmentSection: [String: String]] = [:]
        var needValues: [String: String] = needs.isEmpty ? [NeedsSection.noNeeds: "yes"] : [:]
        for need in needs {
            needValues[NeedsSection.item(need)] = "yes"
            needValues[NeedsSection.status(need)] =
                DemoCaseWork.status(for: need, episode: episode).rawValue
        }
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
        let finished = random.chance(0.9) ? AssessmentSection.allCases : Array(AssessmentSection.allCases.prefix(2))
        let id = ids.nextRaw()
        let person = episode.personID.rawValue
        let user = who.actor.userID.rawValue
        let at = Timestamp.text(episode.identifiedAt.addingTimeInterval(3600))
        for section in finished {
            let valid = try AssessmentSectionDraft(section: section, values: values[section]!, isFinished: true)
                .validated()
            rows.add("assessment_sections", [id, section.rawValue, valid.progress.rawValue])
            for (item, value) in valid.answers.sorted(by: { $0.key < $1.key }) {
                rows.add("assessment_answers", [id, section.rawValue, item, value])
            }
            rows.audit("assessment.save.\(section.rawValue)", "assessment", id, person: person, by: who)
        }
        let complete = finished.count == AssessmentSection.allCases.count
        rows.add(
            "assessments",
            [
                id, episode.id.rawValue, person, complete ? at : nil, complete ? user : nil, user, at, at,
                finished.count + (complete ? 1 : 0),
            ])
        if complete { rows.audit("assessment.complete", "assessment", id, person: person, by: who) }
    }

    /// How a demo need is known, from its own generator (so a seed keeps its people): mostly suspected at
    /// interview or already known to services.
    static func status(for need: Need, episode: Episode) -> VulnerabilityStatus {
        var own = DemoRandom(
            seed: (UInt64(episode.id.rawValue.filter(\.isHexDigit).suffix(15), radix: 16) ?? 1)
                ^ UInt64(Need.allCases.firstIndex(of: need)!))
        return own.weighted([
            (VulnerabilityStatus.suspected, 0.4), (.knownToServices, 0.3), (.screenedPositive, 0.2), (.confirmed, 0.1),
        ])
    }

    /// A referral with a dated history, each step one the rules allow after the one before.
    private func refer(
        _ episode: Episode, to service: Service, for need: Need, _ random: inout DemoRandom, by who: Attribution,
        ids: IDGenerator, into rows: inout DemoRows
    ) throws {
        let path: [ReferralStatus] = random.weighted([
            ([.sent, .accepted, .attended, .engaged, .closed], 0.3), ([.sent, .accepted, .attended, .engaged], 0.15),
            ([.sent, .accepted, .didNotAttend, .closed], 0.12), ([.sent, .declined, .closed], 0.08),
            ([.sent, .accepted, .attended], 0.1), ([.sent, .accepted], 0.1), ([.sent], 0.1), ([], 0.05),
        ])
        var day = episode.identifiedAt.addingTimeInterval(Double.random(in: 0...86_400, using: &random))
        var steps: [(ReferralStatus, CalendarDate)] = [(.proposed, CalendarDate(min(day, now)))]
        for status in path {
            day = day.addingTimeInterval(Double(Int.random(in: 1...10, using: &random)) * 86_400)
            guard day < now, steps.last!.0.next.contains(status) else { break }
            steps.append((status, CalendarDate(day)))
        }
        let final = steps.last!.0
        let supported = steps.contains { $0.0.isFirstAppointmentOutcome } ? random.chance(0.4) : nil
        let closure: ReferralClosureReason? =
            final != .closed
            ? nil
            : steps.contains { $0.0 == .declined }
                ? .declinedByService : steps.contains { $0.0 == .didNotAttend } ? .disengaged : .completed
        let values = try ReferralDraft(
            serviceID: service.id.rawValue, reason: "Identified at assessment: \(need.label.lowercased())",
            needs: [need.rawValue]
        ).validated()
        let id = ids.nextRaw()
        let user = who.actor.userID.rawValue
        let at = Timestamp.text(episode.identifiedAt)
        // The first appointment is the day it was attended or missed (or offered a week after acceptance); its
        // attendance code fits the step, drawn from the referral's own generator so a seed keeps its people.
        var own = DemoRandom(seed: UInt64(id.filter(\.isHexDigit).prefix(16), radix: 16) ?? 1)
        let outcome = steps.first { $0.0.isFirstAppointmentOutcome }
        let accepted = steps.first { $0.0 == .accepted }?.1
        let appointment = outcome?.1 ?? accepted.map { CalendarDate($0.londonStart.addingTimeInterval(7 * 86_400)) }
        let attendance = outcome.map { AttendanceCode.fitting($0.0).randomElement(using: &own)! }
        rows.add(
            "referrals",
            [
                id, episode.id.rawValue, episode.personID.rawValue, values.serviceID.rawValue, values.reason,
                final.rawValue, supported, closure?.rawValue, user, at, at, steps.count,
                accepted == nil ? nil : appointment?.description, attendance?.rawValue,
            ])
        for need in values.needs { rows.add("referral_needs", [id, need.rawValue]) }
        for (position, step) in steps.enumerated() {
            rows.add(
                "referral_steps", [id, position, step.0.rawValue, step.1.description, String?.none, user, at])
        }
        rows.audit("referral.create", "referral", id, person: episode.personID.rawValue, by: who)
        if service.kind == .communitySupport, let accepted {
            try support.add(
                referral: id, episode: episode, service: service, need: need, accepted: accepted, ids: ids,
                into: &rows)
        }
    }
}
