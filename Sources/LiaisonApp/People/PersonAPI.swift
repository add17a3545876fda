import Foundation
import LiaisonCore
import LiaisonStore

/// The people and episode operations of the JSON API: the same rules, checks and audit as the pages.
extension LiaisonAPI {
    func searchPeople(_ input: Operations.SearchPeople.Input) async throws -> Operations.SearchPeople.Output {
        let who = try APIContext.authorize(.recordPeople)
        let q = input.query
        var form: [(String, String)] = [
            ("nhsNumber", q.nhsNumber ?? ""), ("pncID", q.pncId ?? ""), ("otherIdentifier", q.otherIdentifier ?? ""),
            ("givenName", q.givenName ?? ""), ("familyName", q.familyName ?? ""), ("postcode", q.postcode ?? ""),
        ]
        if let postcode = q.postcode, postcode.unicodeScalars.count > 16 {
            // The contract's limit (JSON Schema counts code points), before whitespace is dropped.
            throw ValidationFailure(field: "postcode", message: "Enter a postcode of at most 16 characters")
        }
        if let dob = q.dateOfBirth {
            guard let date = CalendarDate(iso: dob) else {
                throw ValidationFailure(field: "dateOfBirth", message: "dateOfBirth must be a real date, YYYY-MM-DD")
            }
            form += [("dobYear", String(date.year)), ("dobMonth", String(date.month)), ("dobDay", String(date.day))]
        }
        let query: PersonQuery
        query = try SearchForm(FormData(pairs: form)).query()
        var candidates: [Components.Schemas.PersonCandidate] = []
        for candidate in try await stores.people.search(query, by: who) {
            // A record held by an organisation the caller does not work with: that it exists and why, no contents.
            // The search read who works with each candidate in its own transaction.
            let shown =
                candidate.relationship.map { AccessPolicy.decide(who.actor, .viewPerson($0)) == .allowed } ?? false
            let match = candidate.explanation
            candidates.append(
                .init(
                    id: candidate.person.id.rawValue, heldElsewhere: !shown,
                    displayName: shown ? candidate.person.displayName : nil,
                    dateOfBirth: shown ? candidate.person.details.dateOfBirth.description : nil,
                    matchProbability: match.probability, decision: .init(rawValue: match.decision.rawValue)!,
                    checkReason: match.checkReason.flatMap { .init(rawValue: $0.rawValue) },
                    matchPoints: match.agreements.map(\.text),
                    explanation: match.lines.map {
                        .init(field: $0.field.rawValue, level: $0.level?.rawValue, weight: $0.weight)
                    }, parametersVersion: match.parametersVersion))
        }
        return .ok(.init(body: .json(try APIContext.page(candidates, limit: q.limit, offset: q.offset))))
    }

    func createPerson(_ input: Operations.CreatePerson.Input) async throws -> Operations.CreatePerson.Output {
        let who = try APIContext.authorize(.recordPeople)
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        var problems: [FieldProblem] = []
        var details: PersonDetails?
        var episode: ValidEpisode?
        // Each problem is named by its path in the body (`details.nhsNumber`, `firstEpisode.siteId`).
        func under(_ parent: String, _ found: [FieldProblem]) -> [FieldProblem] {
            found.map { FieldProblem(field: "\(parent).\($0.field)", message: $0.message) }
        }
        do { details = try validated(body.details) } catch { problems += under("details", error.problems) }
        do { episode = try Self.validated(body.firstEpisode) } catch {
            problems += under("firstEpisode", error.problems)
        }
        guard let details, let episode, problems.isEmpty else { throw ValidationFailure(problems) }
        let person: Person
        do {
            (person, _) = try await stores.people.create(
                details, firstEpisode: episode, identifiedAt: stores.clock.now(), by: who)
        } catch let held as IdentifierAlreadyHeld {
            // The API names the field; search for the record (GET /people) rather than adding it twice.
            throw ValidationFailure(under("details", [FieldProblem(field: held.field, message: held.message)]))
        } catch let failure as ValidationFailure {
            // The episode's own checks in the store (a site that is not the organisation's).
            throw ValidationFailure(under("firstEpisode", failure.problems))
        }
        return .created(.init(headers: .init(eTag: APIContext.etag(person.version)), body: .json(.init(person))))
    }

    func getPerson(_ input: Operations.GetPerson.Input) async throws -> Operations.GetPerson.Output {
        let id = Person.ID(input.path.id)
        let who = try APIContext.authorize(.viewPerson(try await stores.people.relationship(of: id)))
        let person = try found(try await stores.people.view(id, by: who), "person")
        return .ok(.init(headers: .init(eTag: APIContext.etag(person.version)), body: .json(.init(person))))
    }

    func updatePerson(_ input: Operations.UpdatePerson.Input) async throws -> Operations.UpdatePerson.Output {
        let id = Person.ID(input.path.id)
        let who = try APIContext.authorize(.viewPerson(try await stores.people.relationship(of: id)))
        _ = try APIContext.authorize(.recordPeople)
        let expected = try APIContext.expectedVersion(input.headers.ifMatch)
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        let saved = try await stores.people.update(id, with: try validated(body), expected: expected, by: who)
        return .ok(.init(headers: .init(eTag: APIContext.etag(saved.version)), body: .json(.init(saved))))
    }

    func listEpisodes(_ input: Operations.ListEpisodes.Input) async throws -> Operations.ListEpisodes.Output {
        let id = Person.ID(input.path.id)
        let who = try APIContext.authorize(.viewPerson(try await stores.people.relationship(of: id)))
        // A person's episodes are part of their record: reading them is an audited view like the person page.
        _ = try found(try await stores.people.view(id, by: who), "person")
        return .ok(
            .init(
                body: .json(
                    try APIContext.page(
                        try await stores.episodes.list(for: id), limit: input.query.limit, offset: input.query.offset
                    ).map(Components.Schemas.Episode.init))))
    }

    func openEpisode(_ input: Operations.OpenEpisode.Input) async throws -> Operations.OpenEpisode.Output {
        let id = Person.ID(input.path.id)
        // Refused before the body is checked; the store asks again (claim or not) in its transaction.
        let who = try APIContext.authorize(.openEpisode(try await stores.people.relationship(of: id)))
        guard case .json(let body) = input.body else { throw DomainError.ruleBroken("Send JSON") }
        let claim =
            body.value2.claimContext != nil || body.value2.claimReason != nil
            ? ClaimDraft(context: body.value2.claimContext?.rawValue ?? "", reason: body.value2.claimReason ?? "")
            : nil
        let episode = try await stores.episodes.open(
            try Self.validated(body.value1), for: id, identifiedAt: stores.clock.now(), claim: claim, by: who)
        return .created(.init(headers: .init(eTag: APIContext.etag(episode.version)), body: .json(.init(episode))))
    }

    private func validated(_ body: Components.Schemas.PersonDetails) throws(ValidationFailure) -> PersonDetails {
        // The form takes one item a line: a line break inside one item would make it two.
        for (field, items) in [
            ("aliases", body.aliases), ("custodyNumbers", body.custodyNumbers),
            ("courtReferences", body.courtReferences),
        ] {
            if let index = (items ?? []).firstIndex(where: { $0.contains(where: \.isNewline) }) {
                throw ValidationFailure(field: "\(field)[\(index)]", message: "One item cannot hold a line break")
            }
        }
        var draft = PersonDraft()
        draft.givenName = body.givenName
        draft.familyName = body.familyName
        draft.aliases = (body.aliases ?? []).joined(separator: "\n")
        // Strictly YYYY-MM-DD: "-1990-01-01" is not 1 January 1990.
        guard let date = CalendarDate(iso: body.dateOfBirth) else {
            throw ValidationFailure(field: "dateOfBirth", message: "dateOfBirth must be a real date, YYYY-MM-DD")
        }
        (draft.dobYear, draft.dobMonth, draft.dobDay) = (String(date.year), String(date.month), String(date.day))
        draft.dobApproximate = body.dateOfBirthIsApproximate ?? false
        draft.statedGender = body.statedGender.rawValue
        draft.genderIdentity = body.genderIdentity?.rawValue ?? ""
        draft.ethnicity = body.ethnicity?.rawValue ?? ""
        draft.nhsNumber = body.nhsNumber ?? ""
        draft.pncID = body.pncId ?? ""
        draft.custodyNumbers = (body.custodyNumbers ?? []).joined(separator: "\n")
        draft.courtReferences = (body.courtReferences ?? []).joined(separator: "\n")
        draft.address = body.address ?? ""
        draft.postcode = body.postcode ?? ""
        draft.noFixedAbode = body.noFixedAbode ?? false
        draft.preferredLanguage = body.preferredLanguage ?? ""
        draft.interpreterNeeded = body.interpreterNeeded ?? false
        draft.reasonableAdjustments = body.reasonableAdjustments ?? ""
        draft.isRestricted = body.isRestricted ?? false
        return try draft.validated(today: CalendarDate(stores.clock.now()))
    }

    private static func validated(_ body: Components.Schemas.EpisodeInput) throws(ValidationFailure) -> ValidEpisode {
        return try EpisodeDraft(
            siteID: body.siteId, pathwayPoint: body.pathwayPoint.rawValue,
            referralSource: body.referralSource.rawValue,
            urgency: body.urgency.rawValue
        ).validated()
    }
}

extension Components.Schemas.Person {
    init(_ person: Person) {
        let d = person.details
        self.init(
            id: person.id.rawValue, version: person.version,
            details: .init(
                givenName: d.givenName, familyName: d.familyName, aliases: d.aliases,
                dateOfBirth: d.dateOfBirth.description, dateOfBirthIsApproximate: d.dateOfBirthIsApproximate,
                statedGender: .init(rawValue: d.statedGender.rawValue)!,
                genderIdentity: d.genderIdentity.flatMap { .init(rawValue: $0.rawValue) },
                ethnicity: .init(rawValue: d.ethnicity.rawValue), nhsNumber: d.nhsNumber?.digits, pncId: d.pncID?.value,
                custodyNumbers: d.custodyNumbers, courtReferences: d.courtReferences, address: d.address,
                postcode: d.postcode, noFixedAbode: d.noFixedAbode, preferredLanguage: d.preferredLanguage,
                interpreterNeeded: d.interpreterNeeded, reasonableAdjustments: d.reasonableAdjustments,
                isRestricted: d.isRestricted))
    }
}

extension Components.Schemas.Episode {
    init(_ episode: Episode) {
        self.init(
            id: episode.id.rawValue, personId: episode.personID.rawValue, siteId: episode.siteID.rawValue,
            organisationId: episode.organisationID.rawValue,
            pathwayPoint: .init(rawValue: episode.pathwayPoint.rawValue)!,
            referralSource: .init(rawValue: episode.referralSource.rawValue)!, identifiedAt: episode.identifiedAt,
            urgency: .init(rawValue: episode.urgency.rawValue)!, status: .init(rawValue: episode.status.rawValue)!,
            allocatedTo: episode.allocatedTo?.rawValue, version: episode.version)
    }
}
