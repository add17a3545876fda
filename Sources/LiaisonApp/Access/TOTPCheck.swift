import Crypto
import Foundation
import HummingbirdOTP
import LiaisonCore
import LiaisonStore

/// Checks a typed TOTP code with HummingbirdOTP (RFC 6238, 30-second steps, one step of drift either side) and
/// makes every step's code single-use through the store; makes secrets and recovery codes.
struct TOTPCheck: Sendable {
    let secondFactors: any SecondFactorStore

    /// The step a typed code belongs to, if it is right for `secret` now (not yet checked for reuse).
    static func step(of typed: String, secret: String, now: Date) -> Int? {
        guard let code = SecondFactor.totpCode(typed), let value = Int(code) else { return nil }
        let totp = TOTP(secret: secret, length: 6, timeStep: SecondFactor.step)
        let current = SecondFactor.step(at: now)
        return (current - SecondFactor.window...current + SecondFactor.window).first { step in
            totp.compute(date: Date(timeIntervalSince1970: Double(step * SecondFactor.step))) == value
        }
    }

    /// True if `typed` is a right code for the user's confirmed secret that was not used before (then used up).
    func accept(_ typed: String, for user: User.ID, now: Date) async throws -> Bool {
        let state = try await secondFactors.state(of: user)
        guard state.isConfirmed, let secret = state.secret, let step = Self.step(of: typed, secret: secret, now: now)
        else { return false }
        return try await secondFactors.useStep(user, step: step)
    }

    /// A new random secret (20 characters, used as the HMAC key's bytes).
    static func newSecret() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }

    /// The authenticator link (otpauth://) for the secret, as the QR code and apps read it.
    static func link(secret: String, account: String) -> String {
        TOTP(secret: secret, length: 6, timeStep: SecondFactor.step).createAuthenticatorURL(
            label: "Liaison:\(account)", issuer: "Liaison")
    }

    /// The key to type by hand: the link's base32 secret in groups of four.
    static func manualKey(secret: String, account: String) -> String {
        let link = Self.link(secret: secret, account: account)
        let key = URLComponents(string: link)?.queryItems?.first { $0.name == "secret" }?.value ?? ""
        return stride(from: 0, to: key.count, by: 4).map { start in
            let from = key.index(key.startIndex, offsetBy: start)
            return String(key[from..<(key.index(from, offsetBy: 4, limitedBy: key.endIndex) ?? key.endIndex)])
        }.joined(separator: " ")
    }

    /// Ten new recovery codes (shown once) and their hashes (stored).
    static func recoveryCodes() -> (codes: [String], hashes: [String]) {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        let codes = (0..<SecondFactor.recoveryCodeCount).map { _ in
            let raw = String((0..<10).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
            return String(raw.prefix(5)) + "-" + String(raw.suffix(5))
        }
        return (codes, codes.map(hash))
    }

    /// The stored form of a recovery code: SHA-256 of its tidied text.
    static func hash(_ code: String) -> String {
        Hex.lowercase(SHA256.hash(data: Data(SecondFactor.recoveryCode(code).utf8)))
    }
}
