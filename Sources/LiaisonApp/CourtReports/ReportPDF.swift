import CHaru
import Foundation
import LiaisonCore

/// Renders a court report's document as an A4 PDF with libharu: the title, the heading facts, then each section
/// with its heading, wrapped to the page, with page numbers. The same document always gives the same bytes (no
/// creation date is written), so the SHA-256 of the issued PDF identifies its content.
enum ReportPDF {
    struct Failure: Error, CustomStringConvertible {
        let code: UInt
        var description: String { "The PDF could not be made (libharu error \(String(code, radix: 16)))" }
    }

    static let margin: Float = 56
    static let bodySize: Float = 11
    static let leading: Float = 15

    static func render(_ document: CourtReportDocument) throws -> [UInt8] {
        guard let pdf = HPDF_New(nil, nil) else { throw Failure(code: 0) }
        defer { HPDF_Free(pdf) }
        HPDF_SetCompressionMode(pdf, UInt32(HPDF_COMP_ALL))
        _ = bytes(document.title).withUnsafeBufferPointer { HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, $0.baseAddress) }
        _ = bytes("Liaison").withUnsafeBufferPointer { HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, $0.baseAddress) }
        let regular = HPDF_GetFont(pdf, "Helvetica", "WinAnsiEncoding")
        let bold = HPDF_GetFont(pdf, "Helvetica-Bold", "WinAnsiEncoding")
        var writer = Writer(pdf: pdf, regular: regular, bold: bold)
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
        writer.footer()
        guard HPDF_GetError(pdf) == HPDF_OK else { throw Failure(code: UInt(HPDF_GetError(pdf))) }
        guard HPDF_SaveToStream(pdf) == HPDF_OK else { throw Failure(code: UInt(HPDF_GetError(pdf))) }
        var size = HPDF_GetStreamSize(pdf)
        var output = [UInt8](repeating: 0, count: Int(size))
        guard output.withUnsafeMutableBufferPointer({ HPDF_ReadFromStream(pdf, $0.baseAddress, &size) }) == HPDF_OK
        else { throw Failure(code: UInt(HPDF_GetError(pdf))) }
        return Array(output.prefix(Int(size)))
    }

    /// Text in the PDF's WinAnsi encoding (Windows-1252), NUL-terminated for libharu; what it cannot hold becomes "?".
    static func bytes(_ text: String) -> [CChar] {
        let data = text.data(using: .windowsCP1252, allowLossyConversion: true) ?? Data(text.utf8)
        return data.map { CChar(bitPattern: $0) } + [0]
    }

    /// Lays lines down the page, starting a new page when one is full.
    struct Writer {
        let pdf: HPDF_Doc
        let regular: HPDF_Font?
        let bold: HPDF_Font?
        var page: HPDF_Page?
        var y: Float = 0
        var pages = 0

        init(pdf: HPDF_Doc, regular: HPDF_Font?, bold: HPDF_Font?) {
            self.pdf = pdf
            self.regular = regular
            self.bold = bold
        }

        mutating func newPage() {
            if page != nil { footer() }
            page = HPDF_AddPage(pdf)
            HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT)
            y = HPDF_Page_GetHeight(page) - ReportPDF.margin
            pages += 1
        }

        func footer() {
            HPDF_Page_BeginText(page)
            HPDF_Page_SetFontAndSize(page, regular, 9)
            _ = ReportPDF.bytes("Liaison and Diversion · page \(pages)").withUnsafeBufferPointer {
                HPDF_Page_TextOut(page, ReportPDF.margin, ReportPDF.margin / 2, $0.baseAddress)
            }
            HPDF_Page_EndText(page)
        }

        mutating func space(_ points: Float) { y -= points }

        /// One paragraph, wrapped at word boundaries to the text width.
        mutating func paragraph(_ text: String, font: HPDF_Font?, size: Float, after: Float = 0) {
            let width = HPDF_Page_GetWidth(page) - 2 * ReportPDF.margin
            var rest = Array(ReportPDF.bytes(text).dropLast())
            if rest.isEmpty { y -= ReportPDF.leading }
            while !rest.isEmpty {
                if y < ReportPDF.margin + ReportPDF.leading { newPage() }
                HPDF_Page_SetFontAndSize(page, font, size)
                let line = rest + [0]
                var fits = Int(
                    line.withUnsafeBufferPointer { HPDF_Page_MeasureText(page, $0.baseAddress, width, HPDF_TRUE, nil) })
                if fits == 0 {  // one word wider than the page: break it
                    fits = max(
                        1,
                        Int(
                            line.withUnsafeBufferPointer {
                                HPDF_Page_MeasureText(page, $0.baseAddress, width, HPDF_FALSE, nil)
                            }))
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
