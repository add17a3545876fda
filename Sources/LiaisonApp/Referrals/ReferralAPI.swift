import LiaisonCore
import LiaisonStore

/// The referral operations of the JSON API: the same rules, checks and audit as the pages.
extension LiaisonAPI {
    func createReferral(_ input: Operations.CreateReferral.Input) async throws -> Operations.CreateReferral.Output {
        // One use case: the store reads the episode, asks the policy, writes and audits in one transaction.
        let who = try APIContext.authorize(.recordPeople)
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        let values: ValidReferral
        do {
            // An ISO date (strictly YYYY-MM-DD) as the day, month and year the form takes; anything else is named as
            // a bad madeOn.
            values = try ReferralDraft(
                serviceID: body.serviceId, reason: body.reason, needs: body.needs,
                madeOn: body.madeOn.map(APIContext.dateBoxes) ?? []
            ).validated()
        } catch {
            // Checked after the policy, so that a refusal is never told apart by what was sent.
            _ = try await recordableEpisode(input.path.id)
            throw error
        }
        let referral: Referral
        referral = try await stores.referrals.create(values, on: Episode.ID(input.path.id), by: who)
        return .created(.init(headers: .init(eTag: APIContext.etag(referral.version)), body: .json(.init(referral))))
    }

    func listReferrals(_ input: Operations.ListReferrals.Input) async throws -> Operations.ListReferrals.Output {
        // A referral's reason and its steps' notes are for those who record the pathway, as on the referral's page.
        _ = try APIContext.authorize(.recordPeople)
        let id = Person.ID(input.path.id)
        let who = try APIContext.authorize(.viewPerson(try await stores.people.relationship(of: id)))
        _ = try found(try await stores.people.view(id, by: who), "person")
        return .ok(
            .init(
                body: .json(
                    try APIContext.page(
                        try await stores.referrals.list(for: id), limit: input.query.limit, offset: input.query.offset
                    ).map(Components.Schemas.Referral.init))))
    }

    func getReferral(_ input: Operations.GetReferral.Input) async throws -> Operations.GetReferral.Output {
        let referral = try await readableReferral(input.path.id)
        return .ok(.init(headers: .init(eTag: APIContext.etag(referral.version)), body: .json(.init(referral))))
    }

    func recordReferralStep(_ input: Operations.RecordReferralStep.Input) async throws
        -> Operations.RecordReferralStep.Output
    {
        let referral = try await readableReferral(input.path.id)
        let who = try APIContext.authorize(.recordPeople)
        let expected = try APIContext.expectedVersion(input.headers.ifMatch)
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        let parts = APIContext.dateBoxes(body.occurredOn)
        var draft = ReferralStepDraft(
            status: body.status, day: parts[0], month: parts[1], year: parts[2],
            supported: body.supportedToFirstAppointment.map { $0 ? "yes" : "no" } ?? "",
            closureReason: body.closureReason?.rawValue ?? "", note: body.note ?? "")
        draft.appointmentOn = body.appointmentOn.map(APIContext.dateBoxes) ?? []
        draft.attendance = body.attendance?.rawValue ?? ""
        do {
            let saved = try await stores.referrals.record(draft, on: referral.id, expected: expected, by: who)
            return .ok(.init(headers: .init(eTag: APIContext.etag(saved.version)), body: .json(.init(saved))))
        } catch let failure as ValidationFailure {
            throw failure.renamingFields(["supported": "supportedToFirstAppointment"])
        }
    }

    /// The referral, audited as a read of the person's record, if the caller records the pathway (as on the
    /// referral's page) and may see the person.
    private func readableReferral(_ id: String) async throws -> Referral {
        _ = try APIContext.authorize(.recordPeople)
        let referral = try found(try await stores.referrals.find(Referral.ID(id)), "referral")
        let who = try APIContext.authorize(.viewPerson(try await stores.people.relationship(of: referral.personID)))
        _ = try found(try await stores.people.view(referral.personID, by: who), "person")
        return referral
    }

    /// The episode named in the path, if the policy lets the caller record on it (`recordOnEpisode`).
    func recordableEpisode(_ id: String) async throws -> (Episode, Attribution) {
        _ = try APIContext.requireActor()
        let (episode, scope) = try await stores.episodes.scope(of: Episode.ID(id))
        return (episode, try APIContext.authorize(.recordOnEpisode(scope)))
    }
}

extension Components.Schemas.Referral {
    init(_ referral: Referral) {
        self.init(
            id: referral.id.rawValue, episodeId: referral.episodeID.rawValue, personId: referral.personID.rawValue,
            serviceId: referral.serviceID.rawValue, reason: referral.reason,
            needs: referral.needs.map { .init(rawValue: $0.rawValue)! },
            status: .init(rawValue: referral.status.rawValue)!,
            next: referral.status.next.map { .init(rawValue: $0.rawValue)! },
            supportedToFirstAppointment: referral.supportedToFirstAppointment,
            firstAppointmentOn: referral.firstAppointmentOn?.description,
            attendance: referral.attendance.map { .init(rawValue: $0.rawValue)! },
            closureReason: referral.closureReason.map { .init(rawValue: $0.rawValue)! },
            steps: referral.steps.map { step in
                .init(
                    status: .init(rawValue: step.status.rawValue)!, occurredOn: step.occurredOn.description,
                    note: step.note, recordedBy: step.recordedBy.rawValue, recordedAt: step.recordedAt)
            }, version: referral.version)
    }
}
