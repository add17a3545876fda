import Foundation
import LiaisonCore
import SQLKit

extension SQLPersonStore {
    /// The person page's use case: who works with the record, the policy's decision, and (if allowed) the record
    /// with its casework, all read together (one statement on PostgreSQL, a snapshot on SQLite: `ReadTogether`);
    /// then one `person.view` event through the group commit. No write lock is taken, and nothing is shown before
    /// its audit event is committed. A refused caller's casework is read with the rest and dropped unseen.
    package func record(_ id: Person.ID, by who: Attribution) async throws -> PersonRecordAnswer {
        let now = Timestamp.text(clock.now())
        let answer: PersonRecordAnswer = try await database.readTogether { db in
            let rows = try await ReadTogether.rows(RecordPart.allCases.map { $0.read(id, now: now) }, on: db)
            func part(_ part: RecordPart) -> [any SQLRow] { rows[part.rawValue] }
            guard
                let person = try Self.people(
                    try part(.person).map(PersonRow.init(row:)), names: part(.names)
                ).first
            else { return .notFound }
            let relationship =
                try Self.relationships(from: part(.relationships), asked: [id.rawValue])[id]
                ?? PersonRelationship(personID: id, organisations: [])
            if case .denied(let reason) = AccessPolicy.decide(who.actor, .viewPerson(relationship)) {
                return .refused(reason: reason)
            }
            return .shown(
                PersonRecord(
                    person: person, relationship: relationship,
                    episodes: try part(.episodes).map { try EpisodeRow(row: $0).episode() },
                    screenings: try SQLScreeningStore.responses(part(.screenings), answers: part(.screeningAnswers)),
                    assessments: try SQLAssessmentStore.assessments(
                        part(.assessments), answers: part(.assessmentAnswers), progress: part(.assessmentSections)),
                    referrals: try SQLReferralStore.referrals(
                        part(.referrals), needs: part(.referralNeeds), steps: part(.referralSteps)),
                    hearings: try part(.hearings).map(SQLHearingStore.hearing(from:)),
                    outcomes: try part(.outcomes).map(SQLHearingStore.outcome(from:)),
                    siteNames: try Self.names(part(.siteNames)).mapKeys(Site.ID.init),
                    serviceNames: try Self.names(part(.serviceNames)).mapKeys(Service.ID.init)))
        }
        if case .shown = answer {
            try await views.record(who.entry("person.view", "person", id.rawValue, personID: id.rawValue))
        }
        return answer
    }

    /// What the person page reads, in the order `ReadTogether` returns it.
    private enum RecordPart: Int, CaseIterable {
        case person, names, relationships, episodes, referrals, referralNeeds, referralSteps, hearings, screenings
        case screeningAnswers, assessments, assessmentAnswers, assessmentSections, outcomes, siteNames, serviceNames

        func read(_ id: Person.ID, now: String) -> ReadTogether.Read {
            let person = id.rawValue
            switch self {
            case .person: return .init("SELECT \(PersonRow.list) FROM people WHERE id = \(bind: person)")
            case .names: return .init(SQLPersonStore.namesQuery([person]), detailing: Self.person.rawValue)
            case .relationships:
                return .init(SQLPersonStore.relationshipsQuery(SQLBind.group([person]), now: now))
            case .episodes: return .init(SQLEpisodeStore.listQuery(person: id))
            case .referrals: return .init(SQLReferralStore.listQuery(person: id))
            case .referralNeeds:
                return .init(SQLReferralStore.needsQuery(person: id), detailing: Self.referrals.rawValue)
            case .referralSteps:
                return .init(SQLReferralStore.stepsQuery(person: id), detailing: Self.referrals.rawValue)
            case .hearings: return .init(SQLHearingStore.hearingsQuery(where: "person_id", person))
            case .screenings: return .init(SQLScreeningStore.listQuery(person: id))
            case .screeningAnswers:
                return .init(SQLScreeningStore.answersQuery(person: id), detailing: Self.screenings.rawValue)
            case .assessments: return .init(SQLAssessmentStore.listQuery(person: id))
            case .assessmentAnswers:
                return .init(SQLAssessmentStore.answersQuery(person: id), detailing: Self.assessments.rawValue)
            case .assessmentSections:
                return .init(SQLAssessmentStore.sectionsQuery(person: id), detailing: Self.assessments.rawValue)
            case .outcomes: return .init(SQLHearingStore.outcomesQuery(where: "person_id", person))
            case .siteNames:
                // The sites of the person's episodes and the courts of their hearings.
                return .init(
                    """
                    SELECT id, name FROM sites WHERE id IN (SELECT site_id FROM episodes WHERE person_id = \
                    \(bind: person) UNION SELECT court_id FROM hearings WHERE person_id = \(bind: person))
                    """)
            case .serviceNames:
                return .init(
                    """
                    SELECT id, name FROM services WHERE id IN \
                    (SELECT service_id FROM referrals WHERE person_id = \(bind: person))
                    """, detailing: Self.referrals.rawValue)
            }
        }
    }

    /// The names of directory rows (sites, services) read as `id` and `name`.
    static func names(_ rows: [any SQLRow]) throws -> [String: String] {
        var names: [String: String] = [:]
        for row in rows {
            names[try row.decode(column: "id", as: String.self)] = try row.decode(column: "name", as: String.self)
        }
        return names
    }
}

extension Dictionary where Key == String {
    /// The same values under typed keys.
    fileprivate func mapKeys<K: Hashable>(_ transform: (String) -> K) -> [K: Value] {
        Dictionary<K, Value>(uniqueKeysWithValues: map { (transform($0.key), $0.value) })
    }
}
