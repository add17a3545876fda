import Foundation
import LiaisonCore

/// The national data items of a demo episode, drawn from their own generator (seeded by the episode's id, so the
/// people a seed makes do not change) and checked by the same Core rules as the page: why L&D was asked, when it
/// was alerted and first saw the person (about one in ten not seen, with the reason), arrest or voluntary
/// attendance, the offence group and learning disability and autism status.
enum DemoDataItems {
    static func add(_ episode: Episode, now: Date, by who: Attribution, into rows: inout DemoRows) throws {
        var random = DemoRandom(seed: UInt64(episode.id.rawValue.filter(\.isHexDigit).prefix(16), radix: 16) ?? 1)
        var draft = EpisodeDataItemsDraft(for: episode)
        draft.reason =
            random.weighted([
                (ReferralReason.mentalHealth, 0.35), (.routineScreen, 0.2), (.presentation, 0.15),
                (.substanceOrAlcohol, 0.1), (.selfHarmOrSuicide, 0.08), (.learningDisabilityOrAutism, 0.05),
                (.knownToServices, 0.05), (.otherVulnerability, 0.02),
            ]).rawValue
        if random.chance(0.9) {
            let contact = min(
                now, episode.identifiedAt.addingTimeInterval(Double.random(in: 1200...14_400, using: &random)))
            draft.seen = "yes"
            draft.firstContactDate = LondonTime.boxes(contact)
            draft.firstContactTime = LondonTime.clock(contact)
        } else {
            draft.seen = "no"
            draft.notSeenReason =
                random.weighted([
                    (NotSeenReason.releasedBeforeSeen, 0.5), (.declined, 0.25), (.tooUnwell, 0.1), (.intoxicated, 0.1),
                    (.noPractitioner, 0.05),
                ]).rawValue
        }
        draft.offence =
            random.weighted([
                (OffenceCategory.violence, 0.3), (.theft, 0.2), (.drugs, 0.1), (.publicOrder, 0.1),
                (.criminalDamage, 0.07), (.weapons, 0.05), (.breach, 0.06), (.motoring, 0.04), (.sexual, 0.03),
                (.robbery, 0.03), (.notKnown, 0.02),
            ]).rawValue
        let status = { (random: inout DemoRandom) in
            random.weighted([
                (DiagnosisStatus.noDiagnosis, 0.7), (.notKnown, 0.15), (.suspectedNotOnPathway, 0.07),
                (.confirmed, 0.05), (.suspectedOnPathway, 0.03),
            ]).rawValue
        }
        draft.learningDisability = status(&random)
        draft.autism = status(&random)
        // Times are kept to the minute, as typed. An episode opened in the last minutes can fail "not in the
        // future" by rounding: it is left without items, as a new episode is until someone records them.
        guard let items = try? draft.validated(for: episode.id, at: episode.pathwayPoint, now: now) else { return }
        let alerted = Timestamp.text(items.alertedAt)
        rows.add(
            "episode_data_items",
            [
                episode.id.rawValue, episode.personID.rawValue, items.reason.rawValue, alerted,
                items.firstContactAt.map(Timestamp.text), items.notSeenReason?.rawValue, items.custodyBasis.rawValue,
                items.offence.rawValue, items.learningDisability.rawValue, items.autism.rawValue,
                who.actor.userID.rawValue, alerted, alerted, 1,
            ])
        rows.audit("episode_data.save", "episode", episode.id.rawValue, person: episode.personID.rawValue, by: who)
    }
}

extension DemoDataItems {
    /// A demo person's GP and equality items, from the person's own generator and checked by the Core rules; about
    /// one in eight declined or not asked, as in practice.
    static func add(
        person id: String, details: PersonDetails, at identified: Date, by who: Attribution, into rows: inout DemoRows
    )
        throws
    {
        let stamp = Timestamp.text(identified)
        var random = DemoRandom(seed: UInt64(id.filter(\.isHexDigit).prefix(16), radix: 16) ?? 1)
        var draft = PersonDataItemsDraft()
        draft.nhsNumberVerified = details.nhsNumber != nil && random.chance(0.8) ? "yes" : "no"
        draft.gpPractice =
            random.chance(0.6)
            ? "\(["E", "F", "Y"].randomElement(using: &random)!)\(Int.random(in: 80_000...89_999, using: &random))" : ""
        draft.religion =
            random.weighted([
                (Religion.none, 0.3), (.christian, 0.3), (.muslim, 0.15), (.hindu, 0.03), (.sikh, 0.02),
                (.jewish, 0.01),
                (.buddhist, 0.01), (.other, 0.02), (.declined, 0.08), (.notKnown, 0.08),
            ]).rawValue
        draft.sexualOrientation =
            random.weighted([
                (SexualOrientation.heterosexual, 0.75), (.gayOrLesbian, 0.03), (.bisexual, 0.03), (.other, 0.01),
                (.notStated, 0.1), (.notKnown, 0.08),
            ]).rawValue
        let answer = { (random: inout DemoRandom, yes: Double) in
            random.weighted([
                (YesNoUnknown.yes, yes), (.no, 0.85 - yes), (.notKnown, 0.1), (.declined, 0.05),
            ]).rawValue
        }
        draft.disability = answer(&random, 0.2)
        draft.dependentChildren = answer(&random, 0.3)
        draft.careExperienced = answer(&random, 0.15)
        let age = details.dateOfBirth.years(until: CalendarDate(identified))
        draft.veteran = age >= 18 ? answer(&random, 0.04) : YesNoUnknown.no.rawValue
        draft.pregnant =
            details.statedGender == .female && (16...50).contains(age)
            ? answer(&random, 0.05) : random.weighted([(YesNoUnknown.no, 0.85), (.notKnown, 0.15)]).rawValue
        let items = try draft.validated(for: .init(id), hasNHSNumber: details.nhsNumber != nil)
        rows.add(
            "person_data_items",
            [
                id, items.nhsNumberVerified, items.gpPractice, items.religion.rawValue,
                items.sexualOrientation.rawValue,
                items.disability.rawValue, items.dependentChildren.rawValue, items.careExperienced.rawValue,
                items.veteran.rawValue, items.pregnant.rawValue,
                who.actor.userID.rawValue, stamp, stamp, 1,
            ])
        rows.audit("person_data.save", "person", id, person: id, by: who)
    }
}
