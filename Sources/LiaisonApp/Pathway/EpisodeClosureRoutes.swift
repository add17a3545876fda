import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// Closing an episode: a confirmation page that says why it is closing and warns of referrals still open (closing
/// the episode does not close them), then the close itself.
struct EpisodeClosureRoutes: Sendable {
    let episodes: any EpisodeStore
    let referrals: any ReferralStore
    let services: any ServiceStore
    let access: EpisodeAccess
    let pages: PageRenderer

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("episodes/:id/closure", use: confirm)
        group.post("episodes/:id/closure", use: close)
    }

    func confirm(request: Request, context: AppRequestContext) async throws -> Response {
        let (episode, who) = try await access.recordable(context)
        guard episode.closedAt == nil else {
            return .redirect(to: PersonPaths.show(episode.personID), type: .normal)
        }
        return try await render(context, episode: episode, who: who, reason: "", failure: nil)
    }

    func close(request: Request, context: AppRequestContext) async throws -> Response {
        // Refused before anything typed is looked at; the store asks again in its transaction.
        let (episode, who) = try await access.recordable(context)
        let form = try await FormData.read(request, context: context)
        guard let reason = ClosureReason(rawValue: form["reason"]) else {
            return try await render(
                context, episode: episode, who: who, reason: form["reason"],
                failure: ValidationFailure(field: "reason", message: "Select why the episode is closing"))
        }
        do {
            let closed = try await episodes.close(
                episode.id, reason: reason, expected: try EditSupport.expectedVersion(form), by: who)
            return .redirect(to: PersonPaths.show(closed.personID) + "?done=updated", type: .normal)
        } catch DomainError.staleVersion {
            // Both versions side by side, the reason chosen kept: closing again is one click, if it still stands.
            let (current, _) = try await access.recordable(context)
            let action = "/episodes/\(episode.id.rawValue)/closure"
            let page = EditSupport.conflictPage(
                shell: Shell(title: "Changed by someone else", context: context, section: PersonPaths.find),
                heading: "The episode was changed by someone else", action: action,
                reloadHref: PersonPaths.show(episode.personID), currentVersion: current.version,
                yours: [("Closed", "Yes"), ("Why it is closing", reason.label)],
                theirs: [
                    ("Closed", current.closedAt == nil ? "No" : "Yes"),
                    ("Why it is closing", current.closureReason?.label ?? ""),
                ], form: form, fields: ["reason"])
            return try pages.render("conflict", page, status: .conflict)
        }
    }

    private func render(
        _ context: AppRequestContext, episode: Episode, who: Attribution, reason: String, failure: ValidationFailure?
    ) async throws -> Response {
        let person = try await access.person(episode.personID, by: who)
        let names = Dictionary(uniqueKeysWithValues: try await services.list().map { ($0.id, $0.name) })
        let open = try await referrals.list(for: episode.personID).filter {
            $0.episodeID == episode.id && $0.status != .closed
        }
        let warning =
            open.isEmpty
            ? nil
            : "\(open.count == 1 ? "1 referral is" : "\(open.count) referrals are") still open: "
                + open.map { "\(names[$0.serviceID] ?? "a service") (\($0.status.label.lowercased()))" }
                .joined(separator: ", ")
                + ". Closing the episode does not close them: record what happened on each referral."
        let page = ClosurePage(
            shell: Shell(title: "Close this episode?", context: context, section: PersonPaths.find),
            bar: KeyDetailsBar(person, today: CalendarDate(Date())), action: "/episodes/\(episode.id.rawValue)/closure",
            version: episode.version, warning: warning,
            reason: .radios(
                "reason", "Why is the episode closing?", value: reason,
                choices: ClosureReason.allCases.map { ($0.rawValue, $0.label) }, failure: failure),
            errors: failure?.links ?? [], cancelHref: PersonPaths.show(episode.personID))
        return try pages.render("pathway/closure", page, status: failure == nil ? .ok : .unprocessableContent)
    }
}

/// What pathway/closure.mustache shows.
struct ClosurePage: Sendable {
    let shell: Shell
    let bar: KeyDetailsBar
    let action: String
    let version: Int
    let warning: String?
    let reason: FormField
    let errors: [ErrorLink]
    let cancelHref: String
}
