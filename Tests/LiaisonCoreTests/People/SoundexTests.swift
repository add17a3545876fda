import Testing

@testable import LiaisonCore

@Suite("Soundex")
struct SoundexTests {
    @Test(
        "American Soundex gives the published codes, from text and from normalised bytes alike",
        arguments: [
            ("Robert", "R163"), ("Rupert", "R163"), ("Rubin", "R150"), ("Ashcraft", "A261"), ("Ashcroft", "A261"),
            ("Tymczak", "T522"), ("Pfister", "P236"), ("Honeyman", "H555"), ("Lee", "L000"), ("O'Neil-Smith", "O542"),
            ("A", "A000"), ("", ""),
        ])
    func published(_ name: String, _ code: String) {
        #expect(Soundex.code(name) == code)
        #expect(Soundex.code(normalised: StringSimilarity.normalisedName(name)) == code)
    }

    @Test("The byte version agrees with the text version on 5,000 letter strings (a fixed sequence)")
    func bytesAgree() {
        var state: UInt64 = 42
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % bound
        }
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        for _ in 0..<5_000 {
            let name = String((0...next(12)).map { _ in letters[next(26)] })
            #expect(Soundex.code(normalised: Array(name.utf8)) == Soundex.code(name), "\(name)")
        }
    }
}
