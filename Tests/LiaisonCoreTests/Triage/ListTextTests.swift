import Foundation
import Testing

@testable import LiaisonCore

@Suite("Reading a list file's encoding")
struct ListTextTests {
    static let header = "Court,Hearing time,Name\r\n"

    @Test("UTF-8, with or without Excel's byte-order mark, is read as it is")
    func utf8() throws {
        let line = "Westminster Magistrates Court,10:00,\"WIŚNIEWSKI, Łukasz\"\r\n"
        let plain = try ListText.decode(Array((Self.header + line).utf8))
        #expect(plain.encoding == .utf8 && plain.text.contains("WIŚNIEWSKI, Łukasz"))
        let marked = try ListText.decode([0xEF, 0xBB, 0xBF] + Array((Self.header + line).utf8))
        #expect(marked.encoding == .utf8 && marked.text.hasPrefix("Court,"))
    }

    @Test("A Windows-1252 file from Excel is read with its accents and curly quotes, not replacement characters")
    func windows1252() throws {
        // "João Gonçalves", "Zoë O’Brien" and "Œuvre €" as Excel writes them in Windows-1252.
        let bytes: [UInt8] =
            Array(Self.header.utf8) + Array("Westminster Magistrates Court,10:00,Jo".utf8) + [0xE3]
            + Array("o Gon".utf8) + [0xE7] + Array("alves\r\nX,11:00,Zo".utf8) + [0xEB] + Array(" O".utf8) + [0x92]
            + Array("Brien ".utf8) + [0x8C, 0x80]
        let read = try ListText.decode(bytes)
        #expect(read.encoding == .windows1252)
        #expect(read.text.contains("João Gonçalves") && read.text.contains("Zoë O’Brien Œ€"))
        #expect(!read.text.contains("\u{FFFD}"))
    }

    @Test("A byte neither encoding defines is refused naming its line")
    func undefinedByte() {
        let bytes = Array((Self.header + "a,b,c\n").utf8) + [0x81] + Array(",10:00,Bo Lee\n".utf8)
        #expect {
            try ListText.decode(bytes)
        } throws: { error in
            let problem = (error as? ListFile.Rejected)?.problems.first
            return problem?.line == 3 && problem?.problem.contains("0x81") == true
                && problem?.problem.contains("neither UTF-8 nor Windows-1252") == true
        }
    }

    @Test("A file that is UTF-8 in places and something else in others is refused at the first bad line")
    func mixed() {
        let bytes = Array((Self.header + "X,10:00,Łukasz Nowak\nX,11:00,Jo").utf8) + [0xE3] + Array("o Silva\n".utf8)
        #expect {
            try ListText.decode(bytes)
        } throws: { error in
            let problem = (error as? ListFile.Rejected)?.problems.first
            return problem?.line == 3 && problem?.problem.contains("mixes encodings") == true
        }
    }

    @Test("UTF-16 is refused with what to do instead")
    func utf16() {
        #expect {
            try ListText.decode([0xFF, 0xFE] + Array("C\0o\0".utf8))
        } throws: { error in
            (error as? ListFile.Rejected)?.problems.first?.problem.contains("CSV UTF-8") == true
        }
    }
}

extension ListTextTests {
    @Test("A control character is refused on its line, whatever the encoding")
    func controlCharacter() {
        #expect {
            try ListText.decode(Array((Self.header + "X,10:00,Bo\u{7}Lee\n").utf8))
        } throws: { error in
            (error as? ListFile.Rejected)?.problems.first?.line == 2
        }
    }
}
