import Foundation
import Testing

@testable import LiaisonCore

@Suite("National return rules")
struct NationalReturnTests {
    /// A complete record: an arrest at a custody suite, seen 40 minutes after the alert.
    static func complete() -> NationalReturnSource {
        var source = NationalReturnSource(
            personID: "p1", episodeID: "e1", dateOfBirth: "1990-03-27", statedGender: "2", ethnicity: "N")
        source.organisationCode = "RWK"
        source.nhsNumber = "9434765919"
        source.nhsNumberVerified = true
        source.postcode = "E8 1AA"
        source.siteName = "Stoke Newington custody suite"
        source.pathwayPoint = "police_custody"
        source.referralSource = "police_custody_staff"
        source.hasItems = true
        source.reason = "presentation"
        source.alertedAt = Date(timeIntervalSince1970: 1_790_000_000)
        source.firstContactAt = Date(timeIntervalSince1970: 1_790_002_400)
        source.custodyBasis = "arrest"
        source.offence = "public_order"
        source.learningDisability = "5"
        source.autism = "2"
        source.referrals = 2
        return source
    }

    static func items(_ change: (inout NationalReturnSource) -> Void) -> [String] {
        var source = complete()
        change(&source)
        return NationalReturn.problems(source).map(\.item)
    }

    @Test("A complete record has no problems; each kind of missing or invalid mandatory item is named")
    func problems() {
        #expect(Self.items { _ in }.isEmpty)
        #expect(Self.items { $0.organisationCode = nil } == ["ORG_CODE"])
        #expect(Self.items { $0.nhsNumber = "9434765918" } == ["NHS_NUMBER"])
        #expect(Self.items { $0.nhsNumber = nil }.isEmpty, "the NHS number is optional")
        #expect(Self.items { $0.statedGender = "X" } == ["STATED_GENDER"])
        #expect(Self.items { $0.ethnicity = "99" } == ["ETHNIC_CATEGORY"])
        #expect(Self.items { $0.ethnicity = "Z" }.isEmpty, "declined is an answer")
        #expect(Self.items { $0.postcode = nil } == ["POSTCODE"])
        #expect(
            Self.items {
                $0.postcode = nil; $0.noFixedAbode = true
            }.isEmpty)
        #expect(Self.items { $0.referralSource = "pigeon" } == ["SOURCE_OF_REFERRAL"])
        #expect(Self.items { $0.hasItems = false } == ["REFERRAL_REASON"])
        #expect(
            Self.items { $0.firstContactAt = Date(timeIntervalSince1970: 1_789_999_000) } == ["FIRST_CONTACT_DATETIME"])
        #expect(Self.items { $0.firstContactAt = nil } == ["NOT_SEEN_REASON"])
        #expect(
            Self.items {
                $0.firstContactAt = nil; $0.notSeenReason = "declined"
            }.isEmpty)
        #expect(
            Self.items {
                $0.learningDisability = "X"; $0.autism = nil
            } == ["LEARNING_DISABILITY_STATUS", "AUTISM_STATUS"])
        #expect(NationalReturn.problems(Self.complete().with { $0.hasItems = false }).first?.episodeID == "e1")
    }

    @Test("The row follows the data dictionary: derived source of referral and team type, NHS number status, ZZ99 3VZ")
    func row() {
        let row = NationalReturn.row(Self.complete())
        let names = NationalReturn.columns.map(\.name)
        #expect(row.count == names.count)
        let value = { (name: String) in row[names.firstIndex(of: name)!] }
        #expect(value("SOURCE_OF_REFERRAL") == "E1" && value("TEAM_TYPE") == "D02")
        #expect(value("NHS_NUMBER_STATUS") == "01" && value("ONWARD_REFERRALS") == "2")
        #expect(value("ALERT_DATETIME") == "2026-09-21T14:13:20Z")
        let homeless = NationalReturn.row(
            Self.complete().with {
                $0.noFixedAbode = true; $0.nhsNumber = nil
            })
        #expect(homeless[names.firstIndex(of: "POSTCODE")!] == "ZZ99 3VZ")
        #expect(homeless[names.firstIndex(of: "NHS_NUMBER_STATUS")!] == "")
        let csv = NationalReturn.csv([Self.complete()]).split(separator: "\r\n")
        #expect(csv.count == 2 && csv[0].hasPrefix("ORG_CODE,LOCAL_PERSON_ID,NHS_NUMBER"))
        let dictionary = NationalReturn.dictionaryCSV.split(separator: "\r\n")
        #expect(dictionary.count == names.count + 1 && dictionary[1].hasPrefix("ORG_CODE,"))
        // A value a spreadsheet would run is defused.
        #expect(
            NationalReturn.csv([Self.complete().with { $0.siteName = "=HYPERLINK(1)" }]).contains(",'=HYPERLINK(1),"))
    }

    @Test("A month is YYYY-MM and runs to the first of the next")
    func month() throws {
        let october = try #require(ReturnMonth("2026-10"))
        #expect(october.first == CalendarDate(year: 2026, month: 10, day: 1) && october.next.month == 11)
        #expect(ReturnMonth("2026-12")!.next == CalendarDate(year: 2027, month: 1, day: 1))
        #expect(ReturnMonth("2027-01")!.previous.description == "2026-12" && october.long == "October 2026")
        for bad in ["2026-13", "2026-1", "26-10", "October", "", "2026-10-01", "9999-12", "1999-12"] {
            #expect(ReturnMonth(bad) == nil)
        }
        #expect(ReturnMonth("2999-12")?.next == CalendarDate(year: 3000, month: 1, day: 1))
    }
}

extension NationalReturnSource {
    func with(_ change: (inout NationalReturnSource) -> Void) -> NationalReturnSource {
        var copy = self
        change(&copy)
        return copy
    }
}
