import LiaisonCore
import LiaisonStore

/// The consent operations of the JSON API: the same draft, rules, audit and If-Match as the sharing pages.
extension LiaisonAPI {
    func listConsents(_ input: Operations.ListConsents.Input) async throws -> Operations.ListConsents.Output {
        let (episode, who) = try await recordableEpisode(input.path.id)
        let consents = try await stores.consents.list(for: episode.id, by: who)
        return .ok(
            .init(
                body: .json(
                    try APIContext.page(consents, limit: input.query.limit, offset: input.query.offset).map(
                        Components.Schemas.Consent.init))))
    }

    func recordConsent(_ input: Operations.RecordConsent.Input) async throws -> Operations.RecordConsent.Output {
        let (episode, who) = try await recordableEpisode(input.path.id)
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        let draft = ConsentDraft(
            decision: body.decision.rawValue, recipients: body.recipients.map(\.rawValue),
            purposes: body.purposes.map(\.rawValue), capacityNote: body.capacityNote ?? "",
            expiresOn: body.expiresOn.map(APIContext.dateBoxes) ?? [])
        let consent = try await stores.consents.record(
            try draft.validated(today: CalendarDate(stores.clock.now())), for: episode, by: who)
        return .created(.init(headers: .init(eTag: APIContext.etag(consent.version)), body: .json(.init(consent))))
    }

    func getConsent(_ input: Operations.GetConsent.Input) async throws -> Operations.GetConsent.Output {
        let (consent, who) = try await recordableConsent(input.path.id)
        // One consent is read from its episode's list, so the read is audited as the pages audit it.
        guard
            let read = try await stores.consents.list(for: consent.episodeID, by: who).first(where: {
                $0.id == consent.id
            })
        else { throw DomainError.notFound(what: "consent") }
        return .ok(.init(headers: .init(eTag: APIContext.etag(read.version)), body: .json(.init(read))))
    }

    func withdrawConsent(_ input: Operations.WithdrawConsent.Input) async throws -> Operations.WithdrawConsent.Output {
        let (consent, who) = try await recordableConsent(input.path.id)
        let expected = try APIContext.expectedVersion(input.headers.ifMatch)
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        let withdrawn = try await stores.consents.withdraw(consent.id, reason: body.reason, expected: expected, by: who)
        return .ok(.init(headers: .init(eTag: APIContext.etag(withdrawn.version)), body: .json(.init(withdrawn))))
    }

    /// The consent and who acts on it, if the policy lets the caller record on its episode.
    private func recordableConsent(_ id: String) async throws -> (Consent, Attribution) {
        _ = try APIContext.requireActor()
        let consent = try found(try await stores.consents.find(Consent.ID(id)), "consent")
        let (_, who) = try await recordableEpisode(consent.episodeID.rawValue)
        return (consent, who)
    }
}

extension Components.Schemas.Consent {
    init(_ consent: Consent) {
        self.init(
            id: consent.id.rawValue, personId: consent.personID.rawValue, episodeId: consent.episodeID.rawValue,
            decision: .init(rawValue: consent.decision.rawValue)!,
            recipients: consent.recipients.map(\.rawValue).sorted().map { .init(rawValue: $0)! },
            purposes: consent.purposes.map(\.rawValue).sorted().map { .init(rawValue: $0)! },
            capacityNote: consent.capacityNote, recordedAt: consent.recordedAt,
            recordedBy: consent.recordedBy.rawValue, expiresOn: consent.expiresOn?.description,
            withdrawnAt: consent.withdrawnAt, withdrawalReason: consent.withdrawalReason, version: consent.version)
    }
}
