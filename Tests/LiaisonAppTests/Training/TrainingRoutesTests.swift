import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

@Suite("Training pages")
struct TrainingRoutesTests {
    @Test("Over the API: a session with attendees is recorded (422 naming the date when it lies ahead) and listed")
    func api() async throws {
        try await TestApp.with { client, stores, seed, clock in
            var api = try await APITests.token(stores, seed.practitionerA)
            api[.contentType] = "application/json"
            let future = CalendarDate(clock.now.addingTimeInterval(3 * 86_400))
            let body = { (date: CalendarDate) in
                ByteBuffer(
                    string:
                        #"{"date":"\#(date)","deliveredBy":"Grace","audienceOrganisation":"CPS London","audience":"cps","topic":"Vulnerable defendants","attended":9,"attendees":[{"name":"A Lawyer","role":"prosecutor"}],"confidenceBefore":2.5,"confidenceAfter":4}"#
                )
            }
            try await client.execute(uri: "/api/v1/training-sessions", method: .post, headers: api, body: body(future))
            {
                response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("\"date\""))
            }
            try await client.execute(
                uri: "/api/v1/training-sessions", method: .post, headers: api, body: body(CalendarDate(clock.now))
            ) { #expect($0.status == .created) }
            try await client.execute(uri: "/api/v1/training-sessions", method: .get, headers: api) { response in
                let list = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]]
                #expect(list?.count == 1 && (list?.first?["attendees"] as? [Any])?.count == 1)
                #expect(list?.first?["location"] == nil && list?.first?["confidenceAfter"] as? Double == 4)
            }
            // A role with a line break would be two attendees: refused by the field.
            let split = ByteBuffer(
                string:
                    #"{"date":"\#(CalendarDate(clock.now))","deliveredBy":"Grace","audienceOrganisation":"CPS London","audience":"cps","topic":"Vulnerable defendants","attended":9,"attendees":[{"name":"Al","role":"PC\nEve, Inspector"}]}"#
            )
            try await client.execute(uri: "/api/v1/training-sessions", method: .post, headers: api, body: split) {
                #expect($0.status == .unprocessableContent && String(buffer: $0.body).contains("attendees"))
            }
            // An analyst reading the whole service sees the session and its counts, not who attended.
            let analyst = try await stores.users.create(
                try UserDraft(email: "analyst@a.test", displayName: "Ana Lyst", roles: ["analyst"]).validated(),
                for: seed.orgB.id, passwordHash: "h", by: Attribution(.commandLine))
            var analystAPI = try await APITests.token(stores, analyst)
            analystAPI[.contentType] = "application/json"
            try await client.execute(uri: "/api/v1/training-sessions", method: .get, headers: analystAPI) { response in
                let list = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]]
                #expect(list?.count == 1 && list?.first?["attended"] as? Int == 9)
                #expect((list?.first?["attendees"] as? [Any])?.isEmpty == true)
                #expect(!String(buffer: response.body).contains("A Lawyer"))
            }
        }
    }

    @Test("A session is recorded after a field error, summarised per organisation trained and exported as CSV")
    func recordSummariseExport() async throws {
        try await TestApp.with { client, _, seed, clock in
            let session = try await TestApp.signIn(client, as: seed.practitionerA)
            let day = CalendarDate(clock.now)
            var fields: [(String, String)] = [
                ("onDay", "\(day.day)"), ("onMonth", "\(day.month)"), ("onYear", "\(day.year)"),
                ("deliveredBy", "Grace Okafor"), ("audienceOrganisation", "Metropolitan Police, Bethnal Green"),
                ("audience", "custody_officers"), ("topic", "=Autism in custody"), ("location", ""),
                ("attended", "14"), ("confidenceBefore", "2.1"), ("confidenceAfter", "4.2"),
            ]
            try await client.execute(
                uri: "/training", method: .post, headers: session.formHeaders, body: session.form(fields)
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("href=\"#location\""))
            }
            fields.append(("online", "yes"))
            try await client.execute(
                uri: "/training", method: .post, headers: session.formHeaders, body: session.form(fields)
            ) { #expect($0.status == .seeOther) }
            try await client.execute(uri: "/training", method: .get, headers: session.headers) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Metropolitan Police, Bethnal Green: 14 people trained"))
                #expect(html.contains("<td>2.1</td><td>4.2</td>"))
            }
            try await client.execute(uri: "/training/sessions.csv", method: .get, headers: session.headers) {
                response in
                #expect(response.headers[.contentType]?.hasPrefix("text/csv") == true)
                let lines = String(buffer: response.body).split(separator: "\r\n")
                #expect(lines.count == 2 && lines[0].hasPrefix("date,organisation_trained"))
                #expect(
                    lines[1]
                        == "\(day),\"Metropolitan Police, Bethnal Green\",custody_officers,'=Autism in custody,online,14,0,2.1,4.2,Grace Okafor"
                )
            }
            // Another organisation sees none of it.
            let other = try await TestApp.signIn(client, as: seed.practitionerB)
            try await client.execute(uri: "/training/sessions.csv", method: .get, headers: other.headers) { response in
                #expect(String(buffer: response.body).split(separator: "\r\n").count == 1)
            }
        }
    }
}
