import Foundation
import LiaisonCore

/// The demo's mental health awareness training: one or two sessions a week over the past year, delivered by each
/// organisation that has a practitioner to police custody staff, response officers, court staff, the CPS and
/// probation, recorded through the store with the page's checks.
package struct DemoTraining: Sendable {
    let stores: Stores
    let seed: UInt64
    let now: Date

    static let audiences: [(TrainingAudience, String, Double)] = [
        (.custodyOfficers, "Metropolitan Police custody", 0.4),
        (.responseOfficers, "Metropolitan Police response", 0.2),
        (.courtStaff, "HM Courts and Tribunals Service", 0.15), (.cps, "Crown Prosecution Service London", 0.1),
        (.probation, "Probation Service London", 0.1), (.other, "British Transport Police", 0.05),
    ]
    static let topics = [
        "Mental health awareness in custody", "Spotting a learning disability or autism", "Section 136 and L&D",
        "Suicide and self-harm: what to look for", "Women in the justice system",
        "Young people and speech and language",
    ]

    /// Adds the sessions; returns how many.
    func load() async throws -> Int {
        var random = DemoRandom(seed: seed &+ 19)
        let users = try await stores.users.list(of: nil).filter { $0.roles.contains(.practitioner) && $0.isActive }
        let deliverers = Dictionary(grouping: users, by: \.organisationID).compactMap {
            $0.value.min { $0.email < $1.email }
        }
        .sorted { $0.email < $1.email }
        guard !deliverers.isEmpty else { return 0 }
        var added = 0
        for week in 1...52 {
            for _ in 0..<(random.chance(0.5) ? 2 : 1) {
                let by = deliverers[Int.random(in: 0..<deliverers.count, using: &random)]
                let (audience, organisation, _) = random.weighted(Self.audiences.map { ($0, $0.2) })
                let day = now.addingTimeInterval(-Double(week * 7 - Int.random(in: 0...4, using: &random)) * 86_400)
                var draft = TrainingSessionDraft()
                draft.on = LondonTime.boxes(day)
                draft.deliveredBy = by.displayName
                draft.audienceOrganisation = organisation
                draft.audience = audience.rawValue
                draft.topic = Self.topics[Int.random(in: 0..<Self.topics.count, using: &random)]
                draft.online = random.chance(0.3)
                draft.location = draft.online ? "" : "\(organisation) training room"
                let attended = Int.random(in: 6...24, using: &random)
                draft.attended = String(attended)
                if random.chance(0.8) {
                    let before = Double.random(in: 1.8...3.2, using: &random)
                    draft.confidenceBefore = String(format: "%.1f", before)
                    draft.confidenceAfter = String(
                        format: "%.1f", min(5, before + Double.random(in: 0.6...1.6, using: &random)))
                }
                _ = try await stores.training.record(draft, by: Attribution(Actor(user: by), reason: "liaison demo"))
                added += 1
            }
        }
        return added
    }
}

extension DemoTraining {
    /// The public entry point for the CLI.
    package static func load(stores: Stores, seed: UInt64, now: Date) async throws -> Int {
        try await DemoTraining(stores: stores, seed: seed, now: now).load()
    }
}
