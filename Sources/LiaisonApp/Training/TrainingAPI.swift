import Foundation
import LiaisonCore
import LiaisonStore
import OpenAPIRuntime

/// Training sessions over the JSON API, with the page's checks: the body becomes the form's draft (attendees as
/// the form's "name, role" lines).
extension LiaisonAPI {
    func listTrainingSessions(_ input: Operations.ListTrainingSessions.Input) async throws
        -> Operations.ListTrainingSessions.Output
    {
        let who = Attribution(try APIContext.requireActor(), requestID: APIContext.requestID)
        let sessions = try await stores.training.list(by: who)
        let page = try APIContext.page(sessions, limit: input.query.limit, offset: input.query.offset)
        // Who attended (names and roles of police and court staff) only to the organisation that ran the session;
        // an analyst reading the whole service gets the counts the pages show.
        return .ok(
            .init(
                body: .json(
                    page.map {
                        .init(
                            $0,
                            attendees: AccessPolicy.decide(who.actor, .viewTrainingAttendees(of: $0.organisationID))
                                == .allowed)
                    })))
    }

    func recordTrainingSession(_ input: Operations.RecordTrainingSession.Input) async throws
        -> Operations.RecordTrainingSession.Output
    {
        let who = Attribution(try APIContext.requireActor(), requestID: APIContext.requestID)
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        try AccessPolicy.require(who.actor, .recordTraining)
        var draft = TrainingSessionDraft()
        draft.on = APIContext.dateBoxes(body.date)
        draft.deliveredBy = body.deliveredBy
        draft.audienceOrganisation = body.audienceOrganisation
        draft.audience = body.audience.rawValue
        draft.topic = body.topic
        draft.online = body.location == nil
        draft.location = body.location ?? ""
        draft.attended = String(body.attended)
        // A comma in a name would split it on the form: the API keeps each attendee whole by refusing one.
        if (body.attendees ?? []).contains(where: { $0.name.contains(",") || $0.name.contains(where: \.isNewline) }) {
            throw ValidationFailure(
                field: "attendees", message: "An attendee's name cannot hold a comma or a line break")
        }
        // A line break in a role would make two attendees of one.
        if (body.attendees ?? []).contains(where: { $0.role.contains(where: \.isNewline) }) {
            throw ValidationFailure(field: "attendees", message: "An attendee's role cannot hold a line break")
        }
        draft.attendees = (body.attendees ?? []).map { "\($0.name), \($0.role)" }.joined(separator: "\n")
        draft.confidenceBefore = body.confidenceBefore.map { String($0) } ?? ""
        draft.confidenceAfter = body.confidenceAfter.map { String($0) } ?? ""
        do {
            return .created(.init(body: .json(.init(try await stores.training.record(draft, by: who)))))
        } catch let failure as ValidationFailure {
            throw failure.renamingFields(["on": "date"])
        }
    }
}

extension Components.Schemas.TrainingSession {
    /// `attendees: false` leaves out who attended (for a reader outside the organisation that ran it).
    init(_ session: LiaisonCore.TrainingSession, attendees: Bool = true) {
        self.init(
            id: session.id.rawValue, organisationId: session.organisationID.rawValue, date: session.on.description,
            deliveredBy: session.deliveredBy, audienceOrganisation: session.audienceOrganisation,
            audience: .init(rawValue: session.audience.rawValue)!, topic: session.topic, location: session.location,
            attended: session.attended,
            attendees: attendees ? session.attendees.map { .init(name: $0.name, role: $0.role) } : [],
            confidenceBefore: session.confidenceBefore, confidenceAfter: session.confidenceAfter)
    }
}
