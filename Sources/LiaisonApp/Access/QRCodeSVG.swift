import CQREncode

/// The QR code of an authenticator link, drawn by libqrencode and written as an SVG (no inline style: CSP).
enum QRCodeSVG {
    /// The SVG for `text` at error-correction level M, or nil if libqrencode cannot encode it.
    static func svg(for text: String, label: String) -> String? {
        guard let code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) else { return nil }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        let quiet = 4
        let size = width + 2 * quiet
        var path = ""
        for y in 0..<width {
            for x in 0..<width where code.pointee.data[y * width + x] & 1 == 1 {
                path += "M\(x + quiet) \(y + quiet)h1v1h-1z"
            }
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(size) \(size)" width="240" height="240" \
            role="img" aria-label="\(label)" shape-rendering="crispEdges"><rect width="\(size)" height="\(size)" \
            fill="#ffffff"/><path d="\(path)" fill="#000000"/></svg>
            """
    }
}
