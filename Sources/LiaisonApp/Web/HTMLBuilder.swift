/// A typed, compiled HTML writer for the parts of a page that repeat per row (issue 21, ADR 0008): text is escaped
/// byte by byte as it is appended (the same five characters as Mustache's `{{…}}`), markup is written as is. A
/// work list of fifty rows with a practitioners' list on each was most of the page's rendering cost through
/// reflection and Mustache's context-stack lookups.
struct HTMLBuilder {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 4096) { bytes.reserveCapacity(capacity) }

    /// Markup, written as is.
    mutating func raw(_ markup: StaticString) {
        markup.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Text, escaped: `< > & " '` become entities, as Mustache escapes them.
    mutating func text(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            var start = 0
            for (index, byte) in utf8.enumerated() {
                let entity: StaticString
                switch byte {
                case UInt8(ascii: "<"): entity = "&lt;"
                case UInt8(ascii: ">"): entity = "&gt;"
                case UInt8(ascii: "&"): entity = "&amp;"
                case UInt8(ascii: "\""): entity = "&quot;"
                case UInt8(ascii: "'"): entity = "&#39;"
                default: continue
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                entity.withUTF8Buffer { bytes.append(contentsOf: $0) }
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
    }

    /// Markup built and escaped elsewhere (by another `HTMLBuilder`), written as is.
    mutating func markup(_ html: String) { bytes.append(contentsOf: html.utf8) }

    /// `text` as a link to `href`, or as plain text when there is no link (a record the reader may not open).
    mutating func link(_ href: String?, _ text: String) {
        guard let href else { return self.text(text) }
        raw("<a class=\"link\" href=\"")
        self.text(href)
        raw("\">")
        self.text(text)
        raw("</a>")
    }

    /// A number, as text.
    mutating func number(_ value: Int) { bytes.append(contentsOf: String(value).utf8) }

    var string: String { String(decoding: bytes, as: UTF8.self) }
}
