import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// What access/enrol.mustache shows: scan or type the key, then confirm with a first code; afterwards the
/// recovery codes, once.
struct EnrolPage: Sendable {
    let shell: Shell
    let isSetUp: Bool
    let isRequired: Bool
    let qrCode: String?
    let manualKey: String
    let recoveryCodes: [String]
    /// Where "Continue" goes once it is set up (the page first asked for).
    let next: String
    let codeError: String?
    let errors: [ErrorLink]
}

/// Setting up the second factor (an authenticator app, TOTP) and an administrator's reset of someone else's.
struct SecondFactorRoutes: Sendable {
    let secondFactors: any SecondFactorStore
    let users: any UserStore
    let pages: PageRenderer
    let clock: Clock

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("account/second-factor", use: enrolForm)
        group.post("account/second-factor", use: confirm)
        group.post("users/:id/second-factor/reset", use: reset)
    }

    func enrolForm(request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        if identity.user.hasSecondFactor {
            return try await render(context, secret: nil, codes: [], next: "/", failure: nil)
        }
        // A new secret each time the page is shown, until one is confirmed.
        let secret = TOTPCheck.newSecret()
        try await secondFactors.startEnrolment(
            identity.user.id, secret: secret, by: Attribution(identity.actor, requestID: context.requestID))
        return try await render(
            context, secret: secret, codes: [],
            next: SignInRoutes.safeNext(request.uri.queryParameters.get("next") ?? ""),
            failure: nil)
    }

    func confirm(request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let form = try await FormData.read(request, context: context)
        let state = try await secondFactors.state(of: identity.user.id)
        guard !state.isConfirmed, let secret = state.secret else {
            return .redirect(to: AccessReviewPaths.secondFactor, type: .normal)
        }
        guard let step = TOTPCheck.step(of: form["code"], secret: secret, now: clock.now()) else {
            return try await render(
                context, secret: secret, codes: [], next: SignInRoutes.safeNext(form["next"]),
                failure: ValidationFailure(
                    field: "code", message: "Enter the 6-digit code your authenticator app shows now"))
        }
        let recovery = TOTPCheck.recoveryCodes()
        do {
            try await secondFactors.confirmEnrolment(
                identity.user.id, secret: secret, step: step, recoveryCodeHashes: recovery.hashes,
                keeping: identity.sessionToken, by: Attribution(identity.actor, requestID: context.requestID))
        } catch DomainError.ruleBroken {
            // The page was shown again meanwhile (another tab): its new secret is the one to scan.
            return .redirect(to: AccessReviewPaths.secondFactor, type: .normal)
        }
        return try await render(
            context, secret: nil, codes: recovery.codes, next: SignInRoutes.safeNext(form["next"]), failure: nil)
    }

    func reset(request: Request, context: AppRequestContext) async throws -> Response {
        guard let user = try await users.find(User.ID(try context.parameters.require("id"))) else {
            throw DomainError.notFound(what: "user")
        }
        let who = try context.authorize(.resetSecondFactor(of: user.id, in: user.organisationID))
        let form = try await FormData.read(request, context: context)
        do {
            try await secondFactors.reset(user.id, expected: try EditSupport.expectedVersion(form), by: who)
        } catch DomainError.staleVersion {
            // Nothing was typed: the account as it stands now, saying it changed (perhaps they enrolled since).
            return .redirect(to: "/users/\(user.id.rawValue)?done=stale", type: .normal)
        }
        return .redirect(to: "/users/\(user.id.rawValue)?done=updated", type: .normal)
    }

    private func render(
        _ context: AppRequestContext, secret: String?, codes: [String], next: String, failure: ValidationFailure?
    ) async throws -> Response {
        let identity = try context.requireIdentity()
        let required = SecondFactor.isRequired(
            of: identity.user.roles, by: try await secondFactors.requiredRoles(of: identity.user.organisationID))
        let account = identity.user.email
        let page = EnrolPage(
            shell: Shell(title: "Second factor", context: context, section: AccessReviewPaths.secondFactor),
            isSetUp: secret == nil, isRequired: required,
            qrCode: secret.flatMap {
                QRCodeSVG.svg(
                    for: TOTPCheck.link(secret: $0, account: account),
                    label: "QR code to add Liaison to your authenticator app")
            },
            manualKey: secret.map { TOTPCheck.manualKey(secret: $0, account: account) } ?? "",
            recoveryCodes: codes, next: next, codeError: failure?.message(for: "code"), errors: failure?.links ?? [])
        return try pages.render("access/enrol", page, status: failure == nil ? .ok : .unprocessableContent)
    }
}
