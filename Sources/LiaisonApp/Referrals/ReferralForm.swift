import Foundation
import LiaisonCore

/// The new-referral form: service, reason and the needs it addresses.
struct ReferralForm: Sendable {
    let draft: ReferralDraft

    init(_ draft: ReferralDraft) { self.draft = draft }

    init(_ form: FormData) {
        draft = ReferralDraft(
            serviceID: form["serviceID"], reason: form["reason"], needs: form.all("needs"),
            madeOn: [form["madeOnDay"], form["madeOnMonth"], form["madeOnYear"]])
    }

    func fields(services: [Service], failure: ValidationFailure?) -> [FormField] {
        [
            .select(
                "serviceID", "Service", value: draft.serviceID,
                choices: services.filter(\.isActive).map { ($0.id.rawValue, "\($0.name) (\($0.kind.label))") },
                failure: failure),
            .textarea("reason", "Why you are referring", value: draft.reason, failure: failure),
            .checkboxes(
                "needs", "Needs the referral addresses", values: draft.needs,
                choices: Need.allCases.map { ($0.rawValue, $0.label) }, failure: failure),
            .date(
                "madeOn", "When was the referral made?", prefix: "madeOn", day: draft.madeOn.first ?? "",
                month: draft.madeOn.dropFirst().first ?? "", year: draft.madeOn.dropFirst(2).first ?? "",
                failure: failure, hint: "Leave blank for today. For example, 27 3 2026"),
        ]
    }

    /// The referral's summary list.
    static func summary(_ referral: Referral, service: Service?) -> [SummaryPage.Item] {
        var items: [SummaryPage.Item] = [
            .init(key: "Service", value: service.map { "\($0.name), \($0.provider)" } ?? ""),
            .init(key: "How to refer", value: service?.contactRoute ?? ""),
            .init(key: "Reason", value: referral.reason),
            .init(key: "Needs", value: referral.needs.map(\.label).joined(separator: ", ")),
            .init(
                key: "Status",
                value: referral.status.label + (referral.statusSince.map { " since \($0.long)" } ?? "")),
        ]
        if let supported = referral.supportedToFirstAppointment {
            items.append(.init(key: "Supported to first appointment", value: supported ? "Yes" : "No"))
        }
        if let day = referral.firstAppointmentOn {
            items.append(.init(key: "First appointment offered", value: day.long))
        }
        if let code = referral.attendance {
            items.append(.init(key: "First appointment", value: "\(code.label) (\(code.rawValue))"))
        }
        if let reason = referral.closureReason { items.append(.init(key: "Closed because", value: reason.label)) }
        return items
    }
}

/// The "record what happened next" form on a referral.
struct ReferralStepForm: Sendable {
    static let fieldNames = [
        "status", "occurredOnDay", "occurredOnMonth", "occurredOnYear", "supported", "closureReason", "note",
        "appointmentOnDay", "appointmentOnMonth", "appointmentOnYear", "attendance",
    ]
    let draft: ReferralStepDraft

    init(_ form: FormData) {
        var draft = ReferralStepDraft(
            status: form["status"], day: form["occurredOnDay"], month: form["occurredOnMonth"],
            year: form["occurredOnYear"], supported: form["supported"], closureReason: form["closureReason"],
            note: form["note"])
        draft.appointmentOn = [form["appointmentOnDay"], form["appointmentOnMonth"], form["appointmentOnYear"]]
        draft.attendance = form["attendance"]
        self.draft = draft
    }

    private init(draft: ReferralStepDraft) { self.draft = draft }

    /// An empty step dated today.
    static func today(_ now: Date) -> ReferralStepForm {
        let today = CalendarDate(now)
        return ReferralStepForm(
            draft: ReferralStepDraft(
                status: "", day: String(today.day), month: String(today.month), year: String(today.year)))
    }

    func fields(for referral: Referral, failure: ValidationFailure?) -> [FormField] {
        var fields: [FormField] = [
            .radios(
                "status", "What has happened", value: draft.status,
                choices: referral.status.next.map { ($0.rawValue, $0.label) }, failure: failure),
            .date(
                "occurredOn", "When it happened", prefix: "occurredOn", day: draft.day, month: draft.month,
                year: draft.year, failure: failure, hint: "For example, 27 3 2026"),
        ]
        if referral.status.next.contains(.accepted) {
            let day = draft.appointmentOn + ["", "", ""]
            fields.append(
                .date(
                    "appointmentOn", "First appointment offered (optional)", prefix: "appointmentOn", day: day[0],
                    month: day[1], year: day[2], failure: failure,
                    hint: "When you record that the service accepted, if it gave a date"))
        }
        if referral.status.next.contains(where: \.isFirstAppointmentOutcome) && referral.attendance == nil
            && !referral.steps.contains(where: { $0.status.isFirstAppointmentOutcome })
        {
            fields.append(
                .select(
                    "attendance", "How the first appointment went", value: draft.attendance,
                    choices: AttendanceCode.allCases.map { ($0.rawValue, "\($0.rawValue) · \($0.label)") },
                    failure: failure, hint: "When you record that they attended or did not attend"))
        }
        if referral.status.next.contains(where: \.isFirstAppointmentOutcome)
            && referral.supportedToFirstAppointment == nil
        {
            fields.append(
                .radios(
                    "supported", "Was the person supported to their first appointment?", value: draft.supported,
                    choices: [("yes", "Yes"), ("no", "No")], failure: failure,
                    hint: "Answer when you record that they attended or did not attend"))
        }
        if referral.status.next.contains(.closed) {
            fields.append(
                .select(
                    "closureReason", "Reason for closing", value: draft.closureReason,
                    choices: ReferralClosureReason.allCases.map { ($0.rawValue, $0.label) }, failure: failure,
                    hint: "Only when you are closing the referral"))
        }
        fields.append(.textarea("note", "Note (optional)", value: draft.note, failure: failure))
        return fields
    }

    /// The step typed, row for row against `display(of:)`: the latest step, its day (written alike on both sides)
    /// and its note.
    var display: [(String, String)] {
        let typed = [draft.day, draft.month, draft.year]
        return [
            ("Latest step", ReferralStatus(rawValue: draft.status)?.label ?? draft.status),
            ("On", LondonTime.day(typed)?.long ?? typed.joined(separator: " ")), ("Note", draft.note),
        ]
    }

    /// The latest step saved.
    static func display(of referral: Referral) -> [(String, String)] {
        [
            ("Latest step", referral.status.label), ("On", referral.statusSince?.long ?? ""),
            ("Note", referral.steps.last?.note ?? ""),
        ]
    }
}
