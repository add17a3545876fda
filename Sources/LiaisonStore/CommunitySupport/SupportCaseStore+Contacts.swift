import Foundation
import LiaisonCore
import SQLKit

/// Contacts: recording one (and what an accompanied one tells its referral), and withdrawing a note.
extension SQLSupportCaseStore {
    package func recordContact(_ draft: SupportContactDraft, on id: SupportCase.ID, by who: Attribution)
        async throws -> SupportContact
    {
        let now = clock.now()
        return try await database.transaction { db in
            // Only what the draft needs is read: the case's goals if it links goals, the referral if it names one.
            let found = try await Self.requireWorkable(id, by: who, now: now, goals: !draft.goals.isEmpty, on: db)
            guard found.isOpen else {
                throw DomainError.ruleBroken("This support case is closed: contacts cannot be added")
            }
            let named = Text.tidy(draft.referralID)
            let referrals =
                try await named.isEmpty
                ? []
                : db.select().column("id").from("referrals")
                    .where("person_id", .equal, found.personID.rawValue).where("id", .equal, named).all()
                    .map { Referral.ID(try $0.decode(column: "id", as: String.self)) }
            let valid = try draft.validated(case: found, referrals: Set(referrals), now: now)
            let contact = SupportContact(
                id: ids.next(), caseID: id, at: valid.at, mode: valid.mode, outcome: valid.outcome,
                minutes: valid.minutes, location: valid.location, note: valid.note, goals: valid.goals,
                referralID: valid.referral, recordedBy: who.actor.userID, recordedAt: now)
            try await db.insert(into: "support_contacts")
                .columns(
                    "id", "case_id", "at", "mode", "outcome", "minutes", "location", "note", "goals", "referral_id",
                    "recorded_by", "recorded_at"
                )
                .values(
                    SQLBind(contact.id.rawValue), SQLBind(id.rawValue), SQLBind(Timestamp.text(contact.at)),
                    SQLBind(contact.mode.rawValue), SQLBind(contact.outcome.rawValue), SQLBind(contact.minutes),
                    SQLBind(contact.location.rawValue), SQLBind(contact.note),
                    SQLBind(contact.goals.map(\.rawValue).joined(separator: ",")),
                    SQLBind(contact.referralID?.rawValue), SQLBind(who.actor.userID.rawValue),
                    SQLBind(Timestamp.text(now))
                ).run()
            try await audit.append(
                who.entry("support_case.contact", "support_case", id.rawValue, personID: found.personID.rawValue),
                on: db)
            if let referral = contact.referralID {
                try await firstAppointment(referral, from: contact, by: who, now: now, on: db)
            }
            return contact
        }
    }

    /// What an accompanied contact tells the referral it went to: the worker saw the person there (or saw them not
    /// come). An accepted referral takes the first appointment's outcome from it (attended on time, or did not
    /// attend), dated the contact's day and supported; an appointment already recorded that day is marked
    /// supported. The referral's version moves on, and the step is audited on the person.
    func firstAppointment(
        _ id: Referral.ID, from contact: SupportContact, by who: Attribution, now: Date, on db: any SQLDatabase
    ) async throws {
        guard [.attended, .didNotAttend].contains(contact.outcome),
            let referral = try await SQLReferralStore.find(id, on: db)
        else { return }
        let day = CalendarDate(contact.at)
        var changes: [(String, any Encodable & Sendable)] = []
        var step: ReferralStatus?
        if referral.status == .accepted, let last = referral.steps.last, !(day < last.occurredOn) {
            step = contact.outcome == .attended ? .attended : .didNotAttend
            let code: AttendanceCode = contact.outcome == .attended ? .attendedOnTime : .didNotAttend
            changes = [
                ("status", step!.rawValue), ("supported_to_first_appointment", true),
                ("first_appointment_on", day.description), ("attendance_code", code.rawValue),
            ]
        } else if contact.outcome == .attended, referral.firstAppointmentOn == day,
            referral.supportedToFirstAppointment != true
        {
            changes = [("supported_to_first_appointment", true)]
        }
        guard !changes.isEmpty else { return }
        _ = try await Records.update(
            db, table: "referrals", id: id.rawValue, expected: referral.version, now: now, changes: changes)
        if let step {
            try await SQLReferralStore.insertStep(
                id, position: referral.steps.count, status: step, occurredOn: day,
                note: "From the support worker's accompanied contact", by: who.actor.userID, at: now, on: db)
        }
        try await audit.append(
            who.entry(
                "referral.\(step?.rawValue ?? "supported")", "referral", id.rawValue,
                personID: referral.personID.rawValue), on: db)
    }

    package func withdrawNote(of contact: SupportContact.ID, on id: SupportCase.ID, by who: Attribution)
        async throws -> SupportContact
    {
        let now = clock.now()
        return try await database.transaction { db in
            let found = try await Self.requireWorkable(id, by: who, now: now, on: db)
            guard let note = try await Self.contacts(of: id, on: db).first(where: { $0.id == contact }) else {
                throw DomainError.notFound(what: "contact")
            }
            guard note.recordedBy == who.actor.userID else {
                throw DomainError.forbidden(
                    reason: "Only the author of a note can withdraw it.", personID: found.personID)
            }
            guard note.noteWithdrawnAt == nil else {
                // Withdrawn already (a second submit): nothing changes, but the contact is handed back, so the
                // request is logged as what it was.
                try await audit.append(
                    who.entry(
                        "support_case.note_withdraw_repeated", "support_contact", contact.rawValue,
                        personID: found.personID.rawValue), on: db)
                return note
            }
            try await db.update("support_contacts").set("withdrawn_at", to: Timestamp.text(now))
                .where("id", .equal, contact.rawValue).run()
            try await audit.append(
                who.entry(
                    "support_case.note_withdraw", "support_contact", contact.rawValue, personID: found.personID.rawValue
                ),
                on: db)
            guard let withdrawn = try await Self.contacts(of: id, on: db).first(where: { $0.id == contact }) else {
                throw DomainError.notFound(what: "contact")
            }
            return withdrawn
        }
    }
}
