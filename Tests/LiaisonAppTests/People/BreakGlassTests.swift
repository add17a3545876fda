import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

@Suite("Break-glass access")
struct BreakGlassTests {
    @Test("Another organisation may break the glass with a reason; it is audited, shown to managers and expires")
    func breakGlass() async throws {
        try await TestApp.with { client, stores, seed, clock in
            let (_, siteB) = try await PersonRoutesTests.sites(stores, seed)
            let hash = try await PasswordHasher(cost: 4).hash(TestApp.password)
            let practitionerB = try await stores.users.create(
                try UserDraft(email: "p@b.test", displayName: "P B", roles: ["practitioner"]).validated(),
                for: seed.orgB.id,
                passwordHash: hash, by: Attribution(.commandLine))
            let b = try await TestApp.signIn(client, as: practitionerB)
            let id = try await PersonRoutesTests.addPerson(client, b, site: siteB)
            let a = try await TestApp.signIn(client, as: seed.practitionerA)
            try await client.execute(uri: "/people/\(id)", method: .get, headers: a.headers) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("Break the glass"))
            }
            try await client.execute(
                uri: "/people/\(id)/break-glass", method: .post, headers: a.formHeaders,
                body: a.form([("reason", "need")])
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("Say why you need to see this record now"))
            }
            let reason = "Arrived at our court unwell; checking known risks before the hearing"
            try await client.execute(
                uri: "/people/\(id)/break-glass", method: .post, headers: a.formHeaders,
                body: a.form([("reason", reason)])
            ) { #expect($0.status == .seeOther) }
            try await client.execute(uri: "/people/\(id)", method: .get, headers: a.headers) {
                #expect($0.status == .ok)
            }
            let events = try await stores.auditReader.recent(limit: 5)
            #expect(events.contains { $0.action == "person.break_glass" && $0.reason == reason && $0.personID == id })
            let manager = try await TestApp.signIn(client, as: seed.managerA)
            try await client.execute(uri: "/break-glass", method: .get, headers: manager.headers) { response in
                // Their practitioner's reason, but not whose record: the manager may not open it, and this list masks
                // as Find a person does.
                let html = String(buffer: response.body)
                #expect(html.contains(reason) && !html.contains("SMITH") && html.contains("Record you cannot open"))
            }
            // The holder's manager, told of the access, sees whose record it was.
            let holder = try await stores.users.create(
                try UserDraft(email: "m@b.test", displayName: "M B", roles: ["team_manager"]).validated(),
                for: seed.orgB.id, passwordHash: hash, by: Attribution(.commandLine))
            let managerB = try await TestApp.signIn(client, as: holder)
            try await client.execute(uri: "/break-glass", method: .get, headers: managerB.headers) { response in
                let html = String(buffer: response.body)
                #expect(html.contains(reason) && html.contains("SMITH, John"))
            }
            let shown = try #require(try await stores.auditReader.recent(limit: 1).first)
            #expect(shown.action == "person.break_glass_review" && shown.personID == id)
            try await client.execute(uri: "/break-glass", method: .get, headers: a.headers) {
                #expect($0.status == .forbidden)
            }
            clock.advance(by: 4 * 3600 + 60)
            let again = try await TestApp.signIn(client, as: seed.practitionerA)
            try await client.execute(uri: "/people/\(id)", method: .get, headers: again.headers) {
                #expect($0.status == .forbidden)
            }
        }
    }
}
