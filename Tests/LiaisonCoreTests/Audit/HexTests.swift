import Foundation
import Testing

@testable import LiaisonCore

@Suite("Hex")
struct HexTests {
    @Test("Lower-case hex, two digits a byte, the same text String(format:) gave")
    func matchesFormat() {
        let bytes: [UInt8] = [0, 1, 15, 16, 127, 128, 171, 255]
        #expect(Hex.lowercase(bytes) == "00010f107f80abff")
        #expect(Hex.lowercase(bytes) == bytes.map { String(format: "%02x", $0) }.joined())
        #expect(Hex.lowercase([UInt8]()) == "")
    }
}
