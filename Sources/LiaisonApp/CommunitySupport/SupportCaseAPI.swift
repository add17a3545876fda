import Foundation
import LiaisonCore
import LiaisonStore
import OpenAPIRuntime

/// Community support over the JSON API, with the pages' checks: each body becomes the form's draft, and the
/// draft's field names are given back as the API's.
extension LiaisonAPI {
    func openSupportCase(_ input: Operations.OpenSupportCase.Input) async throws -> Operations.OpenSupportCase.Output {
        let who = Attribution(try APIContext.requireActor(), requestID: APIContext.requestID)
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        do {
            let opened = try await stores.support.open(Self.draft(body), from: Episode.ID(input.path.id), by: who)
            return .created(
                .init(headers: .init(eTag: APIContext.etag(opened.version)), body: .json(.init(opened))))
        } catch let failure as ValidationFailure {
            throw Self.renamed(failure)
        }
    }

    /// The form's draft from a case's JSON body.
    static func draft(_ body: Components.Schemas.SupportCaseInput) -> SupportCaseDraft {
        var draft = SupportCaseDraft()
        draft.workerID = body.workerId
        draft.startedOn = APIContext.dateBoxes(body.startedOn)
        draft.reviewOn = APIContext.dateBoxes(body.reviewOn)
        draft.domains = body.goals.map(\.domain.rawValue)
        for goal in body.goals { draft.aims[goal.domain.rawValue] = goal.aim }
        return draft
    }

    /// The draft's field names given back as the API's.
    static func renamed(_ failure: ValidationFailure) -> ValidationFailure {
        failure.renamingFields(
            ["domains": "goals"].merging(
                SupportDomain.allCases.map { ("aim.\($0.rawValue)", "goals") }, uniquingKeysWith: { $1 }))
    }

    func openSupportCaseFromReferral(_ input: Operations.OpenSupportCaseFromReferral.Input) async throws
        -> Operations.OpenSupportCaseFromReferral.Output
    {
        let who = Attribution(try APIContext.requireActor(), requestID: APIContext.requestID)
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        do {
            let opened = try await stores.support.open(
                Self.draft(body), fromReferral: Referral.ID(input.path.id), by: who)
            return .created(.init(headers: .init(eTag: APIContext.etag(opened.version)), body: .json(.init(opened))))
        } catch let failure as ValidationFailure {
            throw Self.renamed(failure)
        }
    }

    func closeSupportCase(_ input: Operations.CloseSupportCase.Input) async throws
        -> Operations.CloseSupportCase.Output
    {
        let who = Attribution(try APIContext.requireActor(), requestID: APIContext.requestID)
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        let expected = try APIContext.expectedVersion(input.headers.ifMatch)
        var draft = SupportClosureDraft()
        draft.closedOn = APIContext.dateBoxes(body.closedOn)
        draft.reason = body.reason.rawValue
        for goal in body.goals {
            draft.statuses[goal.domain.rawValue] = goal.status.rawValue
            draft.summaries[goal.domain.rawValue] = goal.summary
        }
        do {
            let closed = try await stores.support.close(
                draft, SupportCase.ID(input.path.id), expected: expected, by: who)
            return .ok(.init(headers: .init(eTag: APIContext.etag(closed.version)), body: .json(.init(closed))))
        } catch let failure as ValidationFailure {
            // Each goal's status and summary are one item of `goals` in the body.
            throw failure.renamingFields(
                Dictionary(
                    uniqueKeysWithValues: SupportDomain.allCases.flatMap {
                        [("status.\($0.rawValue)", "goals"), ("summary.\($0.rawValue)", "goals")]
                    }))
        }
    }

    func reallocateSupportCase(_ input: Operations.ReallocateSupportCase.Input) async throws
        -> Operations.ReallocateSupportCase.Output
    {
        let who = Attribution(try APIContext.requireActor(), requestID: APIContext.requestID)
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        let expected = try APIContext.expectedVersion(input.headers.ifMatch)
        let moved = try await stores.support.reallocate(
            SupportCase.ID(input.path.id), to: User.ID(body.workerId), expected: expected, by: who)
        return .ok(.init(headers: .init(eTag: APIContext.etag(moved.version)), body: .json(.init(moved))))
    }

    func closeSupportCaseWithoutRecord(_ input: Operations.CloseSupportCaseWithoutRecord.Input) async throws
        -> Operations.CloseSupportCaseWithoutRecord.Output
    {
        let who = Attribution(try APIContext.requireActor(), requestID: APIContext.requestID)
        let expected = try APIContext.expectedVersion(input.headers.ifMatch)
        let closed = try await stores.support.closeWithoutRecord(
            SupportCase.ID(input.path.id), expected: expected, by: who)
        return .noContent(.init(headers: .init(eTag: APIContext.etag(closed.version))))
    }

    func withdrawSupportNote(_ input: Operations.WithdrawSupportNote.Input) async throws
        -> Operations.WithdrawSupportNote.Output
    {
        let who = Attribution(try APIContext.requireActor(), requestID: APIContext.requestID)
        let id = SupportCase.ID(input.path.id)
        let contact = SupportContact.ID(input.path.contact)
        let withdrawn = try await stores.support.withdrawNote(of: contact, on: id, by: who)
        return .ok(.init(body: .json(.init(withdrawn))))
    }

    func getSupportCase(_ input: Operations.GetSupportCase.Input) async throws -> Operations.GetSupportCase.Output {
        let who = Attribution(try APIContext.requireActor(), requestID: APIContext.requestID)
        let record = try await stores.support.find(SupportCase.ID(input.path.id), by: who)
        return .ok(
            .init(
                headers: .init(eTag: APIContext.etag(record.supportCase.version)),
                body: .json(.init(supportCase: .init(record.supportCase), contacts: record.contacts.map { .init($0) }))
            ))
    }

    func recordSupportContact(_ input: Operations.RecordSupportContact.Input) async throws
        -> Operations.RecordSupportContact.Output
    {
        let who = Attribution(try APIContext.requireActor(), requestID: APIContext.requestID)
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        var draft = SupportContactDraft()
        draft.date = LondonTime.boxes(body.at)
        draft.time = LondonTime.clock(body.at)
        draft.mode = body.mode.rawValue
        draft.outcome = body.outcome.rawValue
        draft.minutes = body.minutes.map(String.init) ?? ""
        draft.location = body.location.rawValue
        draft.note = body.note ?? ""
        draft.goals = (body.goals ?? []).map(\.rawValue)
        draft.referralID = body.referralId ?? ""
        do {
            let contact = try await stores.support.recordContact(draft, on: SupportCase.ID(input.path.id), by: who)
            return .created(.init(body: .json(.init(contact))))
        } catch let failure as ValidationFailure {
            throw failure.renamingFields(["date": "at"])
        }
    }

    func moveSupportGoal(_ input: Operations.MoveSupportGoal.Input) async throws -> Operations.MoveSupportGoal.Output {
        let who = Attribution(try APIContext.requireActor(), requestID: APIContext.requestID)
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        let expected = try APIContext.expectedVersion(input.headers.ifMatch)
        guard let domain = SupportDomain(rawValue: input.path.domain.rawValue) else {
            throw DomainError.notFound(what: "goal")
        }
        let moved = try await stores.support.moveGoal(
            domain, of: SupportCase.ID(input.path.id),
            to: GoalProgressDraft(
                status: body.status.rawValue, reviewOn: body.reviewOn.map(APIContext.dateBoxes) ?? []),
            expected: expected, by: who)
        return .ok(.init(headers: .init(eTag: APIContext.etag(moved.version)), body: .json(.init(moved))))
    }

    func getCaseload(_ input: Operations.GetCaseload.Input) async throws -> Operations.GetCaseload.Output {
        let actor = try APIContext.requireActor()
        let who = Attribution(actor, requestID: APIContext.requestID)
        let entries = try await stores.support.caseload(
            of: actor.holds([.teamManager]) ? nil : actor.userID, by: who)
        let page = try APIContext.page(entries, limit: input.query.limit, offset: input.query.offset)
        return .ok(
            .init(
                body: .json(
                    page.map { entry in
                        let found = entry.supportCase
                        // Masked as the page masks it: no person, episode or goals where the record is not theirs to open.
                        let masked = entry.personName == nil
                        return .init(
                            caseId: found.id.rawValue, masked: masked, workerId: found.workerID.rawValue,
                            startedOn: found.startedOn.description, nextReviewOn: found.nextReview?.description,
                            supportCase: masked ? nil : .init(found), personName: entry.personName,
                            lastSeen: entry.lastSeen, nextPlanned: entry.nextPlanned)
                    })))
    }
}

extension Components.Schemas.SupportCase {
    init(_ found: SupportCase) {
        self.init(
            id: found.id.rawValue, personId: found.personID.rawValue, episodeId: found.episodeID.rawValue,
            organisationId: found.organisationID.rawValue, workerId: found.workerID.rawValue,
            startedOn: found.startedOn.description, closedOn: found.closedOn?.description,
            closureReason: found.closureReason.flatMap { .init(rawValue: $0.rawValue) },
            goals: found.goals.map {
                .init(
                    domain: .init(rawValue: $0.domain.rawValue)!, aim: $0.aim,
                    status: .init(rawValue: $0.status.rawValue)!,
                    reviewOn: $0.reviewOn?.description, summary: $0.summary)
            }, version: found.version)
    }
}

extension Components.Schemas.SupportContact {
    init(_ contact: LiaisonCore.SupportContact) {
        self.init(
            id: contact.id.rawValue, caseId: contact.caseID.rawValue, at: contact.at,
            mode: .init(rawValue: contact.mode.rawValue)!, outcome: .init(rawValue: contact.outcome.rawValue)!,
            minutes: contact.minutes, location: .init(rawValue: contact.location.rawValue)!,
            note: contact.noteWithdrawnAt == nil ? contact.note : "", noteWithdrawnAt: contact.noteWithdrawnAt,
            goals: contact.goals.map { .init(rawValue: $0.rawValue)! }, referralId: contact.referralID?.rawValue,
            recordedBy: contact.recordedBy.rawValue, recordedAt: contact.recordedAt)
    }
}
