import Foundation

/// The string measures the comparisons are built from, on normalised ASCII bytes so that scoring millions of
/// candidate pairs in a batch stays cheap.
package enum StringSimilarity {
    /// Jaro-Winkler similarity in 0…1 (1 = identical), with the usual prefix scale 0.1 over at most four letters.
    /// Names of up to 64 letters track matched positions in two bit masks (no allocation: this runs for every
    /// name pair of a batch).
    package static func jaroWinkler(_ a: [UInt8], _ b: [UInt8]) -> Double {
        if a == b { return a.isEmpty ? 0 : 1 }
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        guard a.count <= 64, b.count <= 64 else {
            return jaroWinkler(Array(a.prefix(64)), Array(b.prefix(64)))
        }
        let window = max(0, max(a.count, b.count) / 2 - 1)
        var aMatched: UInt64 = 0
        var bMatched: UInt64 = 0
        var matches = 0
        for i in 0..<a.count {
            let low = max(0, i - window)
            let high = min(b.count - 1, i + window)
            guard low <= high else { continue }
            for j in low...high where bMatched & (1 << UInt64(j)) == 0 && a[i] == b[j] {
                aMatched |= 1 << UInt64(i)
                bMatched |= 1 << UInt64(j)
                matches += 1
                break
            }
        }
        guard matches > 0 else { return 0 }
        var transpositions = 0
        var j = 0
        for i in 0..<a.count where aMatched & (1 << UInt64(i)) != 0 {
            while bMatched & (1 << UInt64(j)) == 0 { j += 1 }
            if a[i] != b[j] { transpositions += 1 }
            j += 1
        }
        let m = Double(matches)
        let jaro = (m / Double(a.count) + m / Double(b.count) + (m - Double(transpositions / 2)) / m) / 3
        var prefix = 0
        while prefix < min(4, a.count, b.count) && a[prefix] == b[prefix] { prefix += 1 }
        return jaro + Double(prefix) * 0.1 * (1 - jaro)
    }

    /// Upper-case ASCII letters only: accents folded ("Zoë" → "ZOE"), spaces, hyphens and apostrophes dropped
    /// ("O'Neil-Smith" → "ONEILSMITH"), so spelling noise is not mistaken for a different name.
    package static func normalisedName(_ text: String) -> [UInt8] {
        let folded =
            text.utf8.allSatisfy { $0 < 128 } ? text : text.folding(options: .diacriticInsensitive, locale: nil)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(folded.utf8.count)
        for byte in folded.utf8 {
            switch byte {
            case 65...90: bytes.append(byte)
            case 97...122: bytes.append(byte - 32)
            default: continue
            }
        }
        return bytes
    }
}
