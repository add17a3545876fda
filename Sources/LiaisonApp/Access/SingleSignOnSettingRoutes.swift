import Hummingbird
import LiaisonCore
import LiaisonStore

/// An organisation's administrator sets its single sign-on provider (issuer, client id, client secret), and links
/// other accounts of the organisation to their subject at that provider. Nobody links their own account.
struct SingleSignOnSettingRoutes: Sendable {
    let singleSignOn: any SingleSignOnStore
    let organisations: any OrganisationStore
    let users: any UserStore
    let pages: PageRenderer
    /// Shown on the provider form: the address to register with the provider.
    let redirectURI: String

    static func providerPath(_ id: Organisation.ID) -> String { "/organisations/\(id.rawValue)/single-sign-on" }
    static func linkPath(_ id: User.ID) -> String { "/users/\(id.rawValue)/single-sign-on" }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("organisations/:id/single-sign-on", use: providerForm)
        group.post("organisations/:id/single-sign-on", use: saveProvider)
        group.get("users/:id/single-sign-on", use: linkForm)
        group.post("users/:id/single-sign-on", use: saveLink)
    }

    func providerForm(request: Request, context: AppRequestContext) async throws -> Response {
        let id = Organisation.ID(try context.parameters.require("id"))
        _ = try context.authorize(.manageOrganisation(id))
        let current = try await singleSignOn.provider(of: id)
        return try await renderProvider(
            context, id,
            draft: IdentityProviderDraft(
                issuer: current?.issuer ?? "", clientID: current?.clientID ?? "", clientSecret: nil),
            current: current, version: current?.version, failure: nil)
    }

    func saveProvider(request: Request, context: AppRequestContext) async throws -> Response {
        let id = Organisation.ID(try context.parameters.require("id"))
        let who = try context.authorize(.manageOrganisation(id))
        let form = try await FormData.read(request, context: context)
        let draft = IdentityProviderDraft(
            issuer: form["issuer"], clientID: form["clientID"], clientSecret: form["clientSecret"])
        let version = Int(form["version"])
        do {
            _ = try await singleSignOn.setProvider(
                draft, for: id, expected: version.map(ExpectedVersion.init), by: who)
            return .redirect(to: "/organisations/\(id.rawValue)?done=updated", type: .normal)
        } catch let failure as ValidationFailure {
            return try await renderProvider(
                context, id, draft: draft, current: try await singleSignOn.provider(of: id), version: version,
                failure: failure)
        } catch DomainError.staleVersion {
            let current = try await singleSignOn.provider(of: id)
            let page = EditSupport.conflictPage(
                shell: Shell(title: "Single sign-on changed by someone else", context: context),
                heading: "Single sign-on was changed by someone else", action: Self.providerPath(id),
                reloadHref: Self.providerPath(id), currentVersion: current?.version ?? 0,
                yours: [
                    ("Issuer", draft.issuer), ("Client ID", draft.clientID),
                    (
                        "Client secret",
                        form["clientSecret"].isEmpty ? "Keep the one held" : "A new one (not carried: type it again)"
                    ),
                ],
                theirs: [
                    ("Issuer", current?.issuer ?? ""), ("Client ID", current?.clientID ?? ""),
                    ("Client secret", "Keep the one held"),
                ], form: form,
                // The secret is never written back into a page: saving over theirs keeps the one held unless typed again.
                fields: ["issuer", "clientID"])
            return try pages.render("conflict", page, status: .conflict)
        }
    }

    func linkForm(request: Request, context: AppRequestContext) async throws -> Response {
        let user = try await findUser(context)
        _ = try context.authorize(.linkSingleSignOn(of: user.id, in: user.organisationID))
        return try await renderLink(
            context, user, subject: user.singleSignOnSubject ?? "", version: user.version, failure: nil)
    }

    func saveLink(request: Request, context: AppRequestContext) async throws -> Response {
        let user = try await findUser(context)
        let who = try context.authorize(.linkSingleSignOn(of: user.id, in: user.organisationID))
        let form = try await FormData.read(request, context: context)
        let expected = try EditSupport.expectedVersion(form)
        do {
            try await singleSignOn.link(user.id, subject: form["subject"], expected: expected, by: who)
            return .redirect(to: UserPaths.show(user.id) + "?done=updated", type: .normal)
        } catch let failure as ValidationFailure {
            return try await renderLink(
                context, user, subject: form["subject"], version: expected.value, failure: failure)
        } catch DomainError.staleVersion {
            let current = try await findUser(context)
            let page = EditSupport.conflictPage(
                shell: Shell(title: "Account changed by someone else", context: context, section: UserPaths.list),
                heading: "\(current.displayName)'s account was changed by someone else", action: Self.linkPath(user.id),
                reloadHref: Self.linkPath(user.id), currentVersion: current.version,
                yours: [("Subject at the provider", Text.tidy(form["subject"]))],
                theirs: [("Subject at the provider", current.singleSignOnSubject ?? "")], form: form,
                fields: ["subject"])
            return try pages.render("conflict", page, status: .conflict)
        }
    }

    private func findUser(_ context: AppRequestContext) async throws -> User {
        guard let user = try await users.find(User.ID(try context.parameters.require("id"))) else {
            throw DomainError.notFound(what: "user")
        }
        return user
    }

    private func renderProvider(
        _ context: AppRequestContext, _ id: Organisation.ID, draft: IdentityProviderDraft,
        current: IdentityProvider?, version: Int?, failure: ValidationFailure?
    ) async throws -> Response {
        guard let organisation = try await organisations.find(id) else {
            throw DomainError.notFound(what: "organisation")
        }
        let page = FormPage(
            shell: Shell(title: "Single sign-on", context: context, section: "/organisations"),
            heading: "Single sign-on for \(organisation.name)", action: Self.providerPath(id), submitLabel: "Save",
            version: version,
            fields: [
                .text(
                    "issuer", "Issuer URL", value: draft.issuer, failure: failure,
                    hint: "Exactly as your OpenID Connect provider names itself (NHS CIS2, Microsoft Entra ID, …)."),
                .text(
                    "clientID", "Client ID", value: draft.clientID, failure: failure,
                    hint: "Register Liaison with the provider with the redirect address \(redirectURI)"),
                .text(
                    "clientSecret", "Client secret (optional)", value: "", failure: failure,
                    hint: current?.clientSecret == nil
                        ? "Only if the provider issued one; Liaison uses PKCE either way."
                        : "A secret is kept. Leave blank to keep it.", type: "password", autocomplete: "off"),
            ], failure: failure, cancelHref: "/organisations/\(id.rawValue)")
        return try pages.render("form", page, status: failure == nil ? .ok : .unprocessableContent)
    }

    private func renderLink(
        _ context: AppRequestContext, _ user: User, subject: String, version: Int, failure: ValidationFailure?
    ) async throws -> Response {
        let page = FormPage(
            shell: Shell(title: "Single sign-on", context: context, section: UserPaths.list),
            heading: "Link \(user.displayName) to single sign-on", action: Self.linkPath(user.id),
            submitLabel: "Save", version: version,
            fields: [
                .text(
                    "subject", "Subject at your organisation's provider", value: subject, failure: failure,
                    hint:
                        "The stable identifier the provider gives this person (its 'sub'), never an email address. Leave blank to unlink."
                )
            ], failure: failure, cancelHref: UserPaths.show(user.id))
        return try pages.render("form", page, status: failure == nil ? .ok : .unprocessableContent)
    }
}
