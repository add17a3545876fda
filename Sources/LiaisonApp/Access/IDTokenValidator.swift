import Foundation
import JWTKit
import LiaisonCore

/// The claims of an OpenID Connect ID token that Liaison reads (OpenID Connect Core 1.0 §2).
struct IDTokenClaims: JWTPayload {
    let iss: IssuerClaim
    let sub: SubjectClaim
    let aud: AudienceClaim
    let exp: ExpirationClaim
    let iat: IssuedAtClaim?
    /// Not before: a token made to be used later is not used now (RFC 7519 §4.1.5).
    let nbf: NotBeforeClaim?
    let nonce: String?
    let azp: String?

    /// Nothing here: `IDTokenValidator` checks every claim after the signature, against the app's own clock.
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// Checks an ID token as OpenID Connect Core §3.1.3.7 asks: an asymmetric signature by one of the provider's keys,
/// the issuer exactly, this client among the audiences (and as `azp` when there are several), not expired (a minute
/// of clock difference allowed), and the nonce of this sign-in. The answer is the subject, or why it was refused.
enum IDTokenValidator {
    /// Signatures with a public key only: never `none`, never a shared-secret HMAC a public key could forge.
    static let algorithms: Set<String> = [
        "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA",
    ]
    static let leeway: TimeInterval = 60

    struct Expected: Sendable {
        let issuer: String
        let clientID: String
        let nonce: String
    }

    static func subject(of token: String, keys: JWTKeyCollection, expected: Expected, now: Date)
        async throws(SingleSignOnRefusal) -> String
    {
        guard let algorithm = headerAlgorithm(token), algorithms.contains(algorithm) else {
            throw .badSignature
        }
        let claims: IDTokenClaims
        do {
            claims = try await keys.verify(token, as: IDTokenClaims.self)
        } catch let error as JWTError where error.errorType == .signatureVerificationFailed {
            throw .badSignature
        } catch {
            throw .providerFailed
        }
        guard claims.iss.value == expected.issuer else { throw .wrongIssuer }
        guard claims.aud.value.contains(expected.clientID),
            claims.aud.value.count == 1 || claims.azp == expected.clientID
        else { throw .wrongAudience }
        guard now < claims.exp.value.addingTimeInterval(leeway),
            (claims.iat?.value ?? now) <= now.addingTimeInterval(leeway),
            (claims.nbf?.value ?? now) <= now.addingTimeInterval(leeway)
        else { throw .expired }
        guard let nonce = claims.nonce, CSRFMiddleware.constantTimeEqual(nonce, expected.nonce) else {
            throw .nonceMismatch
        }
        return claims.sub.value
    }

    /// The `alg` of the token's header, read before any key is chosen.
    static func headerAlgorithm(_ token: String) -> String? {
        guard let header = token.split(separator: ".", omittingEmptySubsequences: false).first,
            let data = Base64URL.decode(String(header)),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        return object["alg"] as? String
    }
}

/// Base64url without padding (RFC 4648 §5), as JOSE and PKCE use it.
enum Base64URL {
    static func encode(_ data: some DataProtocol) -> String {
        Data(data).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}
