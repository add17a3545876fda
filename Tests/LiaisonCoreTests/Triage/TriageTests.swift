import Foundation
import Testing

@testable import LiaisonCore

@Suite("Triage rules")
struct TriageTests {
    static func found(_ id: String, _ lines: [MatchExplanation.Line], probability: Double, decision: MatchDecision)
        -> ListMatching.Found
    {
        ListMatching.Found(
            personID: .init(id),
            explanation: MatchExplanation(
                lines: lines, priorWeight: -10, weight: lines.reduce(-10) { $0 + $1.weight }, probability: probability,
                decision: decision, parametersVersion: 0))
    }

    static let pncAgrees = MatchExplanation.Line(field: .pncID, level: .exact, weight: 15)
    static let nameAgrees = MatchExplanation.Line(field: .surname, level: .exact, weight: 8)

    @Test("An exact identifier on a confident match links; without either, a person decides")
    func matchingOutcome() {
        let thresholds = MatchThresholds.standard
        let certain = Self.found("p1", [Self.pncAgrees, Self.nameAgrees], probability: 0.999, decision: .link)
        #expect(ListMatching.outcome([certain], thresholds: thresholds) == .linked(.init("p1"), probability: 0.999))
        // Confident, but on names alone: a person confirms it.
        let namesOnly = Self.found("p2", [Self.nameAgrees], probability: 0.995, decision: .link)
        #expect(ListMatching.outcome([namesOnly], thresholds: thresholds) == .possible([namesOnly]))
        // The PNC agrees but the rest does not: review, never an automatic link.
        let doubtful = Self.found("p3", [Self.pncAgrees], probability: 0.6, decision: .review)
        #expect(ListMatching.outcome([doubtful], thresholds: thresholds) == .possible([doubtful]))
        // Two certain records are a duplicate pair: a person picks.
        let twin = Self.found("p4", [Self.pncAgrees, Self.nameAgrees], probability: 0.999, decision: .link)
        #expect(ListMatching.outcome([certain, twin], thresholds: thresholds) == .possible([certain, twin]))
        let unlikely = Self.found("p5", [Self.nameAgrees], probability: 0.05, decision: .noMatch)
        #expect(ListMatching.outcome([unlikely], thresholds: thresholds) == .none)
    }

    @Test("A record holding the line's identifier exactly is offered first, however unlikely the rest makes it")
    func identifierAlwaysOffered() {
        let thresholds = MatchThresholds.standard
        let nameDiffers = MatchExplanation.Line(field: .surname, level: .different, weight: -6)
        let dateDiffers = MatchExplanation.Line(field: .dateOfBirth, level: .different, weight: -9)
        let held = Self.found("p1", [Self.pncAgrees, nameDiffers, dateDiffers], probability: 0.001, decision: .noMatch)
        let namesake = Self.found("p2", [Self.nameAgrees], probability: 0.6, decision: .review)
        #expect(held.explanation.sharedIdentifier == .pncID)
        #expect(held.explanation.disagreements.map(\.field) == [.dateOfBirth, .surname], "most damaging first")
        #expect(namesake.explanation.sharedIdentifier == nil && namesake.explanation.disagreements.isEmpty)
        #expect(ListMatching.outcome([namesake, held], thresholds: thresholds) == .possible([held, namesake]))
        #expect(ListMatching.outcome([held], thresholds: thresholds) == .possible([held]), "never linked")
        // An identifier that disagrees is no reason to offer anyone.
        let pncDiffers = MatchExplanation.Line(field: .pncID, level: .different, weight: -5)
        let stranger = Self.found("p3", [pncDiffers], probability: 0.001, decision: .noMatch)
        #expect(ListMatching.outcome([stranger], thresholds: thresholds) == .none)
    }

    @Test("Status: open episode, known, possible match, not known")
    func status() {
        #expect(TriageStatus.derive(linked: true, openEpisode: true, pendingCandidates: false) == .openEpisode)
        #expect(TriageStatus.derive(linked: true, openEpisode: false, pendingCandidates: true) == .previouslyKnown)
        #expect(TriageStatus.derive(linked: false, openEpisode: false, pendingCandidates: true) == .possibleMatch)
        #expect(TriageStatus.derive(linked: false, openEpisode: false, pendingCandidates: false) == .notKnown)
    }

    @Test("Time left runs to the hearing, or to 24 hours after arrival in custody")
    func timeLeft() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(
            TriageClock.left(.court, dueAt: now.addingTimeInterval(2 * 3600 + 5 * 60), now: now) == "2 h 05 min left")
        #expect(TriageClock.left(.court, dueAt: now.addingTimeInterval(40 * 60), now: now) == "40 min left")
        #expect(TriageClock.left(.court, dueAt: now.addingTimeInterval(-15 * 60), now: now) == "Passed 15 min ago")
        #expect(TriageClock.isPressing(.court, dueAt: now.addingTimeInterval(40 * 60), now: now))
        #expect(!TriageClock.isPressing(.court, dueAt: now.addingTimeInterval(2 * 3600), now: now))
        #expect(!TriageClock.isPressing(.court, dueAt: now.addingTimeInterval(-600), now: now), "the hearing is over")
        #expect(TriageClock.isPressing(.custody, dueAt: now.addingTimeInterval(-25 * 3600), now: now))
        let arrived = now.addingTimeInterval(-20 * 3600)
        #expect(TriageClock.left(.custody, dueAt: arrived, now: now) == "4 h left")
        #expect(TriageClock.left(.custody, dueAt: now.addingTimeInterval(-25 * 3600), now: now) == "24 hours reached")
    }
}
