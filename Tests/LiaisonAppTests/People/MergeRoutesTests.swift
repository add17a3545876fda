import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

@Suite("Merge pages")
struct MergeRoutesTests {
    @Test("A practitioner proposes from the record kept; a team manager compares, confirms, then reverses")
    func proposeConfirmReverse() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (siteA, _) = try await PersonRoutesTests.sites(stores, seed)
            let practitioner = try await TestApp.signIn(client, as: seed.practitionerA)
            let kept = try await PersonRoutesTests.addPerson(client, practitioner, site: siteA)
            var fields = PersonRoutesTests.personFields(site: siteA, nhs: "")
            fields = fields.map { $0.0 == "familyName" ? ("familyName", "Smyth") : $0 }
            let duplicate = try await client.execute(
                uri: "/people", method: .post, headers: practitioner.formHeaders, body: practitioner.form(fields)
            ) { response in
                String(try #require(response.headers[.location]).dropFirst("/people/".count).prefix { $0 != "?" })
            }
            let search = "familyName=Smith&givenName=John&dobDay=7&dobMonth=4&dobYear=1985"
            try await client.execute(
                uri: "/people/\(kept)/merges/new?\(search)", method: .get, headers: practitioner.headers
            ) { response in
                let html = String(buffer: response.body)
                #expect(html.contains(#"value="\#(duplicate)""#) && !html.contains(#"value="\#(kept)""#))
            }
            try await client.execute(
                uri: "/people/\(kept)/merges", method: .post, headers: practitioner.formHeaders,
                body: practitioner.form([("search", search), ("duplicateID", duplicate), ("reason", "short")])
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("Say why these are the same person"))
            }
            try await client.execute(
                uri: "/people/\(kept)/merges", method: .post, headers: practitioner.formHeaders,
                body: practitioner.form([
                    ("search", search), ("duplicateID", duplicate), ("reason", "Same custody photo and address"),
                ])
            ) { response in
                #expect(response.headers[.location] == "/people/\(kept)?done=merge-proposed")
            }
            let merge = try #require(try await stores.merges.list(by: Attribution(Actor(user: seed.managerA))).first)
            try await client.execute(uri: "/merges/\(merge.id.rawValue)", method: .get, headers: practitioner.headers) {
                #expect($0.status == .forbidden)
            }
            let manager = try await TestApp.signIn(client, as: seed.managerA)
            try await client.execute(uri: "/merges/\(merge.id.rawValue)", method: .get, headers: manager.headers) {
                response in
                let html = String(buffer: response.body)
                #expect(html.contains("Are these the same person?") && html.contains("Smyth"))
                #expect(html.contains("Confirm merge"))
            }
            // No decision chosen: the comparison again with the error, nothing decided.
            try await client.execute(
                uri: "/merges/\(merge.id.rawValue)/decision", method: .post, headers: manager.formHeaders,
                body: manager.form([("version", "1"), ("decision", "maybe")])
            ) { response in
                #expect(response.status == .unprocessableContent)
                let html = String(buffer: response.body)
                #expect(html.contains("error-summary") && html.contains("Confirm or reject the merge"))
            }
            #expect(try await stores.merges.find(merge.id)?.status == .proposed)
            try await client.execute(
                uri: "/merges/\(merge.id.rawValue)/decision", method: .post, headers: manager.formHeaders,
                body: manager.form([("version", "1"), ("decision", "confirm")])
            ) { #expect($0.status == .seeOther) }
            try await client.execute(uri: "/people/\(duplicate)", method: .get, headers: practitioner.headers) {
                #expect($0.headers[.location] == "/people/\(kept)?done=merged")
            }
            #expect(try await stores.episodes.list(for: Person.ID(kept)).count == 2)
            // A reason too short, and one too long: refused by the field, with what was typed and its version kept.
            for reason in ["Twins", String(repeating: "Twins. ", count: 150)] {
                try await client.execute(
                    uri: "/merges/\(merge.id.rawValue)/reversal", method: .post, headers: manager.formHeaders,
                    body: manager.form([("version", "2"), ("reason", reason)])
                ) { response in
                    #expect(response.status == .unprocessableContent)
                    let html = String(buffer: response.body)
                    #expect(html.contains("error-summary") && html.contains(Text.tidy(reason)))
                    #expect(html.contains("name=\"version\" value=\"2\""))
                }
            }
            #expect(try await stores.merges.find(merge.id)?.status == .confirmed)
            try await client.execute(
                uri: "/merges/\(merge.id.rawValue)/reversal", method: .post, headers: manager.formHeaders,
                body: manager.form([("version", "2"), ("reason", "Twins: different GP records after all")])
            ) { #expect($0.status == .seeOther) }
            #expect(try await stores.episodes.list(for: Person.ID(kept)).count == 1)
            #expect(try await stores.merges.find(merge.id)?.status == .reversed)
            // A second reversal typed against the confirmed merge: both shown and its reason kept.
            try await client.execute(
                uri: "/merges/\(merge.id.rawValue)/reversal", method: .post, headers: manager.formHeaders,
                body: manager.form([("version", "2"), ("reason", "Typed before the other reversal landed")])
            ) { response in
                #expect(response.status == .conflict)
                let html = String(buffer: response.body)
                #expect(html.contains("changed by someone else") && html.contains("Typed before the other reversal"))
            }
        }
    }

    @Test(
        "A reversed merge's page shows the once-duplicate only to a manager who may still open it: once the claim that let them propose it is rejected, it is refused"
    )
    func reversedNeedsAccess() async throws {
        try await TestApp.with { client, stores, seed, clock in
            let (siteA, siteB) = try await PersonRoutesTests.sites(stores, seed)
            func details(_ family: String) -> PersonDetails {
                PersonDetails(
                    givenName: "Nia", familyName: family, dateOfBirth: CalendarDate(year: 1988, month: 1, day: 9)!,
                    statedGender: .female)
            }
            let practitionerA = Attribution(Actor(user: seed.practitionerA))
            let managerA = Attribution(Actor(user: seed.managerA))
            let (kept, _) = try await stores.people.create(
                details("Okoro"), firstEpisode: try PersonRoutesTests.custodyEpisode(siteA), identifiedAt: clock.now,
                by: practitionerA)
            let (held, _) = try await stores.people.create(
                details("Okorro"), firstEpisode: try PersonRoutesTests.custodyEpisode(siteB), identifiedAt: clock.now,
                by: Attribution(Actor(user: seed.practitionerB)))
            _ = try await stores.episodes.open(
                try PersonRoutesTests.custodyEpisode(siteA), for: held.id, identifiedAt: clock.now,
                claim: ClaimDraft(context: "in_custody_now", reason: "Arrested overnight, in our cells this morning"),
                by: practitionerA)
            let merge = try await stores.merges.propose(
                survivor: kept.id, duplicate: held.id, reason: "Same custody photograph and address", by: practitionerA)
            _ = try await stores.merges.confirm(merge.id, expected: .init(1), by: managerA)
            let reversing = Attribution(managerA.actor, requestID: nil, reason: "Sisters: different GP records")
            _ = try await stores.merges.reverse(merge.id, expected: .init(2), by: reversing)
            let manager = try await TestApp.signIn(client, as: seed.managerA)
            let page = "/merges/\(merge.id.rawValue)"
            try await client.execute(uri: page, method: .get, headers: manager.headers) { response in
                #expect(response.status == .ok && String(buffer: response.body).contains("Okorro"))
            }
            // B, which holds the record, rejects A's claim: A no longer works with her.
            let holder = try await stores.users.create(
                try UserDraft(email: "m@b.test", displayName: "M B", roles: ["team_manager"]).validated(),
                for: seed.orgB.id, passwordHash: "unused", by: Attribution(.commandLine))
            let reviewer = Attribution(Actor(user: holder))
            let claim = try #require(try await stores.claims.claims(for: seed.orgB.id, by: reviewer).first)
            _ = try await stores.claims.review(
                claim.claim.id, uphold: false, note: "Not in their cells: the custody record says Brixton",
                expected: .init(claim.claim.version), by: reviewer)
            try await client.execute(uri: page, method: .get, headers: manager.headers) { response in
                #expect(response.status == .forbidden)
                #expect(!String(buffer: response.body).contains("Okorro"))
            }
        }
    }
}
