import Crypto
import Foundation
import LiaisonCore

/// Random secrets (session cookies, CSRF and API tokens) and the hashes stored in their place.
package enum Secrets {
    /// 32 random bytes from the system's cryptographic generator, as URL-safe base64.
    package static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// SHA-256 of a secret, as hex: what the database keeps, so a stolen copy cannot be replayed.
    package static func hash(_ secret: String) -> String {
        Hex.lowercase(SHA256.hash(data: Data(secret.utf8)))
    }
}
