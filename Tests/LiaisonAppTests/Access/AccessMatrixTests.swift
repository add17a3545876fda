import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import LiaisonTestSupport
import Testing

@testable import LiaisonApp

/// Runs `AccessMatrix` against the real router: every registered route must have a row, and every row is tried by
/// every kind of user against every relationship it names. Writes carry a stale version (or an invalid body), so an
/// allowed request is turned away by validation and a refused one must be refused before its input is looked at.
@Suite("Access matrix, route by route")
struct AccessMatrixTests {
    @Test("Every registered route and API operation has a row in the access matrix, and every row a route")
    func everyRouteHasARow() async throws {
        try await TestDatabase.sqlite.withStores { stores in
            let router = try await buildRouter(
                AppDependencies(stores: stores, hasher: PasswordHasher(cost: 4), secureCookies: false))
            let registered = Set(router.routes.map { "\($0.method) \($0.path)" })
            let rows = AccessMatrix.rows.map(\.key)
            #expect(rows.count == Set(rows).count, "a route has two rows")
            for route in registered.subtracting(rows).sorted() {
                Issue.record(
                    "\(route) has no row in the access matrix (Tests/LiaisonAppTests/Access/AccessMatrix.swift)")
            }
            for row in Set(rows).subtracting(registered).sorted() { Issue.record("\(row) is not a registered route") }
        }
    }

    @Test("Each route answers each user as the access model says", arguments: AccessMatrix.rows.map(\.key))
    func route(_ key: String) async throws {
        let row = try #require(AccessMatrix.rows.first { $0.key == key })
        let clock = TestClock()
        try await TestDatabase.sqlite.withStores(clock: clock.clock) { stores in
            let world = try await AccessWorld.build(stores, clock: clock)
            let app = Application(
                router: try await buildRouter(
                    AppDependencies(stores: stores, hasher: PasswordHasher(cost: 4), secureCookies: false)))
            try await app.test(.router) { client in
                // Refusals first: an allowed write must not change what a later asker may see.
                let cases = row.subject.relationships.flatMap { relationship in
                    Who.allCases.map { (who: $0, relationship: relationship) }
                }.sorted { !row.rule.allows($0.who, $0.relationship) && row.rule.allows($1.who, $1.relationship) }
                for (who, relationship) in cases {
                    let expected = row.rule.allows(who, relationship)
                    let status = try await Self.ask(client, row, who, relationship, world, stores)
                    let refused = Self.isRefusal(status, rule: row.rule)
                    #expect(
                        refused != expected,
                        "\(row.key) as \(who) on \(relationship): \(status.description) but the matrix says \(expected ? "allowed" : "refused")"
                    )
                }
            }
        }
    }

    /// Refused: 401, 403, 404 (a record of another organisation is not found), or sent to sign in.
    static func isRefusal(_ status: Answer, rule: AccessMatrix.Rule) -> Bool {
        if case .anyone = rule { return [401, 403].contains(status.code) }
        return [401, 403, 404].contains(status.code) || (status.code == 303 && status.location.hasPrefix("/sign-in"))
    }

    struct Answer: CustomStringConvertible {
        let code: Int
        let location: String
        var description: String { location.isEmpty ? "\(code)" : "\(code) → \(location)" }
    }

    static func ask(
        _ client: any TestClientProtocol, _ row: AccessMatrix.Row, _ who: Who, _ relationship: Relationship,
        _ world: AccessWorld, _ stores: Stores
    ) async throws -> Answer {
        var path = try Self.path(row, relationship, world)
        let isAPI = row.path.hasPrefix("/api/")
        var headers: HTTPFields = [:]
        var body: ByteBuffer?
        // Signing out ends the session: that row gets a session of its own.
        let session =
            row.key == "POST /sign-out"
            ? try await world.users[who].asyncMap { user in
                let issued = try await stores.sessions.start(for: user.id, by: Attribution(.commandLine))
                return BrowserSession(cookie: "liaison_session=\(issued.token)", csrf: issued.csrfToken)
            } : world.sessions[who]
        if isAPI {
            if let token = world.tokens[who] { headers[.authorization] = "Bearer \(token)" }
            headers[.ifMatch] = "\"99\""
            if let json = row.json {
                headers[.contentType] = "application/json"
                // A body that names the person the row is tried on.
                let person = try requireValue(world.subjects[relationship], "subject").person.rawValue
                body = ByteBuffer(string: json.replacingOccurrences(of: "{person}", with: person))
            }
            if let csv = row.csv {
                headers[.contentType] = "text/csv"
                body = ByteBuffer(string: csv)
            }
            if let query = row.query { path += "?" + query }
        } else {
            let csrf = session?.csrf ?? "anonymous-token"
            headers[.cookie] = session?.cookie ?? "liaison_csrf=anonymous-token"
            if row.method == "POST" {
                headers[.contentType] = "application/x-www-form-urlencoded"
                var fields = [("version", "99")] + row.fields
                if row.key == "POST /episodes/{id}/allocation", let user = world.users[who] {
                    fields.append(("userID", user.id.rawValue))
                }
                if row.subject == .duplicatePair {
                    fields += [("left", world.duplicatePair.0.rawValue), ("right", world.duplicatePair.1.rawValue)]
                }
                body = TestApp.encode(fields + [("csrf", csrf)])
            }
        }
        if row.method == "GET", row.subject == .duplicatePair {
            path += "?left=\(world.duplicatePair.0.rawValue)&right=\(world.duplicatePair.1.rawValue)"
        }
        return try await client.execute(
            uri: path, method: HTTPRequest.Method(rawValue: row.method)!, headers: headers, body: body
        ) { response in Answer(code: Int(response.status.code), location: response.headers[.location] ?? "") }
    }

    /// The row's path with its parameters filled from the world for this relationship.
    static func path(_ row: AccessMatrix.Row, _ relationship: Relationship, _ world: AccessWorld) throws -> String {
        let subject = try requireValue(world.subjects[relationship], "subject")
        let id: String? =
            switch row.subject {
            case .none, .duplicatePair: nil
            case .person: subject.person.rawValue
            case .episode, .episodeConsent, .episodeDisclosure: subject.episode.id.rawValue
            case .report: nil
            case .consent: world.consents[relationship]?.rawValue
            case .disclosure: world.disclosures[relationship]?.rawValue
            case .courtReport: world.reports[relationship]?.rawValue
            case .referral: world.referrals[relationship]?.rawValue
            case .screening: world.screenings[relationship]?.rawValue
            case .merge: world.mergeA.rawValue
            case .claim: world.claim.rawValue
            case .line: world.lineA.rawValue
            case .organisation: world.orgA.id.rawValue
            case .site: world.siteA.id.rawValue
            case .team: world.teamA.id.rawValue
            case .borough: world.borough.id.rawValue
            case .service: world.serviceA.id.rawValue
            case .user: world.subjectUserA.id.rawValue
            case .token: world.tokenIDs[.practitionerA]?.rawValue
            case .supportCase: world.supportCase.rawValue
            case .lapsedSupportCase: world.lapsedSupportCase.rawValue
            case .housingUnit: world.housingUnit.rawValue
            case .placement: world.placement.rawValue
            case .housingRequest: world.housingRequest.rawValue
            case .evaluationExtract: world.evaluationExtract
            }
        var path = row.path
        if let id { path = path.replacingOccurrences(of: "{id}", with: id) }
        path = path.replacingOccurrences(of: "{organisation}", with: world.orgA.id.rawValue)
        let section =
            [.report, .courtReport].contains(row.subject)
            ? CourtReportSection.background.rawValue : AssessmentSection.needs.rawValue
        path = path.replacingOccurrences(of: "{section}", with: section)
        path = path.replacingOccurrences(of: "{domain}", with: SupportDomain.housing.rawValue)
        path = path.replacingOccurrences(of: "{contact}", with: world.supportContact.rawValue)
        if let report = world.reports[relationship] {
            path = path.replacingOccurrences(of: "{report}", with: report.rawValue)
        }
        if let consent = world.consents[relationship] {
            path = path.replacingOccurrences(of: "{consent}", with: consent.rawValue)
        }
        if let disclosure = world.disclosures[relationship] {
            path = path.replacingOccurrences(of: "{disclosure}", with: disclosure.rawValue)
        }
        return path
    }
}
