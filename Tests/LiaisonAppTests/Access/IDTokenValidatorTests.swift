import Foundation
import JWTKit
import LiaisonCore
import Testing

@testable import LiaisonApp

/// The ID token checks of OpenID Connect Core §3.1.3.7, one forged or faulty token at a time. The journeys through
/// a real provider are in browser-tests/test_single_sign_on.py.
@Suite("Single sign-on: ID token validation")
struct IDTokenValidatorTests {
    static let issuer = "https://login.example.nhs.uk"
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let expected = IDTokenValidator.Expected(issuer: issuer, clientID: "liaison", nonce: "n-0S6_WzA2Mj")

    static func claims(
        iss: String = issuer, aud: [String] = ["liaison"], exp: Date = now.addingTimeInterval(300),
        iat: Date = now, nbf: Date? = nil, nonce: String? = "n-0S6_WzA2Mj", azp: String? = nil
    ) -> IDTokenClaims {
        IDTokenClaims(
            iss: .init(value: iss), sub: .init(value: "248289761001"), aud: .init(value: aud), exp: .init(value: exp),
            iat: .init(value: iat), nbf: nbf.map { .init(value: $0) }, nonce: nonce, azp: azp)
    }

    /// The provider's signing key, its public half as Liaison holds it, and a stranger's key.
    struct Keys {
        let provider: JWTKeyCollection
        let liaison: JWTKeyCollection
        let stranger: JWTKeyCollection
    }

    static func keys() async -> Keys {
        let key = ES256PrivateKey()
        return Keys(
            provider: await JWTKeyCollection().add(ecdsa: key, kid: "k1"),
            liaison: await JWTKeyCollection().add(ecdsa: key.publicKey, kid: "k1"),
            stranger: await JWTKeyCollection().add(ecdsa: ES256PrivateKey(), kid: "k1"))
    }

    static func check(_ token: String, _ keys: Keys) async -> Result<String, SingleSignOnRefusal> {
        do {
            return .success(
                try await IDTokenValidator.subject(of: token, keys: keys.liaison, expected: expected, now: now))
        } catch {
            return .failure(error)
        }
    }

    @Test("A token signed by the provider's key, for Liaison, in date, with this sign-in's nonce, gives its subject")
    func valid() async throws {
        let keys = await Self.keys()
        let token = try await keys.provider.sign(Self.claims(), kid: "k1")
        #expect(await Self.check(token, keys) == .success("248289761001"))
        // Several audiences are accepted only when Liaison is the authorised party.
        let shared = try await keys.provider.sign(Self.claims(aud: ["liaison", "other"], azp: "liaison"), kid: "k1")
        #expect(await Self.check(shared, keys) == .success("248289761001"))
    }

    @Test("A bad signature is refused: another key, a changed payload, no signature (alg none), or an HMAC")
    func badSignature() async throws {
        let keys = await Self.keys()
        let forged = try await keys.stranger.sign(Self.claims(), kid: "k1")
        #expect(await Self.check(forged, keys) == .failure(.badSignature))
        // The provider's own token with its payload swapped for another subject's.
        let genuine = try await keys.provider.sign(Self.claims(), kid: "k1").split(separator: ".")
        var other =
            try JSONSerialization.jsonObject(with: #require(Base64URL.decode(String(genuine[1])))) as? [String: Any]
            ?? [:]
        other["sub"] = "someone-else"
        let swapped = [
            String(genuine[0]), Base64URL.encode(try JSONSerialization.data(withJSONObject: other)), String(genuine[2]),
        ].joined(separator: ".")
        #expect(await Self.check(swapped, keys) == .failure(.badSignature))
        let none = Base64URL.encode(Data(#"{"alg":"none","kid":"k1"}"#.utf8)) + "." + String(genuine[1]) + "."
        #expect(await Self.check(none, keys) == .failure(.badSignature))
        let hmac = try await JWTKeyCollection().add(
            hmac: HMACKey(from: "a shared secret at least 32 bytes long"), digestAlgorithm: .sha256, kid: "k1"
        )
        .sign(Self.claims(), kid: "k1")
        #expect(await Self.check(hmac, keys) == .failure(.badSignature))
        #expect(await Self.check("not-a-token", keys) == .failure(.badSignature))
    }

    @Test("A token for another client, from another issuer, expired, issued in the future or not yet valid is refused")
    func claims() async throws {
        let keys = await Self.keys()
        func refusal(_ claims: IDTokenClaims) async throws -> Result<String, SingleSignOnRefusal> {
            await Self.check(try await keys.provider.sign(claims, kid: "k1"), keys)
        }
        #expect(try await refusal(Self.claims(aud: ["someone-else"])) == .failure(.wrongAudience))
        #expect(try await refusal(Self.claims(aud: ["liaison", "other"])) == .failure(.wrongAudience))
        #expect(try await refusal(Self.claims(aud: ["liaison", "other"], azp: "other")) == .failure(.wrongAudience))
        #expect(try await refusal(Self.claims(iss: "https://evil.example")) == .failure(.wrongIssuer))
        #expect(try await refusal(Self.claims(iss: Self.issuer + "/")) == .failure(.wrongIssuer))
        #expect(
            try await refusal(Self.claims(exp: Self.now.addingTimeInterval(-IDTokenValidator.leeway - 1)))
                == .failure(.expired))
        // Within a minute of clock difference is accepted.
        #expect(try await refusal(Self.claims(exp: Self.now.addingTimeInterval(-30))) == .success("248289761001"))
        #expect(try await refusal(Self.claims(iat: Self.now.addingTimeInterval(3600))) == .failure(.expired))
        // Not before an hour from now: not yet usable.
        #expect(try await refusal(Self.claims(nbf: Self.now.addingTimeInterval(3600))) == .failure(.expired))
        #expect(try await refusal(Self.claims(nbf: Self.now.addingTimeInterval(-10))) == .success("248289761001"))
    }

    @Test("A token whose nonce is not this sign-in's (a replayed token) or has none is refused")
    func nonce() async throws {
        let keys = await Self.keys()
        let replayed = try await keys.provider.sign(Self.claims(nonce: "from-an-earlier-sign-in"), kid: "k1")
        #expect(await Self.check(replayed, keys) == .failure(.nonceMismatch))
        let missing = try await keys.provider.sign(Self.claims(nonce: nil), kid: "k1")
        #expect(await Self.check(missing, keys) == .failure(.nonceMismatch))
    }

    @Test("PKCE's S256 challenge matches RFC 7636 appendix B")
    func pkce() {
        #expect(
            PKCE.challenge(for: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
                == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
    }

    @Test("Form encoding for the token request escapes everything but the unreserved characters")
    func formEncoding() {
        #expect(OpenIDProviders.formEncode("a b+c/é=&") == "a+b%2Bc%2F%C3%A9%3D%26")
    }
}
