import Foundation
import Testing

@testable import LiaisonCore

@Suite("Consent coverage")
struct ConsentCoverageTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)  // 15 January 2027, 08:00 GMT

    static func consent(
        _ id: String, _ decision: ConsentDecision, _ recipients: Set<RecipientKind> = [.police],
        _ purposes: Set<SharingPurpose> = [.chargingDecision], at offset: TimeInterval = 0,
        expires: CalendarDate? = nil, withdrawnAfter: TimeInterval? = nil
    ) -> Consent {
        Consent(
            id: .init(id), personID: .init("p"), episodeID: .init("e"), decision: decision, recipients: recipients,
            purposes: purposes, capacityNote: nil, recordedAt: start.addingTimeInterval(offset),
            recordedBy: .init("u"), expiresOn: expires,
            withdrawnAt: withdrawnAfter.map { start.addingTimeInterval($0) },
            withdrawalReason: nil, version: 1)
    }

    static func covered(
        _ consents: [Consent], _ recipient: RecipientKind = .police,
        _ purpose: SharingPurpose = .chargingDecision, after offset: TimeInterval = 60
    ) -> String? {
        ConsentCoverage.covering(
            consents, recipient: recipient, purpose: purpose, at: start.addingTimeInterval(offset))?
            .id.rawValue
    }

    @Test("Consent covers exactly the recipients and purposes it names, from when it was recorded")
    func recipientsAndPurposes() {
        let given = Self.consent("c1", .given, [.police, .cps], [.chargingDecision, .bailRemand])
        #expect(Self.covered([given]) == "c1")
        #expect(Self.covered([given], .cps, .bailRemand) == "c1")
        #expect(Self.covered([given], .court, .bailRemand) == nil)
        #expect(Self.covered([given], .police, .sentencing) == nil)
        #expect(Self.covered([given], after: -60) == nil, "not before it was recorded")
    }

    @Test("Only 'given' covers; the latest answer decides")
    func latestDecides() {
        for decision in [ConsentDecision.declined, .lacksCapacity, .notAsked] {
            #expect(Self.covered([Self.consent("c1", decision)]) == nil)
        }
        let given = Self.consent("c1", .given)
        let declinedLater = Self.consent("c2", .declined, at: 30)
        #expect(Self.covered([given, declinedLater]) == nil)
        #expect(Self.covered([given, declinedLater], after: 10) == "c1", "before the refusal it was covered")
        let givenAgain = Self.consent("c3", .given, at: 50)
        #expect(Self.covered([declinedLater, given, givenAgain]) == "c3")
        // A refusal about other recipients does not touch this one.
        #expect(Self.covered([given, Self.consent("c4", .declined, [.housing], at: 30)]) == "c1")
    }

    @Test("A withdrawal ends cover at once; expiry ends it after the last London day (BST too)")
    func withdrawalAndExpiry() {
        let withdrawn = Self.consent("c1", .given, withdrawnAfter: 120)
        #expect(Self.covered([withdrawn], after: 119) == "c1")
        #expect(Self.covered([withdrawn], after: 120) == nil)
        let summer = CalendarDate(year: 2027, month: 7, day: 1)!
        let expiring = Self.consent("c2", .given, expires: summer)
        let lastMinute = summer.next.londonStart.timeIntervalSince(Self.start) - 60  // 23:59 BST on 1 July
        #expect(Self.covered([expiring], after: lastMinute) == "c2")
        #expect(Self.covered([expiring], after: lastMinute + 60) == nil)
        #expect(!expiring.isInForce(at: summer.next.londonStart) && expiring.isInForce(at: Self.start))
    }

    @Test("The consent form: a capacity note when capacity is lacking, a real expiry not in the past, choices made")
    func draft() throws {
        let today = CalendarDate(year: 2027, month: 1, day: 15)!
        var draft = ConsentDraft(
            decision: "lacks_capacity", recipients: ["police"], purposes: ["charging_decision"], capacityNote: "",
            expiresOn: ["14", "1", "2027"])
        #expect(
            throws: ValidationFailure([
                FieldProblem(
                    field: "capacityNote",
                    message: "Say how capacity was assessed and why the person cannot decide, in a sentence"),
                FieldProblem(field: "expiresOn", message: "The expiry date must be today or later"),
            ])
        ) { try draft.validated(today: today) }
        draft = ConsentDraft(
            decision: "", recipients: ["martians"], purposes: [], capacityNote: "", expiresOn: ["", "", ""])
        do {
            _ = try draft.validated(today: today)
            Issue.record("an empty consent form was accepted")
        } catch {
            #expect(error.problems.map(\.field) == ["decision", "recipients", "purposes"])
        }
        let valid = try ConsentDraft(
            decision: "given", recipients: ["police", "cps"], purposes: ["charging_decision"], capacityNote: " ",
            expiresOn: ["15", "1", "2027"]
        ).validated(today: today)
        #expect(valid.recipients == [.police, .cps] && valid.expiresOn == today && valid.capacityNote == nil)
    }
}
