import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

@Suite("Court report pages")
struct CourtReportRoutesTests {
    static func version(_ html: String) throws -> String {
        try #require(
            html.range(of: "name=\"version\" value=\"").map { String(html[$0.upperBound...].prefix { $0 != "\"" }) })
    }

    static func location(_ response: TestResponse) throws -> String {
        #expect(response.status == .seeOther)
        return try #require(response.headers[.location])
    }

    @Test(
        "A bail report is drafted (autosave too), previewed without notes kept in L&D, submitted, approved by a team manager and issued as a PDF; it cannot be issued unapproved or edited once issued"
    )
    func journey() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let court = try await TriageRoutesTests.court(stores, seed)
            let (practitioner, episode) = try await SharingRoutesTests.episode(client, stores, seed)
            try await client.execute(
                uri: ReportPaths.list(episode.id), method: .post, headers: practitioner.formHeaders,
                body: practitioner.form([("type", "bail_remand"), ("courtID", court.id.rawValue)])
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("Enter the hearing date"))
            }
            let tasks = try await client.execute(
                uri: ReportPaths.list(episode.id), method: .post, headers: practitioner.formHeaders,
                body: practitioner.form([
                    ("type", "bail_remand"), ("courtID", court.id.rawValue), ("hearingDateDay", "15"),
                    ("hearingDateMonth", "1"), ("hearingDateYear", "2027"), ("caseReference", "01HC0042"),
                ])
            ) { try Self.location($0) }
            let report = try #require(try await stores.courtReports.list(for: episode.id).first)
            #expect(tasks.hasPrefix(ReportPaths.tasks(report.id)))
            var version = report.version
            // Autosave answers 204 with the new version; a stale autosave 409.
            version = try await client.execute(
                uri: ReportPaths.section(report.id, .background), method: .post, headers: practitioner.formHeaders,
                body: practitioner.form([
                    ("version", String(version)), ("autosave", "1"), ("forCourt", "Lives alone in Brent."),
                    ("keptInService", "Sister says he hears voices."),
                ])
            ) { response in
                #expect(response.status == .noContent)
                return Int(try #require(response.headers[HTTPField.Name("X-Version")!]))!
            }
            try await client.execute(
                uri: ReportPaths.section(report.id, .background), method: .post, headers: practitioner.formHeaders,
                body: practitioner.form([("version", "1"), ("autosave", "1"), ("forCourt", "x")])
            ) { #expect($0.status == .conflict) }
            for section in CourtReportSection.allCases {
                let text = section == .background ? "Lives alone in Brent." : "\(section.title): for the court."
                _ = try await client.execute(
                    uri: ReportPaths.section(report.id, section), method: .post, headers: practitioner.formHeaders,
                    body: practitioner.form(
                        [
                            ("version", String(version)), ("finished", "yes"), ("forCourt", text),
                            ("keptInService", section == .background ? "Sister says he hears voices." : ""),
                        ] + (section == .options ? [("communityOption", "yes")] : []))
                ) { try Self.location($0) }
                version += 1
            }
            // A stale save of the options section: its answer is shown beside the saved one and carried, so that
            // "save my version over theirs" keeps it (it was dropped, and a finished section then refused).
            try await client.execute(
                uri: ReportPaths.section(report.id, .options), method: .post, headers: practitioner.formHeaders,
                body: practitioner.form([
                    ("version", "1"), ("finished", "yes"), ("forCourt", "Options, mine."), ("communityOption", "no"),
                ])
            ) { response in
                #expect(response.status == .conflict)
                let html = String(buffer: response.body)
                #expect(html.contains(#"<input type="hidden" name="communityOption" value="no">"#))
                let row = html.components(separatedBy: "<tr").first { $0.contains("Recommends a community option") }
                #expect(row?.contains("<td>No</td><td>Yes</td>") == true)
            }
            // Text too long, sent from a page read at version 1: refused by the field, and the page shown again
            // still carries version 1 (not the report's version now), so that sending it fixed is a conflict
            // rather than a save over the sections saved since.
            let long = String(repeating: "a", count: 10_001)
            try await client.execute(
                uri: ReportPaths.section(report.id, .background), method: .post, headers: practitioner.formHeaders,
                body: practitioner.form([("version", "1"), ("forCourt", long)])
            ) { response in
                #expect(response.status == .unprocessableContent)
                let html = String(buffer: response.body)
                #expect(html.contains("10,000 characters or fewer") && html.contains(long))
                #expect(html.contains(#"name="version" value="1""#))
            }
            try await client.execute(uri: ReportPaths.preview(report.id), method: .get, headers: practitioner.headers) {
                let html = String(buffer: $0.body)
                #expect(
                    html.contains("Lives alone in Brent.")
                        && html.contains("Options and recommendation: for the court."))
                #expect(!html.contains("hears voices"))
            }
            try await client.execute(
                uri: ReportPaths.step(report.id, .issue), method: .post, headers: practitioner.formHeaders,
                body: practitioner.form([("version", String(version))])
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(
                    String(buffer: response.body).contains(
                        "A report is issued only after a team manager has approved it"))
            }
            _ = try await client.execute(
                uri: ReportPaths.step(report.id, .submit), method: .post, headers: practitioner.formHeaders,
                body: practitioner.form([("version", String(version))])
            ) { try Self.location($0) }
            version += 1
            try await client.execute(
                uri: ReportPaths.step(report.id, .approve), method: .post, headers: practitioner.formHeaders,
                body: practitioner.form([("version", String(version))])
            ) { #expect($0.status == .forbidden) }
            let manager = try await TestApp.signIn(client, as: seed.managerA)
            try await client.execute(uri: ReportPaths.review, method: .get, headers: manager.headers) {
                #expect(String(buffer: $0.body).contains("01HC0042"))
            }
            // Returning it without saying what to change: the return again, the error by the field, nothing changed.
            try await client.execute(
                uri: ReportPaths.step(report.id, .returnForChanges), method: .post, headers: manager.formHeaders,
                body: manager.form([("version", String(version)), ("comments", " ")])
            ) { response in
                #expect(response.status == .unprocessableContent)
                let html = String(buffer: response.body)
                #expect(html.contains("href=\"#comments\"") && html.contains("Say what needs to change"))
            }
            #expect(try await stores.courtReports.list(for: episode.id).first?.status == .submitted)
            _ = try await client.execute(
                uri: ReportPaths.step(report.id, .approve), method: .post, headers: manager.formHeaders,
                body: manager.form([("version", String(version))])
            ) { try Self.location($0) }
            // A return typed before the approval: both shown, the comments kept.
            try await client.execute(
                uri: ReportPaths.step(report.id, .returnForChanges), method: .post, headers: manager.formHeaders,
                body: manager.form([("version", String(version)), ("comments", "Typed before the approval")])
            ) { response in
                #expect(response.status == .conflict)
                let html = String(buffer: response.body)
                #expect(html.contains("changed by someone else") && html.contains("Typed before the approval"))
                #expect(html.contains("Approved"))
            }
            version += 1
            try await client.execute(
                uri: ReportPaths.section(report.id, .risk), method: .get, headers: practitioner.headers
            ) { #expect($0.status == .unprocessableContent) }

            // No consent to share with the court: the interruption page, then an override.
            try await client.execute(
                uri: ReportPaths.step(report.id, .issue), method: .post, headers: practitioner.formHeaders,
                body: practitioner.form([
                    ("version", String(version)), ("organisation", "Highbury Corner Magistrates' Court"),
                ])
            ) { #expect(String(buffer: $0.body).contains("You do not have consent to share this")) }
            // From a page read before the approval: both versions, the court and the reason for sharing carried.
            try await client.execute(
                uri: ReportPaths.step(report.id, .issue), method: .post, headers: practitioner.formHeaders,
                body: practitioner.form([
                    ("version", String(version - 1)), ("organisation", "Highbury Corner Magistrates' Court"),
                    ("override", "yes"), ("lawfulBasis", "court_order"), ("reason", "The court ordered a report."),
                ])
            ) { response in
                #expect(response.status == .conflict)
                let html = String(buffer: response.body)
                #expect(html.contains("The report was changed by someone else") && html.contains("Approved"))
                #expect(html.contains(#"<input type="hidden" name="reason" value="The court ordered a report.">"#))
                #expect(html.contains(#"name="version" value="\#(version)""#))
            }
            #expect(try await stores.courtReports.find(report.id)?.status == .approved)
            _ = try await client.execute(
                uri: ReportPaths.step(report.id, .issue), method: .post, headers: practitioner.formHeaders,
                body: practitioner.form([
                    ("version", String(version)), ("organisation", "Highbury Corner Magistrates' Court"),
                    ("override", "yes"), ("lawfulBasis", "court_order"),
                    ("reason", "The court ordered an L&D report under section 35 of the Mental Health Act."),
                ])
            ) { try Self.location($0) }
            let issued = try #require(try await stores.courtReports.find(report.id))
            #expect(issued.status == .issued)
            let pdf = try await client.execute(
                uri: ReportPaths.pdf(report.id), method: .get, headers: practitioner.headers
            ) {
                response in
                #expect(response.headers[.contentType] == "application/pdf")
                return [UInt8](buffer: response.body)
            }
            #expect(Hex.lowercase(SHA256.hash(data: Data(pdf))) == issued.issued?.sha256)
            let text = try ReportPDFTests.text(of: pdf)
            #expect(text.contains("SMITH, John") && text.contains("Lives alone in Brent.") && !text.contains("voices"))
            try await client.execute(uri: ReportPaths.tasks(report.id), method: .get, headers: practitioner.headers) {
                #expect(String(buffer: $0.body).contains(issued.issued!.sha256))
            }
            try await client.execute(
                uri: ReportPaths.section(report.id, .risk), method: .post, headers: practitioner.formHeaders,
                body: practitioner.form([
                    ("version", String(issued.version)), ("finished", "yes"), ("forCourt", "changed"),
                ])
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("This report has been issued: it cannot be changed"))
            }
            let disclosure = try #require(try await stores.disclosures.list(for: episode.id).first)
            #expect(disclosure.kind == .courtReport && disclosure.awaitsReview)
            // The court bails him: the report's community recommendation was followed.
            try await client.execute(
                uri: HearingPaths.outcomes(episode.id), method: .post, headers: practitioner.formHeaders,
                body: practitioner.form([
                    ("code", "bailed"), ("decidedOnDay", "16"), ("decidedOnMonth", "1"), ("decidedOnYear", "2027"),
                ])
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("The date of the decision must be today or earlier"))
            }
            _ = try await client.execute(
                uri: HearingPaths.outcomes(episode.id), method: .post, headers: practitioner.formHeaders,
                body: practitioner.form([
                    ("code", "bailed"), ("decidedOnDay", "15"), ("decidedOnMonth", "1"), ("decidedOnYear", "2027"),
                ])
            ) { try Self.location($0) }
            try await client.execute(
                uri: PersonPaths.show(episode.personID), method: .get, headers: practitioner.headers
            ) {
                let html = String(buffer: $0.body)
                #expect(html.contains("Court decision</strong></td><td>Bailed"))
            }
            try await client.execute(uri: HearingPaths.remandAvoided, method: .get, headers: practitioner.headers) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: HearingPaths.remandAvoided, method: .get, headers: manager.headers) {
                let html = String(buffer: $0.body)
                #expect(html.contains("aria-label=\"Custody avoided: 1 (100%)\""))
                #expect(html.contains("<strong class=\"tag tag--green\">Avoided</strong>") && !html.contains("SMITH"))
            }
            let other = try await TestApp.signIn(client, as: seed.practitionerB)
            for uri in [ReportPaths.tasks(report.id), ReportPaths.preview(report.id), ReportPaths.pdf(report.id)] {
                try await client.execute(uri: uri, method: .get, headers: other.headers) {
                    #expect($0.status == .forbidden)
                }
            }
        }
    }
}
