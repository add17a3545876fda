import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

@Suite("Assessment started from an earlier one")
struct AssessmentStartFromRoutesTests {
    static let finished: [AssessmentSection: [String: String]] = [
        .risk: [
            "riskToSelf": "none_known", "riskToOthers": "none_known", "riskFromOthers": "none_known",
            "formulation": "Low mood since eviction", "safetyPlan": "Stays with her sister; crisis line given",
        ],
        .safeguarding: ["concerns": "no"],
        .capacity: ["capacity": "has_capacity"],
        .recommendations: ["recommendations": "Bail with support from the housing team"],
    ]

    @Test(
        "At court the same organisation is offered the morning's custody assessment to start from; the copy says where it came from"
    )
    func offerAndCopy() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let (custody, _) = try await PersonRoutesTests.sites(stores, seed)
            let who = Attribution(Actor(user: seed.practitionerA))
            let values = try EpisodeDraft(
                siteID: custody.id.rawValue, pathwayPoint: "police_custody", referralSource: "police_custody_staff",
                urgency: "routine"
            ).validated()
            let (person, morning) = try await stores.people.create(
                PersonDetails(
                    givenName: "Amira", familyName: "Hassan", dateOfBirth: CalendarDate(year: 1990, month: 3, day: 27)!,
                    statedGender: .female),
                firstEpisode: values, identifiedAt: Date(timeIntervalSince1970: 1_799_980_000), by: who)
            let session = try await TestApp.signIn(client, as: seed.practitionerA)
            let afternoon = try await stores.episodes.open(
                values, for: person.id, identifiedAt: Date(timeIntervalSince1970: 1_799_990_000), by: who)
            // Nothing completed yet: nothing offered.
            try await client.execute(
                uri: AssessmentPaths.tasks(afternoon.id), method: .get, headers: session.headers
            ) { response in
                #expect(!String(buffer: response.body).contains("Start from the assessment"))
            }
            var assessment = try await stores.assessments.save(
                try AssessmentSectionDraft(section: .needs, values: ["need.housing": "yes"], isFinished: true)
                    .validated(), for: morning, expected: nil, by: who)
            for section in AssessmentSection.allCases.dropFirst() {
                assessment = try await stores.assessments.save(
                    try AssessmentSectionDraft(
                        section: section, values: Self.finished[section]!, isFinished: true
                    ).validated(), for: morning, expected: .init(assessment.version), by: who)
            }
            _ = try await stores.assessments.complete(assessment.id, expected: .init(assessment.version), by: who)
            let source = try await client.execute(
                uri: AssessmentPaths.tasks(afternoon.id), method: .get, headers: session.headers
            ) { response in
                let html = String(buffer: response.body)
                #expect(
                    html.contains("Start from the assessment completed on") && html.contains("by practitioner@a.test"))
                return try #require(
                    html.range(of: "name=\"source\" value=\"").map {
                        String(html[$0.upperBound...].prefix { $0 != "\"" })
                    })
            }
            #expect(source == assessment.id.rawValue)
            // An assessment that is not one to start from: said so on the task list, not the generic error page.
            try await client.execute(
                uri: AssessmentPaths.startFrom(afternoon.id), method: .post, headers: session.formHeaders,
                body: session.form([("source", "no-such-assessment")])
            ) { response in
                #expect(response.headers[.location]?.hasSuffix("?done=not-copied") == true)
            }
            try await client.execute(
                uri: AssessmentPaths.tasks(afternoon.id) + "?done=not-copied", method: .get, headers: session.headers
            ) { #expect(String(buffer: $0.body).contains("Nothing was copied")) }
            try await client.execute(
                uri: AssessmentPaths.startFrom(afternoon.id), method: .post, headers: session.formHeaders,
                body: session.form([("source", source)])
            ) { response in
                #expect(response.headers[.location]?.hasSuffix("?done=assessment-copied") == true)
            }
            try await client.execute(
                uri: AssessmentPaths.tasks(afternoon.id), method: .get, headers: session.headers
            ) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Started from the assessment completed on"))
                #expect(!html.contains("name=\"source\""))
                #expect(
                    html.components(separatedBy: "tag--blue\">In progress").count - 1
                        == AssessmentSection.allCases.count)
            }
            // The person page lists the completed assessment; the organisation that made it opens it.
            try await client.execute(uri: "/people/\(person.id.rawValue)", method: .get, headers: session.headers) {
                let html = String(buffer: $0.body)
                #expect(html.contains("Completed assessments") && html.contains("Housing or homelessness"))
                #expect(html.contains("href=\"\(AssessmentPaths.tasks(morning.id))\""))
            }
            // Organisation B starts working with her (a claim, in custody now): it sees what A found, without the
            // link into A's assessment.
            let (_, custodyB) = (custody, try await stores.sites.list().first { $0.organisationID == seed.orgB.id }!)
            _ = try await stores.episodes.open(
                try EpisodeDraft(
                    siteID: custodyB.id.rawValue, pathwayPoint: "police_custody",
                    referralSource: "police_custody_staff", urgency: "routine"
                ).validated(), for: person.id, identifiedAt: Date(timeIntervalSince1970: 1_799_995_000),
                claim: ClaimDraft(context: "in_custody_now", reason: "Arrested overnight, in our cells this morning"),
                by: Attribution(Actor(user: seed.practitionerB)))
            let other = try await TestApp.signIn(client, as: seed.practitionerB)
            try await client.execute(uri: "/people/\(person.id.rawValue)", method: .get, headers: other.headers) {
                #expect($0.status == .ok)
                let html = String(buffer: $0.body)
                #expect(html.contains("Housing or homelessness") && html.contains("A custody"))
                #expect(!html.contains("href=\"\(AssessmentPaths.tasks(morning.id))\""))
            }
            // Another organisation's practitioner cannot use the form.
            try await client.execute(
                uri: AssessmentPaths.startFrom(morning.id), method: .post, headers: other.formHeaders,
                body: other.form([("source", source)])
            ) { response in
                #expect([.forbidden, .notFound].contains(response.status))
            }
        }
    }
}
