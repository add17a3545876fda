import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// Finding, adding and reading people: search before create, the new-person-and-episode form, the person page
/// (every view audited) and opening a further episode for someone already known.
struct PersonRoutes: Sendable {
    let people: any PersonStore
    let episodes: any EpisodeStore
    let screenings: any ScreeningStore
    let assessments: any AssessmentStore
    let referrals: any ReferralStore
    let hearings: any HearingStore
    let services: any ServiceStore
    let sites: any SiteStore
    let users: any UserStore
    let organisations: any OrganisationStore
    let refusals: any RefusalStore
    let pages: PageRenderer
    let clock: Clock

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("people/find", use: find)
        group.get("people/new", use: newForm)
        group.post("people", use: create)
        group.get("people/:id", use: show)
        group.get("people/:id/edit", use: editForm)
        group.post("people/:id", use: update)
        group.get("people/:id/episodes/new", use: newEpisodeForm)
        group.post("people/:id/episodes", use: openEpisode)
        group.post("people/:id/break-glass", use: breakGlass)
        group.get("break-glass", use: breakGlassLog)
    }

    func find(request: Request, context: AppRequestContext) async throws -> Response {
        let who = try context.authorize(.recordPeople)
        let parameters = request.uri.queryParameters
        let form = FormData(request.uri.query ?? "")
        let searched = !parameters.isEmpty
        var failure: ValidationFailure?
        var candidates: [PersonCandidate] = []
        var query: PersonQuery?
        if searched {
            do {
                let asked = try SearchForm(form).query()
                query = asked
                candidates = try await people.search(asked, by: who)
            } catch let problems as ValidationFailure {
                failure = problems
            }
        }
        let related = CandidateMasking.visible(candidates, to: who.actor)
        let page = FindPersonPage(
            shell: Shell(title: "Find a person", context: context, section: PersonPaths.find),
            fields: SearchForm(form).fields(failure: failure), errors: failure?.links ?? [],
            searched: searched && failure == nil,
            resultHeading: candidates.isEmpty ? "No likely matches" : "Likely matches (\(candidates.count))",
            onlyAtThePostcode: query?.onlyAtThePostcode ?? false,
            candidates: candidates.map { candidate in
                let shown = related.contains(candidate.person.id)
                let match = candidate.explanation
                return FindPersonPage.Candidate(
                    name: shown ? candidate.person.displayName : CandidateMasking.heldElsewhere,
                    dateOfBirth: shown ? candidate.person.details.dateOfBirth.long : nil,
                    postcode: shown ? candidate.person.details.postcode : nil, heldElsewhere: !shown,
                    likelihood: match.percentage, decision: FindPersonPage.decision(match),
                    agreements: match.agreements.map { "\($0.field.label): \($0.level?.label ?? "")" },
                    disagreements: match.disagreements.map { "\($0.field.label): \($0.level?.label ?? "")" },
                    hasDisagreements: !match.disagreements.isEmpty,
                    explanation: match.lines.map(\.text),
                    viewHref: shown ? PersonPaths.show(candidate.person.id) : nil,
                    episodeHref: PersonPaths.newEpisode(candidate.person.id))
            },
            newHref: PersonPaths.new + (request.uri.query.map { "?\($0)" } ?? ""))
        return try pages.render("people/find", page, status: failure == nil ? .ok : .unprocessableContent)
    }

    func newForm(request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.authorize(.recordPeople)
        let carried = FormData(request.uri.query ?? "")
        return try await renderNew(
            context: context, person: PersonForm(carried), episode: EpisodeForm(FormData("")), failure: nil)
    }

    func create(request: Request, context: AppRequestContext) async throws -> Response {
        let who = try context.authorize(.recordPeople)
        let data = try await FormData.read(request, context: context)
        let person = PersonForm(data)
        let episode = EpisodeForm(data)
        let different = Text.tidyOptional(data["differentPersonReason"])
        do {
            let (details, values) = try validated(person, episode)
            let (created, _) = try await people.create(
                details, firstEpisode: values, identifiedAt: clock.now(), differentPerson: different, by: who)
            return .redirect(to: PersonPaths.show(created.id) + "?done=created", type: .normal)
        } catch let failure as ValidationFailure {
            return try await renderNew(
                context: context, person: person, episode: episode, failure: failure,
                askDifferent: different != nil ? (different ?? "") : nil)
        } catch let held as IdentifierAlreadyHeld {
            // Nothing is created: show the record(s), masked as "Find a person" masks them.
            let relationships = try await people.relationships(of: held.people)
            var records: [PersonFormPage.HeldRecord] = []
            for id in held.people {
                let visible =
                    relationships[id].map { AccessPolicy.decide(who.actor, .viewPerson($0)) == .allowed } ?? false
                // Read (and audited) only when the user may see it; otherwise only that it exists.
                let label =
                    visible
                    ? (try await people.view(id, by: who)?.displayName ?? CandidateMasking.heldElsewhere)
                    : CandidateMasking.heldElsewhere
                records.append(
                    .init(
                        label: label, viewHref: visible ? PersonPaths.show(id) : nil,
                        episodeHref: PersonPaths.newEpisode(id)))
            }
            return try await renderNew(
                context: context, person: person, episode: episode,
                failure: ValidationFailure(field: held.field, message: held.message), askDifferent: "", held: records)
        }
    }

    /// The person page: one store call (snapshot read, policy decision, one audit event), then the page.
    func show(request: Request, context: AppRequestContext) async throws -> Response {
        let id = try personID(context)
        let who = Attribution(try context.requireIdentity().actor, requestID: context.requestID)
        let record: PersonRecord
        switch try await people.record(id, by: who) {
        case .notFound: throw DomainError.notFound(what: "person")
        case .refused(let reason):
            guard AccessPolicy.decide(who.actor, .breakGlass) == .allowed else {
                throw DomainError.forbidden(reason: reason, personID: id)
            }
            try await refusals.record(
                Refusal(
                    .breakGlassOffered, actor: who.actor, route: "GET /people/:id", personID: id, reason: reason,
                    requestID: context.requestID))
            return try renderBreakGlass(context: context, id: id, reason: reason, typed: "", failure: nil)
        case .shown(let shown): record = shown
        }
        let person = record.person
        if let survivor = person.mergedInto {
            return .redirect(to: PersonPaths.show(survivor) + "?done=merged", type: .normal)
        }
        // Which episodes offer their actions is the policy's answer, not an organisation comparison here.
        let recordsOn = { (episode: Episode) in
            AccessPolicy.decide(
                who.actor,
                .recordOnEpisode(
                    EpisodeScope(organisationID: episode.organisationID, relationship: record.relationship)))
                == .allowed
        }
        var page = PersonPage(
            shell: Shell(title: person.displayName, context: context, section: PersonPaths.find), person: person,
            episodes: record.episodes, screenings: record.screenings, assessments: record.assessments,
            referrals: record.referrals, serviceNames: record.serviceNames, siteNames: record.siteNames,
            today: CalendarDate(clock.now()),
            canRecord: AccessPolicy.decide(who.actor, .recordPeople) == .allowed,
            recordsOn: recordsOn, notice: EditSupport.notice(request))
        page.assessments = PersonPage.AssessmentRow.completed(
            record.assessments, episodes: record.episodes, siteNames: record.siteNames, opens: recordsOn)
        page.justice = PersonPage.JusticeRow.timeline(
            hearings: record.hearings, outcomes: record.outcomes, names: record.siteNames)
        return pages.render(PersonPageHTML.render(page))
    }

    func editForm(request: Request, context: AppRequestContext) async throws -> Response {
        let who = try await authorizeView(context)
        _ = try context.authorize(.recordPeople)
        guard let person = try await people.view(try personID(context), by: who) else {
            throw DomainError.notFound(what: "person")
        }
        return try renderEdit(
            context: context, person: person, form: PersonForm(person.details), version: person.version, failure: nil)
    }

    func update(request: Request, context: AppRequestContext) async throws -> Response {
        let who = try await authorizeView(context)
        _ = try context.authorize(.recordPeople)
        let id = try personID(context)
        let data = try await FormData.read(request, context: context)
        let form = PersonForm(data)
        do {
            let details = try form.draft.validated(today: CalendarDate(clock.now()))
            _ = try await people.update(id, with: details, expected: try EditSupport.expectedVersion(data), by: who)
            return .redirect(to: PersonPaths.show(id) + "?done=updated", type: .normal)
        } catch let failure as ValidationFailure {
            guard let person = try await people.view(id, by: who) else { throw DomainError.notFound(what: "person") }
            return try renderEdit(
                context: context, person: person, form: form, version: Int(data["version"]), failure: failure)
        } catch DomainError.staleVersion {
            guard let current = try await people.view(id, by: who) else { throw DomainError.notFound(what: "person") }
            let page = EditSupport.conflictPage(
                shell: Shell(title: "Record changed by someone else", context: context),
                heading: "\(current.displayName)'s record was changed by someone else", action: PersonPaths.show(id),
                reloadHref: PersonPaths.edit(id), currentVersion: current.version, yours: form.display,
                theirs: PersonForm(current.details).display, form: data, fields: PersonForm.fieldNames)
            return try pages.render("conflict", page, status: .conflict)
        }
    }

    func newEpisodeForm(request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.authorize(.openEpisode(try await people.relationship(of: try personID(context))))
        let carried = FormData(request.uri.query ?? "")
        return try await renderEpisode(
            context: context, id: try personID(context), form: EpisodeForm(carried), claim: ClaimForm(carried),
            failure: nil)
    }

    func openEpisode(request: Request, context: AppRequestContext) async throws -> Response {
        let id = try personID(context)
        // Refused before anything typed is looked at; the store asks again (claim or not) in its transaction.
        let who = try context.authorize(.openEpisode(try await people.relationship(of: id)))
        let data = try await FormData.read(request, context: context)
        let form = EpisodeForm(data)
        let claim = ClaimForm(data)
        do {
            _ = try await episodes.open(
                try form.draft.validated(), for: id, identifiedAt: clock.now(), claim: claim.claim, by: who)
            return .redirect(to: PersonPaths.show(id) + "?done=created", type: .normal)
        } catch let failure as ValidationFailure {
            return try await renderEpisode(context: context, id: id, form: form, claim: claim, failure: failure)
        }
    }

    func breakGlass(request: Request, context: AppRequestContext) async throws -> Response {
        let who = try context.authorize(.breakGlass)
        let id = try personID(context)
        let typed = try await FormData.read(request, context: context)["reason"]
        do {
            try await people.breakGlass(id, reason: try BreakGlass.checkReason(typed), by: who)
            return .redirect(to: PersonPaths.show(id), type: .normal)
        } catch let failure as ValidationFailure {
            return try renderBreakGlass(
                context: context, id: id, reason: "This person has no episode at your organisation's sites.",
                typed: typed,
                failure: failure)
        }
    }

    func breakGlassLog(request: Request, context: AppRequestContext) async throws -> Response {
        let who = try context.authorize(.reviewBreakGlass)
        let london = London.dateTime
        // Break-glass by other organisations' staff on records this one holds is listed too: the holders are told.
        let staff = Dictionary(uniqueKeysWithValues: try await users.list(of: nil).map { ($0.id, $0.displayName) })
        let names = Dictionary(uniqueKeysWithValues: try await organisations.list().map { ($0.id, $0.name) })
        let rows = try await people.breakGlassGrants(of: who.actor.organisationID, by: who).map { grant in
            TablePage.Row(cells: [
                TableCell(grant.grantedAt.formatted(london)),
                TableCell(staff[grant.userID] ?? grant.userID.rawValue),
                TableCell(
                    grant.organisationID == who.actor.organisationID
                        ? "Yours" : names[grant.organisationID] ?? grant.organisationID.rawValue,
                    tag: grant.organisationID == who.actor.organisationID ? nil : "orange"),
                // No link: the manager may not be able to open the record (only the user who broke the glass can),
                // and then is not told whose it is, as "Find a person" would not tell them.
                TableCell(grant.personName ?? "Record you cannot open"), TableCell(grant.reason),
            ])
        }
        let page = TablePage(
            shell: Shell(title: "Break-glass access", context: context, section: "/break-glass"),
            heading: "Break-glass access",
            caption:
                "Records your organisation's staff opened outside the usual relationship, and records your organisation holds that others opened",
            addHref: nil, addLabel: nil, headers: ["When (London)", "Who", "Organisation", "Person", "Reason"],
            rows: rows,
            emptyMessage: "No break-glass access.", notice: nil)
        return try pages.render("table", page)
    }

    // MARK: - Helpers

    private func renderBreakGlass(
        context: AppRequestContext, id: Person.ID, reason: String, typed: String, failure: ValidationFailure?
    ) throws -> Response {
        let page = FormPage(
            shell: Shell(title: "You do not have access to this record", context: context, section: PersonPaths.find),
            heading: "You do not have access to this record", action: "/people/\(id.rawValue)/break-glass",
            submitLabel: "Break the glass and open the record",
            fields: [
                .textarea(
                    "reason", "Why do you need to see this record now?", value: typed, failure: failure,
                    hint:
                        "\(reason) In an emergency you may open it anyway: your reason is recorded, your team manager "
                        + "and the organisations that hold the record see every use, and access ends after 4 hours.")
            ], failure: failure, cancelHref: PersonPaths.find)
        return try pages.render("form", page, status: failure == nil ? .forbidden : .unprocessableContent)
    }

    private func personID(_ context: AppRequestContext) throws -> Person.ID {
        Person.ID(try context.parameters.require("id"))
    }

    /// Asks the one policy whether this user may see this person, from the relationship the store knows.
    private func authorizeView(_ context: AppRequestContext) async throws -> Attribution {
        try context.authorize(.viewPerson(try await people.relationship(of: try personID(context))))
    }

    private func validated(_ person: PersonForm, _ episode: EpisodeForm) throws -> (PersonDetails, ValidEpisode) {
        var problems: [FieldProblem] = []
        var values: ValidEpisode?
        var details: PersonDetails?
        do { values = try episode.draft.validated() } catch { problems += error.problems }
        do { details = try person.draft.validated(today: CalendarDate(clock.now())) } catch {
            problems += error.problems
        }
        guard let details, let values, problems.isEmpty else { throw ValidationFailure(problems) }
        return (details, values)
    }

    private func ownSites(_ context: AppRequestContext) async throws -> [Site] {
        let organisation = try context.requireIdentity().actor.organisationID
        return try await sites.list().filter { $0.isServed(by: organisation) && $0.isActive }
    }

    private func renderNew(
        context: AppRequestContext, person: PersonForm, episode: EpisodeForm, failure: ValidationFailure?,
        askDifferent: String? = nil, held: [PersonFormPage.HeldRecord] = []
    )
        async throws -> Response
    {
        // Once an identifier is found held, the form also asks why this is a different person.
        let different: [FormField] =
            askDifferent.map {
                [
                    .textarea(
                        "differentPersonReason", "If this is a different person, why?", value: $0, failure: failure,
                        hint: "For example: same NHS number typed from a custody record that has since been corrected")
                ]
            } ?? []
        var page = PersonFormPage(
            shell: Shell(title: "Add a person", context: context, section: PersonPaths.find), bar: nil,
            heading: "Add a person", action: PersonPaths.create, version: nil,
            episodeFields: episode.fields(sites: try await ownSites(context), failure: failure),
            personHeading: "About the person", fields: person.fields(failure: failure) + different,
            errors: failure?.links ?? [], submitLabel: "Add person and open episode", cancelHref: PersonPaths.find)
        page.held = held
        return try pages.render("people/form", page, status: failure == nil ? .ok : .unprocessableContent)
    }

    private func renderEdit(
        context: AppRequestContext, person: Person, form: PersonForm, version: Int?, failure: ValidationFailure?
    ) throws -> Response {
        let page = PersonFormPage(
            shell: Shell(title: "Change details", context: context, section: PersonPaths.find),
            bar: KeyDetailsBar(person, today: CalendarDate(clock.now())), heading: "Change details",
            action: PersonPaths.show(person.id), version: version, episodeFields: [], personHeading: nil,
            fields: form.fields(failure: failure), errors: failure?.links ?? [], submitLabel: "Save changes",
            cancelHref: PersonPaths.show(person.id))
        return try pages.render("people/form", page, status: failure == nil ? .ok : .unprocessableContent)
    }

    /// The episode form; when the organisation does not yet work with the person (the policy says a claim is
    /// needed) it also asks where and why.
    private func renderEpisode(
        context: AppRequestContext, id: Person.ID, form: EpisodeForm, claim: ClaimForm, failure: ValidationFailure?
    )
        async throws -> Response
    {
        let actor = try context.requireIdentity().actor
        let claimNeeded =
            AccessPolicy.episodeOpening(actor, try await people.relationship(of: id)) == .claimNeeded
        // The right person, before anything is recorded: the key details of a record the organisation works with
        // (read and audited as a view). A record held elsewhere shows nothing until the claim is made.
        let bar: KeyDetailsBar? =
            claimNeeded
            ? nil
            : try await people.view(id, by: Attribution(actor, requestID: context.requestID)).map {
                KeyDetailsBar($0, today: CalendarDate(clock.now()))
            }
        let page = PersonFormPage(
            shell: Shell(title: "Open an episode", context: context, section: PersonPaths.find), bar: bar,
            heading: "Open an episode", action: PersonPaths.episodes(id), version: nil,
            episodeFields: form.fields(sites: try await ownSites(context), failure: failure)
                + (claimNeeded ? claim.fields(failure: failure) : []), personHeading: nil,
            fields: [], errors: failure?.links ?? [], submitLabel: "Open episode", cancelHref: PersonPaths.find)
        return try pages.render("people/form", page, status: failure == nil ? .ok : .unprocessableContent)
    }
}
