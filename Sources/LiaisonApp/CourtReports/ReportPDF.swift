import CHaru
import Foundation
import LiaisonCore

/// Renders a court report's document as an A4 PDF with libharu: the title, the heading facts, then each section
/// with its heading, wrapped to the page. Every page carries the person's name and the case reference at the top
/// and "page x of y" at the foot. Text is UTF-8 in DejaVu Sans (embedded), so every name prints as it is written
/// (Polish, Turkish, Vietnamese, Greek, Arabic…). The same document always gives the same bytes (no creation date
/// is written), so the SHA-256 of the issued PDF identifies its content.
enum ReportPDF {
    struct Failure: Error, CustomStringConvertible {
        let code: UInt
        var description: String { "The PDF could not be made (libharu error \(String(code, radix: 16)))" }
    }

    static let margin: Float = 56
    static let bodySize: Float = 11
    static let leading: Float = 15
    /// Debian's fonts-dejavu-core (scripts/system-libraries.sh installs it).
    static let fonts = "/usr/share/fonts/truetype/dejavu/"

    static func render(_ document: CourtReportDocument) throws -> [UInt8] {
        // Laid out once to count the pages, then for real with "of y" known: the layout depends on the text only.
        let pages = try draw(document, totalPages: nil).pages
        return try draw(document, totalPages: pages).bytes
    }

    private static func draw(_ document: CourtReportDocument, totalPages: Int?) throws -> (bytes: [UInt8], pages: Int) {
        guard let pdf = HPDF_New(nil, nil) else { throw Failure(code: 0) }
        defer { HPDF_Free(pdf) }
        HPDF_SetCompressionMode(pdf, UInt32(HPDF_COMP_ALL))
        HPDF_UseUTFEncodings(pdf)
        HPDF_SetCurrentEncoder(pdf, "UTF-8")
        _ = text(document.title).withUnsafeBufferPointer { HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, $0.baseAddress) }
        _ = text("Liaison").withUnsafeBufferPointer { HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, $0.baseAddress) }
        let regular = try font(pdf, "DejaVuSans.ttf")
        let bold = try font(pdf, "DejaVuSans-Bold.ttf")
        var writer = Writer(
            pdf: pdf, regular: regular, bold: bold, running: document.running, totalPages: totalPages)
        writer.newPage()
        writer.paragraph(document.title, font: bold, size: 16, after: 10)
        for (label, value) in document.facts { writer.paragraph("\(label): \(value)", font: regular, size: bodySize) }
        for block in document.blocks {
            writer.space(10)
            writer.paragraph(block.heading, font: bold, size: 13, after: 4)
            for line in block.text.split(separator: "\n", omittingEmptySubsequences: false) {
                writer.paragraph(String(line), font: regular, size: bodySize)
            }
        }
        writer.furniture()
        guard HPDF_GetError(pdf) == HPDF_OK else { throw Failure(code: UInt(HPDF_GetError(pdf))) }
        guard HPDF_SaveToStream(pdf) == HPDF_OK else { throw Failure(code: UInt(HPDF_GetError(pdf))) }
        var size = HPDF_GetStreamSize(pdf)
        var output = [UInt8](repeating: 0, count: Int(size))
        guard output.withUnsafeMutableBufferPointer({ HPDF_ReadFromStream(pdf, $0.baseAddress, &size) }) == HPDF_OK
        else { throw Failure(code: UInt(HPDF_GetError(pdf))) }
        return (Array(output.prefix(Int(size))), writer.pages)
    }

    /// An embedded TrueType font, in UTF-8.
    private static func font(_ pdf: HPDF_Doc, _ file: String) throws -> HPDF_Font? {
        guard let name = HPDF_LoadTTFontFromFile(pdf, fonts + file, HPDF_TRUE) else {
            throw Failure(code: UInt(HPDF_GetError(pdf)))
        }
        return HPDF_GetFont(pdf, name, "UTF-8")
    }

    /// Text for libharu: UTF-8, NUL-terminated, with right-to-left runs (Arabic, Hebrew) in the order they are seen
    /// left to right, since libharu lays glyphs left to right and does no bidirectional reordering itself.
    static func text(_ text: String) -> [CChar] {
        Array(visualOrder(text).utf8).map { CChar(bitPattern: $0) } + [0]
    }

    /// Each run of right-to-left letters (with the spaces between its words) reversed; everything else as it is.
    static func visualOrder(_ text: String) -> String {
        var result: [Character] = []
        var run: [Character] = []
        func flush() {
            // Spaces at the run's end stay after it.
            let trailing = run.reversed().prefix { $0 == " " }.count
            result += run.dropLast(trailing).reversed() + run.suffix(trailing)
            run = []
        }
        for character in text {
            if isRightToLeft(character) || (character == " " && !run.isEmpty) {
                run.append(character)
            } else {
                flush()
                result.append(character)
            }
        }
        flush()
        return String(result)
    }

    static func isRightToLeft(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first?.value else { return false }
        return (0x0590...0x08FF).contains(scalar) || (0xFB1D...0xFDFF).contains(scalar)
            || (0xFE70...0xFEFF).contains(scalar)
    }

    /// Lays lines down the page, starting a new page when one is full.
    struct Writer {
        let pdf: HPDF_Doc
        let regular: HPDF_Font?
        let bold: HPDF_Font?
        let running: String
        let totalPages: Int?
        var page: HPDF_Page?
        var y: Float = 0
        var pages = 0

        init(pdf: HPDF_Doc, regular: HPDF_Font?, bold: HPDF_Font?, running: String, totalPages: Int?) {
            self.pdf = pdf
            self.regular = regular
            self.bold = bold
            self.running = running
            self.totalPages = totalPages
        }

        mutating func newPage() {
            if page != nil { furniture() }
            page = HPDF_AddPage(pdf)
            HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT)
            y = HPDF_Page_GetHeight(page) - ReportPDF.margin
            pages += 1
        }

        /// The person and case at the top of the page, "page x of y" at its foot.
        func furniture() {
            let top = HPDF_Page_GetHeight(page) - ReportPDF.margin / 2
            let foot = "Liaison and Diversion · page \(pages)" + (totalPages.map { " of \($0)" } ?? "")
            for (line, height) in [(running, top), (foot, ReportPDF.margin / 2)] {
                HPDF_Page_BeginText(page)
                HPDF_Page_SetFontAndSize(page, regular, 9)
                _ = ReportPDF.text(line).withUnsafeBufferPointer {
                    HPDF_Page_TextOut(page, ReportPDF.margin, height, $0.baseAddress)
                }
                HPDF_Page_EndText(page)
            }
        }

        mutating func space(_ points: Float) { y -= points }

        /// One paragraph, wrapped at word boundaries to the text width (libharu measures UTF-8 in bytes, so a
        /// line never ends inside a letter).
        mutating func paragraph(_ text: String, font: HPDF_Font?, size: Float, after: Float = 0) {
            let width = HPDF_Page_GetWidth(page) - 2 * ReportPDF.margin
            var rest = Array(ReportPDF.text(text).dropLast())
            if rest.isEmpty { y -= ReportPDF.leading }
            while !rest.isEmpty {
                if y < ReportPDF.margin + ReportPDF.leading { newPage() }
                HPDF_Page_SetFontAndSize(page, font, size)
                let line = rest + [0]
                var fits = Int(
                    line.withUnsafeBufferPointer { HPDF_Page_MeasureText(page, $0.baseAddress, width, HPDF_TRUE, nil) })
                if fits == 0 {  // one word wider than the page: break it, at a letter's first byte
                    fits = max(
                        1,
                        Int(
                            line.withUnsafeBufferPointer {
                                HPDF_Page_MeasureText(page, $0.baseAddress, width, HPDF_FALSE, nil)
                            }))
                    while fits < rest.count && fits > 1 && UInt8(bitPattern: rest[fits]) & 0xC0 == 0x80 { fits -= 1 }
                }
                let shown = Array(rest.prefix(fits)) + [0]
                HPDF_Page_BeginText(page)
                HPDF_Page_SetFontAndSize(page, font, size)
                _ = shown.withUnsafeBufferPointer {
                    HPDF_Page_TextOut(page, ReportPDF.margin, y - size, $0.baseAddress)
                }
                HPDF_Page_EndText(page)
                y -= max(ReportPDF.leading, size * 1.35)
                rest = Array(rest.dropFirst(fits).drop { $0 == 0x20 })
            }
            y -= after
        }
    }
}
