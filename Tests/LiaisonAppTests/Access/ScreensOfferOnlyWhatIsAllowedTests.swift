import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import LiaisonTestSupport
import Testing

@testable import LiaisonApp

/// "No link or button the policy would refuse": for each kind of user, every page reachable from home is visited
/// by following its links, and every form on it is submitted (with a stale version, so nothing changes); none may
/// answer 403.
@Suite("Screens offer only what the user may do")
struct ScreensOfferOnlyWhatIsAllowedTests {
    static let pageLimit = 250

    @Test("No link or button leads a user to a refusal", arguments: Who.allCases.filter { $0 != .anonymous })
    func noDeadEnds(_ who: Who) async throws {
        let clock = TestClock()
        try await TestDatabase.sqlite.withStores(clock: clock.clock) { stores in
            let world = try await AccessWorld.build(stores, clock: clock)
            let session = try #require(world.sessions[who])
            let app = Application(
                router: try await buildRouter(
                    AppDependencies(stores: stores, hasher: PasswordHasher(cost: 4), secureCookies: false)))
            try await app.test(.router) { client in
                // From home, and from every record the user may open (a link from a search or a colleague).
                var queue =
                    ["/"]
                    + Relationship.allCases.filter { AccessMatrix.sees[$0, default: []].contains(who) }.compactMap {
                        world.subjects[$0].map { "/people/\($0.person.rawValue)" }
                    }
                var seen = Set(queue)
                var refused: [String] = []
                var visited = 0
                while let page = queue.first, visited < Self.pageLimit {
                    queue.removeFirst()
                    visited += 1
                    let (status, html) = try await client.execute(uri: page, method: .get, headers: session.headers) {
                        (Int($0.status.code), String(buffer: $0.body))
                    }
                    if status == 403 { refused.append("link to \(page)") }
                    for link in Self.links(in: html) where !seen.contains(link) {
                        seen.insert(link)
                        queue.append(link)
                    }
                    for (action, hidden) in Self.forms(in: html) where !seen.contains("POST " + action) {
                        seen.insert("POST " + action)
                        let fields = hidden.filter { $0.0 != "csrf" && $0.0 != "version" } + [("version", "99")]
                        let answer = try await client.execute(
                            uri: action, method: .post, headers: session.formHeaders, body: session.form(fields)
                        ) { Int($0.status.code) }
                        if answer == 403 { refused.append("button on \(page) posting to \(action)") }
                    }
                }
                #expect(refused.isEmpty, "\(who) is offered: \(refused.joined(separator: "; "))")
                #expect(visited > 3, "\(who) reached only \(visited) pages")
            }
        }
    }

    /// Same-site links worth following (not sign-out, assets or downloads).
    static func links(in html: String) -> [String] {
        matches(##"href="(/[^"#]*)""##, in: html).filter { link in
            !link.hasPrefix("/assets/") && !link.hasPrefix("/sign-") && !link.hasSuffix("/pdf")
        }
    }

    /// Each form's action with its hidden fields (what pressing its button sends besides what is typed).
    static func forms(in html: String) -> [(String, [(String, String)])] {
        html.components(separatedBy: "<form ").dropFirst().compactMap { form in
            let body = form.components(separatedBy: "</form>").first ?? form
            guard body.hasPrefix(#"method="post""#), let action = matches(#"action="(/[^"]*)""#, in: body).first,
                !action.hasPrefix("/sign-")
            else { return nil }
            let hidden = pairs(#"<input type="hidden" name="([^"]*)" value="([^"]*)""#, in: body)
            return (action, hidden)
        }
    }

    static func pairs(_ pattern: String, in html: String) -> [(String, String)] {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: html, range: NSRange(html.startIndex..., in: html)).compactMap { match in
            guard let name = Range(match.range(at: 1), in: html), let value = Range(match.range(at: 2), in: html)
            else { return nil }
            return (String(html[name]), String(html[value]))
        }
    }

    static func matches(_ pattern: String, in html: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern)
        let range = NSRange(html.startIndex..., in: html)
        return regex.matches(in: html, range: range).compactMap { match in
            Range(match.range(at: 1), in: html).map { String(html[$0]).replacingOccurrences(of: "&amp;", with: "&") }
        }
    }
}
