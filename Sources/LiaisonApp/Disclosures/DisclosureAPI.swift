import Hummingbird
import LiaisonCore
import LiaisonStore

/// The sharing operations of the JSON API: information and vulnerability notifications under consent or an
/// override, and team managers' review of overrides, with the same checks and audit as the pages.
extension LiaisonAPI {
    func listDisclosures(_ input: Operations.ListDisclosures.Input) async throws -> Operations.ListDisclosures.Output {
        let (episode, who) = try await recordableEpisode(input.path.id)
        _ = try found(try await stores.people.view(episode.personID, by: who), "person")
        let disclosures = try await stores.disclosures.list(for: episode.id)
        return .ok(
            .init(
                body: .json(
                    try APIContext.page(disclosures, limit: input.query.limit, offset: input.query.offset).map(
                        Components.Schemas.Disclosure.init))))
    }

    func shareDisclosure(_ input: Operations.ShareDisclosure.Input) async throws -> Operations.ShareDisclosure.Output {
        let (episode, who) = try await recordableEpisode(input.path.id)
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        let person = try found(try await stores.people.view(episode.personID, by: who), "person")
        let draft = DisclosureDraft(
            recipientKind: body.recipient.kind.rawValue, organisation: body.recipient.organisation,
            name: body.recipient.name ?? "", role: body.recipient.role ?? "", purpose: body.purpose.rawValue,
            content: body.content ?? "")
        let notification = VulnerabilityNotificationDraft(
            needs: body.notification?.needs.map(\.rawValue) ?? [], risks: body.notification?.risks ?? "",
            adjustments: body.notification?.adjustments ?? "",
            appropriateAdult: body.notification.map { $0.appropriateAdult ? "yes" : "no" } ?? "")
        let values: ValidDisclosure
        let override: SharingBasis?
        do {
            values = try DisclosureForm.validated(
                body.kind == .vulnerabilityNotification ? .vulnerabilityNotification : .information, draft,
                notification: notification, person: person, sharedBy: who.actor.displayName,
                today: CalendarDate(stores.clock.now()))
            override = try body.override.map {
                try OverrideDraft(lawfulBasis: $0.lawfulBasis.rawValue, reason: $0.reason).validated()
            }
        } catch let failure as ValidationFailure {
            throw failure.renamingFields(Self.disclosureFields)
        }
        do {
            let disclosure = try await stores.disclosures.share(values, from: episode, override: override, by: who)
            return .created(
                .init(headers: .init(eTag: APIContext.etag(disclosure.version)), body: .json(.init(disclosure))))
        } catch let required as ConsentRequired {
            throw Self.consentRequired(required, recipient: values.recipient.kind, purpose: values.purpose)
        }
    }

    func getDisclosure(_ input: Operations.GetDisclosure.Input) async throws -> Operations.GetDisclosure.Output {
        _ = try APIContext.requireActor()
        let id = Disclosure.ID(input.path.id)
        let episodeID = try found(try await stores.disclosures.episode(of: id), "disclosure")
        let (_, who) = try await recordableEpisode(episodeID.rawValue)
        let disclosure = try found(try await stores.disclosures.view(id, by: who), "disclosure")
        return .ok(.init(headers: .init(eTag: APIContext.etag(disclosure.version)), body: .json(.init(disclosure))))
    }

    func listSharingOverrides(_ input: Operations.ListSharingOverrides.Input) async throws
        -> Operations.ListSharingOverrides.Output
    {
        let who = try APIContext.authorize(.reviewSharingOverrides)
        let found = try await stores.disclosures.overrides(of: who.actor.organisationID, by: who)
        let page = try APIContext.page(found, limit: input.query.limit, offset: input.query.offset)
        return .ok(.init(body: .json(page.map(Components.Schemas.Disclosure.init))))
    }

    func reviewSharingOverride(_ input: Operations.ReviewSharingOverride.Input) async throws
        -> Operations.ReviewSharingOverride.Output
    {
        let who = try APIContext.authorize(.reviewSharingOverrides)
        let expected = try APIContext.expectedVersion(input.headers.ifMatch)
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        let reviewed = try await stores.disclosures.review(
            Disclosure.ID(input.path.id), upheld: body.upheld, note: body.note, expected: expected, by: who)
        return .ok(.init(headers: .init(eTag: APIContext.etag(reviewed.version)), body: .json(.init(reviewed))))
    }

    /// The form's field names as the API names them.
    static let disclosureFields = [
        "recipientKind": "recipient.kind", "organisation": "recipient.organisation", "name": "recipient.name",
        "role": "recipient.role", "needs": "notification.needs", "risks": "notification.risks",
        "adjustments": "notification.adjustments", "appropriateAdult": "notification.appropriateAdult",
        "lawfulBasis": "override.lawfulBasis", "reason": "override.reason",
    ]

    /// No consent covers this sharing: 409, saying what the person last answered and how to share without it.
    static func consentRequired(_ required: ConsentRequired, recipient: RecipientKind, purpose: SharingPurpose)
        -> HTTPError
    {
        let latest =
            required.latest.map { "The person's latest answer is \"\($0.decision.label)\"." }
            ?? "The person has not been asked."
        return HTTPError(
            .conflict,
            message:
                "No consent covers sharing with \(recipient.label) for \(purpose.label.lowercased()). \(latest) "
                + "Record consent, or send override with a lawful basis and reason to share without it "
                + "(a team manager reviews every override).")
    }
}

extension Components.Schemas.Disclosure {
    init(_ disclosure: Disclosure) {
        let consentID: String?
        let lawfulBasis: Components.Schemas.LawfulBasis?
        let reason: String?
        switch disclosure.basis {
        case .consent(let id): (consentID, lawfulBasis, reason) = (id.rawValue, nil, nil)
        case .override(let basis, let why):
            (consentID, lawfulBasis, reason) = (nil, .init(rawValue: basis.rawValue), why)
        }
        self.init(
            id: disclosure.id.rawValue, personId: disclosure.isMasked ? nil : disclosure.personID.rawValue,
            episodeId: disclosure.episodeID.rawValue, kind: .init(rawValue: disclosure.kind.rawValue)!,
            recipient: .init(
                kind: .init(rawValue: disclosure.recipient.kind.rawValue)!,
                organisation: disclosure.recipient.organisation, name: disclosure.recipient.name,
                role: disclosure.recipient.role),
            purpose: .init(rawValue: disclosure.purpose.rawValue)!,
            content: disclosure.isMasked ? nil : disclosure.content, consentId: consentID,
            lawfulBasis: lawfulBasis, overrideReason: reason,
            review: disclosure.review.map {
                .init(reviewedBy: $0.reviewedBy.rawValue, reviewedAt: $0.reviewedAt, upheld: $0.upheld, note: $0.note)
            }, sharedAt: disclosure.sharedAt, sharedBy: disclosure.sharedBy.rawValue, version: disclosure.version)
    }
}
