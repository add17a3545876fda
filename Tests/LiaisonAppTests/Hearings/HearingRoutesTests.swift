import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

@Suite("Hearing and outcome pages")
struct HearingRoutesTests {
    @Test(
        "A hearing at one of the organisation's courts and a decision on it join the person's timeline; others cannot record"
    )
    func recordHearingAndOutcome() async throws {
        try await TestApp.with { client, stores, seed, _ in
            let court = try await TriageRoutesTests.court(stores, seed)
            let (practitioner, episode) = try await SharingRoutesTests.episode(client, stores, seed)
            try await client.execute(
                uri: HearingPaths.list(episode.id), method: .post, headers: practitioner.formHeaders,
                body: practitioner.form([("courtID", court.id.rawValue), ("caseReference", "")])
            ) { response in
                #expect(response.status == .unprocessableContent)
                let html = String(buffer: response.body)
                #expect(html.contains("Enter the hearing date") && html.contains("Enter the case reference"))
            }
            _ = try await client.execute(
                uri: HearingPaths.list(episode.id), method: .post, headers: practitioner.formHeaders,
                body: practitioner.form([
                    ("courtID", court.id.rawValue), ("dateDay", "14"), ("dateMonth", "1"), ("dateYear", "2027"),
                    ("session", "afternoon"), ("courtroom", "2"), ("caseReference", "01HC0099"),
                ])
            ) { #expect($0.status == .seeOther) }
            let hearing = try #require(try await stores.hearings.hearings(of: episode.personID).first)
            try await client.execute(
                uri: HearingPaths.newOutcome(episode.id), method: .get, headers: practitioner.headers
            ) {
                #expect(
                    String(buffer: $0.body).contains(
                        "14 January 2027, Highbury Corner Magistrates&#39; Court, 01HC0099")
                        || String(buffer: $0.body).contains(
                            "14 January 2027, Highbury Corner Magistrates' Court, 01HC0099")
                )
            }
            _ = try await client.execute(
                uri: HearingPaths.outcomes(episode.id), method: .post, headers: practitioner.formHeaders,
                body: practitioner.form([
                    ("code", "community_order"), ("treatmentRequirement", "mental_health"), ("decidedOnDay", "14"),
                    ("decidedOnMonth", "1"), ("decidedOnYear", "2027"), ("hearingID", hearing.id.rawValue),
                ])
            ) { #expect($0.status == .seeOther) }
            try await client.execute(uri: HearingPaths.list(episode.id), method: .get, headers: practitioner.headers) {
                let html = String(buffer: $0.body)
                #expect(html.contains("Community order with a mental health treatment requirement"))
                #expect(html.contains("afternoon, courtroom 2, 01HC0099"))
            }
            let other = try await TestApp.signIn(client, as: seed.practitionerB)
            try await client.execute(
                uri: HearingPaths.outcomes(episode.id), method: .post, headers: other.formHeaders,
                body: other.form([
                    ("code", "bailed"), ("decidedOnDay", "14"), ("decidedOnMonth", "1"), ("decidedOnYear", "2027"),
                ])
            ) { #expect($0.status == .forbidden) }
            #expect(try await stores.hearings.outcomes(of: episode.personID).count == 1)
        }
    }
}
