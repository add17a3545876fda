import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

@Suite("Reviewing a relationship claim")
struct ClaimReviewRoutesTests {
    @Test(
        "A review refused keeps the note and the version it was written against; a review that crossed another is a conflict page with both"
    )
    func reviewEdits() async throws {
        try await TestApp.with { client, stores, seed, clock in
            let (siteA, siteB) = try await PersonRoutesTests.sites(stores, seed)
            let (held, _) = try await stores.people.create(
                PersonDetails(
                    givenName: "Nia", familyName: "Okorro", dateOfBirth: CalendarDate(year: 1988, month: 1, day: 9)!,
                    statedGender: .female), firstEpisode: try PersonRoutesTests.custodyEpisode(siteB),
                identifiedAt: clock.now,
                by: Attribution(Actor(user: seed.practitionerB)))
            _ = try await stores.episodes.open(
                try PersonRoutesTests.custodyEpisode(siteA), for: held.id, identifiedAt: clock.now,
                claim: ClaimDraft(context: "in_custody_now", reason: "Arrested overnight, in our cells this morning"),
                by: Attribution(Actor(user: seed.practitionerA)))
            func manager(_ email: String) async throws -> User {
                try await stores.users.create(
                    try UserDraft(email: email, displayName: email, roles: ["team_manager"]).validated(),
                    for: seed.orgB.id, passwordHash: try await PasswordHasher(cost: 4).hash(TestApp.password),
                    by: Attribution(.commandLine))
            }
            let first = try await manager("m1@b.test")
            let session = try await TestApp.signIn(client, as: first)
            let claim = try #require(
                try await stores.claims.claims(for: seed.orgB.id, by: Attribution(Actor(user: first))).first)
            let review = "/relationship-claims/\(claim.claim.id.rawValue)/review"
            // A note too long is refused; the note typed and the version it was written against stay.
            let tooLong = String(repeating: "x", count: 501)
            try await client.execute(
                uri: review, method: .post, headers: session.formHeaders,
                body: session.form([("decision", "end"), ("note", tooLong), ("version", "1")])
            ) { response in
                #expect(response.status == .unprocessableContent)
                let html = String(buffer: response.body)
                #expect(html.contains(tooLong) && html.contains("name=\"version\" value=\"1\""))
            }
            // A colleague upholds it meanwhile; the first manager's end, from the page read before, is a conflict.
            let second = Attribution(Actor(user: try await manager("m2@b.test")))
            _ = try await stores.claims.review(
                claim.claim.id, uphold: true, note: "Known to us: shared care agreed", expected: .init(1), by: second)
            try await client.execute(
                uri: review, method: .post, headers: session.formHeaders,
                body: session.form([("decision", "end"), ("note", "Not in their cells at all"), ("version", "1")])
            ) { response in
                #expect(response.status == .conflict)
                let html = String(buffer: response.body)
                #expect(html.contains("Not in their cells at all") && html.contains("Known to us: shared care agreed"))
                #expect(html.contains("name=\"decision\" value=\"end\""))
            }
            #expect(try await stores.claims.claims(for: seed.orgB.id, by: second).first?.claim.status == .upheld)
        }
    }
}
