import Foundation
import Testing

@testable import LiaisonCore

@Suite("Referral transitions")
struct ReferralRulesTests {
    static let today = CalendarDate(year: 2026, month: 11, day: 23)!

    static func referral(
        _ status: ReferralStatus, since: CalendarDate = CalendarDate(year: 2026, month: 11, day: 20)!,
        supported: Bool? = nil
    ) -> Referral {
        Referral(
            id: .init("r"), episodeID: .init("e"), personID: .init("p"), serviceID: .init("s"), reason: "Housing",
            needs: [.housing], status: status, supportedToFirstAppointment: supported, closureReason: nil,
            createdBy: .init("u"), createdAt: Date(timeIntervalSince1970: 0),
            steps: [
                ReferralStep(
                    status: status, occurredOn: since, note: nil, recordedBy: .init("u"),
                    recordedAt: Date(timeIntervalSince1970: 0))
            ], version: 1)
    }

    static func step(
        _ status: String, _ day: Int = 21, supported: String = "", reason: String = "", attendance: String = ""
    ) -> ReferralStepDraft {
        var draft = ReferralStepDraft(
            status: status, day: String(day), month: "11", year: "2026", supported: supported, closureReason: reason)
        draft.attendance = attendance
        return draft
    }

    @Test("A referral that was sent cannot be closed as withdrawn before it was sent; one still proposed can")
    func withdrawnOnlyBeforeSent() throws {
        let sent = Self.referral(.sent)
        let refused = #expect(throws: ValidationFailure.self) {
            _ = try Self.step("closed", reason: "withdrawn").validated(for: sent, today: Self.today)
        }
        #expect(refused?.message(for: "closureReason")?.contains("was sent") == true)
        _ = try Self.step("closed", reason: "declined_by_person").validated(for: sent, today: Self.today)
        _ = try Self.step("closed", reason: "withdrawn").validated(for: Self.referral(.proposed), today: Self.today)
    }

    @Test("The whole happy path is allowed, one step at a time")
    func happyPath() throws {
        let path: [ReferralStatus] = [.proposed, .sent, .accepted, .attended, .engaged, .closed]
        for (from, to) in zip(path, path.dropFirst()) {
            #expect(from.next.contains(to), "\(from) → \(to)")
        }
        #expect(ReferralStatus.closed.next.isEmpty)
        #expect(ReferralStatus.didNotAttend.next.contains(.attended))
        #expect(ReferralStatus.declined.next == [.closed])
    }

    @Test(
        "Skipping steps or going backwards is refused with a message naming what is allowed",
        arguments: [
            (ReferralStatus.proposed, ReferralStatus.attended), (.sent, .engaged), (.engaged, .sent),
            (.declined, .accepted),
        ])
    func invalid(_ from: ReferralStatus, _ to: ReferralStatus) {
        #expect(throws: ValidationFailure.self) {
            _ = try Self.step(to.rawValue).validated(for: Self.referral(from), today: Self.today)
        }
        do {
            _ = try Self.step(to.rawValue).validated(for: Self.referral(from), today: Self.today)
        } catch {
            let message = error.message(for: "status") ?? ""
            #expect(message.contains("cannot become \(to.label.lowercased())"))
            #expect(from.next.allSatisfy { message.contains($0.label.lowercased()) })
        }
    }

    @Test("A closed referral cannot move at all")
    func closedIsFinal() {
        #expect(throws: ValidationFailure(field: "status", message: "This referral is closed: it cannot move to sent"))
        {
            _ = try Self.step("sent").validated(for: Self.referral(.closed), today: Self.today)
        }
    }

    @Test("Dates must be real, not in the future, and not before the current status")
    func dates() {
        for (day, message) in [
            (24, "The date cannot be in the future"),
            (19, "The date cannot be before the referral became accepted (20 November 2026)"),
            (31, "The date must be a real date, like 27 3 2026"),
        ] {
            #expect(throws: ValidationFailure(field: "occurredOn", message: message)) {
                _ = try Self.step("attended", day, supported: "yes", attendance: "5").validated(
                    for: Self.referral(.accepted), today: Self.today)
            }
        }
    }

    @Test("Attending asks whether the person was supported there; closing asks why")
    func supportAndClosure() throws {
        #expect(throws: ValidationFailure.self) {
            _ = try Self.step("attended").validated(for: Self.referral(.accepted), today: Self.today)
        }
        let attended = try Self.step("did_not_attend", supported: "no", attendance: "3").validated(
            for: Self.referral(.accepted), today: Self.today)
        #expect(attended.status == .didNotAttend && attended.supportedToFirstAppointment == false)
        // Once known, it is not asked again when a rebooked appointment is attended.
        let rebooked = try Self.step("attended").validated(
            for: Self.referral(.didNotAttend, supported: false), today: Self.today)
        #expect(rebooked.supportedToFirstAppointment == nil)
        #expect(throws: ValidationFailure(field: "closureReason", message: "Select why the referral is closing")) {
            _ = try Self.step("closed").validated(for: Self.referral(.engaged), today: Self.today)
        }
        #expect(
            try Self.step("closed", reason: "completed").validated(for: Self.referral(.engaged), today: Self.today)
                .closureReason == .completed)
    }

    @Test("A referral needs a service, a reason and needs from the taxonomy")
    func draft() throws {
        let failure = #expect(throws: ValidationFailure.self) {
            _ = try ReferralDraft(serviceID: "", reason: " ", needs: []).validated()
        }
        #expect(failure?.problems.map(\.field) == ["serviceID", "reason", "needs"])
        #expect(throws: ValidationFailure(field: "needs", message: "“gambling” is not a need in the taxonomy")) {
            _ = try ReferralDraft(serviceID: "s", reason: "r", needs: ["gambling"]).validated()
        }
        let valid = try ReferralDraft(serviceID: "s", reason: " Rough sleeping ", needs: ["housing", "housing"])
            .validated()
        #expect(valid.needs == [.housing] && valid.reason == "Rough sleeping")
    }

    @Test("Only sent, not declined, referrals share the record with the service's organisation")
    func sharing() {
        #expect(!ReferralStatus.proposed.sharesRecord && !ReferralStatus.declined.sharesRecord)
        #expect(ReferralStatus.sent.sharesRecord && ReferralStatus.engaged.sharesRecord)
    }

    @Test("A service needs a name, a kind, a provider, boroughs and a contact route")
    func service() throws {
        let failure = #expect(throws: ValidationFailure.self) {
            _ = try ServiceDraft(
                name: "", kind: "spa", provider: "", organisationID: "", boroughIDs: [], contactRoute: "",
                eligibility: ""
            ).validated()
        }
        #expect(failure?.problems.map(\.field) == ["name", "kind", "provider", "boroughIDs", "contactRoute"])
        let valid = try ServiceDraft(
            name: "Hackney Recovery Service", kind: "substance_misuse", provider: "Turning Point", organisationID: "",
            boroughIDs: ["b2", "b1", "b2"], contactRoute: "020 7000 0000", eligibility: " "
        ).validated()
        #expect(valid.boroughIDs.map(\.rawValue) == ["b1", "b2"] && valid.organisationID == nil)
        #expect(valid.eligibility == nil)
    }

    @Test("The first appointment's date comes with acceptance; how it went is coded to fit attended or did not attend")
    func appointmentAndAttendance() throws {
        var accepted = Self.step("accepted")
        accepted.appointmentOn = ["2", "12", "2026"]
        #expect(
            try accepted.validated(for: Self.referral(.sent), today: Self.today).firstAppointmentOn
                == CalendarDate(year: 2026, month: 12, day: 2))
        accepted.appointmentOn = ["20", "11", "2026"]
        #expect(throws: ValidationFailure.self) {
            _ = try accepted.validated(for: Self.referral(.sent), today: Self.today)
        }
        #expect(
            try Self.step("attended", supported: "no", attendance: "6").validated(
                for: Self.referral(.accepted), today: Self.today
            ).attendance == .arrivedLateSeen)
        for (status, code) in [("attended", "3"), ("did_not_attend", "5"), ("attended", "")] {
            #expect(throws: ValidationFailure.self) {
                _ = try Self.step(status, supported: "no", attendance: code).validated(
                    for: Self.referral(.accepted), today: Self.today)
            }
        }
        #expect(AttendanceCode.fitting(.engaged).isEmpty)
    }
}
