import Foundation
import Testing

@testable import LiaisonCore

@Suite("NHS number, PNC ID and postcode")
struct IdentifierTests {
    @Test(
        "The published valid NHS number passes, in any common spacing",
        arguments: ["9434765919", "943 476 5919", "943-476-5919"])
    func validNHSNumber(_ text: String) throws {
        let number = try #require(NHSNumber(text))
        #expect(number.digits == "9434765919")
        #expect(number.description == "943 476 5919")
    }

    @Test(
        "Wrong check digits, wrong lengths and letters are rejected",
        arguments: ["9434765918", "123456789", "12345678901", "943476591X", ""])
    func invalidNHSNumber(_ text: String) {
        #expect(NHSNumber(text) == nil)
    }

    @Test("A wrong check digit is said to fail its check; a wrong length asks for the 10 digits")
    func nhsNumberMessages() {
        #expect(NHSNumber.problem(with: "943 476 5918")?.contains("fails its check digit") == true)
        #expect(NHSNumber.problem(with: "943 476 591")?.contains("10 digits") == true)
        #expect(NHSNumber.problem(with: "943476591X")?.contains("10 digits") == true)
        #expect(NHSNumber.problem(with: "943 476 5919") == nil)
    }

    @Test("A number whose check would be 10 is invalid, whatever its last digit")
    func checkDigitTen() {
        // 1·10 + 2·9 + 3·8 + 4·7 + 5·6 + 6·5 + 7·4 + 8·3 + 1·2 = 194; 194 mod 11 = 7; 11 − 7 = 4.
        #expect(NHSNumber("1234567814") != nil)
        // 4·3 = 12; 12 mod 11 = 1; 11 − 1 = 10: no check digit can make this valid.
        for last in 0...9 { #expect(NHSNumber("000000040\(last)") == nil) }
    }

    @Test(
        "PNC IDs in either form, with or without the slash and the leading zeros, are one identifier in the long form",
        arguments: [
            ("12/345678U", "2012/0345678U"), ("2012/0345678u", "2012/0345678U"), (" 12 / 0345678U ", "2012/0345678U"),
            ("120345678U", "2012/0345678U"), ("20120345678U", "2012/0345678U"), ("99/1G", "1999/0000001G"),
            ("79/1234567X", "1979/1234567X"), ("10/3456H", "2010/0003456H"),
        ])
    func validPNC(_ text: String, _ canonical: String) {
        #expect(PNCID(text, now: Self.today)?.value == canonical)
    }

    static let today = Date(timeIntervalSince1970: 1_796_000_000)  // 2026

    @Test(
        "Malformed PNC IDs are rejected as such",
        arguments: [
            "12-345678A", "1/23456A", "12/A", "123/45A", "12/12345678A", "12/3456789", "AB/123456C", "12/345678Å",
        ])
    func invalidPNC(_ text: String) {
        #expect(PNCID.parse(text, now: Self.today) == .failure(.format))
    }

    @Test("A PNC ID whose check letter is not the one the PNC gives fails its check, and the message says so")
    func pncCheckLetter() {
        // (12 followed by 0345678) mod 23 = 16, and the 17th of ZABCDEFGHJKLMNPQRTUVWXY is U.
        #expect(PNCID.checkCharacter(year: "12", serial: "0345678") == "U")
        for wrong in ["12/345678A", "2012/0345678T", "12/345679U"] {
            #expect(PNCID.parse(wrong, now: Self.today) == .failure(.checkCharacter))
        }
        #expect(PNCID.message(.checkCharacter).contains("fails its check"))
    }

    @Test("Postcodes are tidied and shape-checked")
    func postcodes() {
        #expect(Postcode.normalised("e16an") == "E1 6AN")
        #expect(Postcode.looksValid(Postcode.normalised("sw1a 1aa")))
        #expect(!Postcode.looksValid(Postcode.normalised("12345")))
        #expect(!Postcode.looksValid(Postcode.normalised("E1 AAA")))
    }

    @Test(
        "A search's postcode is any two to ten letters and digits, spaces ignored, so an address abroad is compared too",
        arguments: [
            ("e1 6an", "E16AN"), ("SW1A 1AA", "SW1A1AA"), ("4223", "4223"), ("NW10", "NW10"), ("E1", "E1"),
            ("ABCDE12345", "ABCDE12345"), ("E1\t6AN", "E16AN"), ("E1\u{00A0}6AN", "E16AN"),
        ])
    func searchPostcode(_ typed: String, _ compared: String) {
        #expect(PersonQuery.searchPostcode(typed) == compared)
    }

    @Test(
        "A search's postcode with other characters, or too short or long, is refused",
        arguments: ["E1-6AN", "E", "", "ABCDE123456", "É1 6AN"])
    func searchPostcodeRefused(_ typed: String) {
        #expect(PersonQuery.searchPostcode(typed) == nil)
    }

    @Test("A last name with a postcode is enough to search on; a postcode with a first name or a date of birth is not")
    func postcodeSearchable() {
        let date = CalendarDate(year: 1990, month: 1, day: 1)
        let lastName = PersonQuery(familyName: "Campbell", postcode: "E16AN")
        #expect(lastName.isSearchable && lastName.onlyAtThePostcode)
        #expect(!PersonQuery(givenName: "Jack", postcode: "E16AN").isSearchable)
        #expect(!PersonQuery(dateOfBirth: date, postcode: "E16AN").isSearchable)
        #expect(!PersonQuery(postcode: "E16AN").isSearchable)
        // With a first name or a date of birth the other keys look further than the postcode.
        #expect(!PersonQuery(givenName: "Jack", familyName: "Campbell", postcode: "E16AN").onlyAtThePostcode)
        #expect(!PersonQuery(familyName: "Campbell", dateOfBirth: date, postcode: "E16AN").onlyAtThePostcode)
        #expect(!PersonQuery(familyName: "Campbell", dateOfBirth: date).onlyAtThePostcode)
    }
}
