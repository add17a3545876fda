import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonCore
import LiaisonStore
import Testing

@testable import LiaisonApp

@Suite("National return pages")
struct NationalReturnRoutesTests {
    @Test("A team manager sees the month's records with problems and downloads the CSV; others are refused")
    func checkAndDownload() async throws {
        try await TestApp.with { client, stores, seed, clock in
            let (site, _) = try await PersonRoutesTests.sites(stores, seed)
            let who = Attribution(Actor(user: seed.practitionerA), requestID: "t")
            // Ana was seen today with no national data items recorded: a problem on this month's return.
            let woman = try await WaitingListRoutesTests.woman(stores, site, who, at: clock.now)
            let episode = try #require(try await stores.episodes.list(for: woman.id).first)
            let month = ReturnMonth(CalendarDate(clock.now))
            let manager = try await TestApp.signIn(client, as: seed.managerA)
            try await client.execute(
                uri: NationalReturnPaths.page + "?month=\(month)", method: .get, headers: manager.headers
            ) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("\(month.long): 1 episode; 1 with missing or invalid mandatory items"))
                #expect(html.contains("href=\"/episodes/\(episode.id.rawValue)/data-items\""))
                #expect(
                    html.contains("The episode&#39;s national data items are not recorded")
                        || html.contains("The episode's national data items are not recorded"))
            }
            try await client.execute(
                uri: NationalReturnPaths.csv + "?month=\(month)", method: .get, headers: manager.headers
            ) { response in
                #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
                let lines = String(buffer: response.body).split(separator: "\r\n")
                #expect(lines.count == 2 && lines[0].hasPrefix("ORG_CODE,") && lines[1].contains(episode.id.rawValue))
            }
            try await client.execute(uri: NationalReturnPaths.dictionary, method: .get, headers: manager.headers) {
                #expect(String(buffer: $0.body).hasPrefix("column,meaning,required,format"))
            }
            try await client.execute(
                uri: NationalReturnPaths.page + "?month=2026-13", method: .get, headers: manager.headers
            ) { #expect($0.status == .unprocessableContent) }
            // Last month has nothing yet.
            try await client.execute(
                uri: NationalReturnPaths.page + "?month=\(month.previous)", method: .get, headers: manager.headers
            ) { #expect(String(buffer: $0.body).contains("0 episodes; every mandatory item is recorded")) }
            let practitioner = try await TestApp.signIn(client, as: seed.practitionerA)
            try await client.execute(uri: NationalReturnPaths.csv, method: .get, headers: practitioner.headers) {
                #expect($0.status == .forbidden)
            }
            let actions = try await stores.auditReader.recent(limit: 20).map(\.action)
            #expect(actions.contains("national_return.export"))
        }
    }
}
