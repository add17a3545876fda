import AsyncHTTPClient
import Crypto
import Foundation
import JWTKit
import LiaisonCore
import NIOCore
import NIOFoundationCompat

/// What Liaison reads from a provider's discovery document (OpenID Connect Discovery 1.0 §3).
struct ProviderMetadata: Decodable, Sendable {
    let issuer: String
    let authorizationEndpoint: String
    let tokenEndpoint: String
    let jwksURI: String

    enum CodingKeys: String, CodingKey {
        case issuer
        case authorizationEndpoint = "authorization_endpoint"
        case tokenEndpoint = "token_endpoint"
        case jwksURI = "jwks_uri"
    }
}

/// Talks to organisations' identity providers over HTTP (AsyncHTTPClient): discovery and signing keys, kept for an
/// hour per issuer (keys fetched again when a signature fails, at most once a minute, so rotation just works), and
/// the code-for-token exchange with the PKCE verifier.
actor OpenIDProviders {
    private struct Cached {
        let metadata: ProviderMetadata
        let keys: JWTKeyCollection
        let fetchedAt: Date
        let keysFetchedAt: Date
    }

    private var cache: [String: Cached] = [:]
    private let client: HTTPClient
    private let timeout: TimeAmount = .seconds(10)
    /// Discovery documents, key sets and token answers are small; anything bigger is refused.
    private let largestAnswer = 1 << 20

    init(client: HTTPClient = .shared) { self.client = client }

    /// The provider's metadata, from discovery (checked to name the issuer configured, as §4.3 requires).
    func metadata(for issuer: String, now: Date) async throws(SingleSignOnRefusal) -> ProviderMetadata {
        try await cached(issuer, now: now).metadata
    }

    /// Exchanges an authorisation code for the ID token and checks it: the subject it names.
    func subject(
        code: String, provider: IdentityProvider, redirectURI: String, pending: PendingSignInSecrets, now: Date
    ) async throws(SingleSignOnRefusal) -> String {
        let entry = try await cached(provider.issuer, now: now)
        let token = try await idToken(
            code: code, endpoint: entry.metadata.tokenEndpoint, provider: provider, redirectURI: redirectURI,
            verifier: pending.codeVerifier)
        let expected = IDTokenValidator.Expected(
            issuer: provider.issuer, clientID: provider.clientID, nonce: pending.nonce)
        do {
            return try await IDTokenValidator.subject(of: token, keys: entry.keys, expected: expected, now: now)
        } catch .badSignature where now.timeIntervalSince(entry.keysFetchedAt) > 60 {
            // The provider may have rotated its keys since they were fetched: fetch them once more.
            let keys = try await keySet(entry.metadata.jwksURI)
            cache[provider.issuer] = Cached(
                metadata: entry.metadata, keys: keys, fetchedAt: entry.fetchedAt, keysFetchedAt: now)
            return try await IDTokenValidator.subject(of: token, keys: keys, expected: expected, now: now)
        }
    }

    private func cached(_ issuer: String, now: Date) async throws(SingleSignOnRefusal) -> Cached {
        if let entry = cache[issuer], now.timeIntervalSince(entry.fetchedAt) < 3600 { return entry }
        let metadata: ProviderMetadata = try await json(
            HTTPClientRequest(url: issuer + "/.well-known/openid-configuration"))
        guard metadata.issuer == issuer else { throw .providerFailed }
        let entry = Cached(
            metadata: metadata, keys: try await keySet(metadata.jwksURI), fetchedAt: now, keysFetchedAt: now)
        cache[issuer] = entry
        return entry
    }

    private func keySet(_ url: String) async throws(SingleSignOnRefusal) -> JWTKeyCollection {
        let body = try await fetch(HTTPClientRequest(url: url))
        do {
            return try await JWTKeyCollection().add(jwksJSON: String(buffer: body))
        } catch {
            throw .providerFailed
        }
    }

    private func idToken(
        code: String, endpoint: String, provider: IdentityProvider, redirectURI: String, verifier: String
    ) async throws(SingleSignOnRefusal) -> String {
        var request = HTTPClientRequest(url: endpoint)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        var form = [
            ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI),
            ("code_verifier", verifier), ("client_id", provider.clientID),
        ]
        if let secret = provider.clientSecret {
            // client_secret_basic (RFC 6749 §2.3.1): both parts form-encoded, then Base64.
            let credentials = Self.formEncode(provider.clientID) + ":" + Self.formEncode(secret)
            request.headers.add(name: "Authorization", value: "Basic " + Data(credentials.utf8).base64EncodedString())
            form.removeLast()
        }
        request.body = .bytes(
            ByteBuffer(string: form.map { Self.formEncode($0.0) + "=" + Self.formEncode($0.1) }.joined(separator: "&")))
        struct TokenAnswer: Decodable { let id_token: String }
        let answer: TokenAnswer = try await json(request)
        return answer.id_token
    }

    private func json<T: Decodable>(_ request: HTTPClientRequest) async throws(SingleSignOnRefusal) -> T {
        let body = try await fetch(request)
        do { return try JSONDecoder().decode(T.self, from: Data(buffer: body)) } catch { throw .providerFailed }
    }

    private func fetch(_ request: HTTPClientRequest) async throws(SingleSignOnRefusal) -> ByteBuffer {
        do {
            let response = try await client.execute(request, timeout: timeout)
            let body = try await response.body.collect(upTo: largestAnswer)
            guard response.status == .ok else { throw SingleSignOnRefusal.providerFailed }
            return body
        } catch {
            throw .providerFailed
        }
    }

    /// application/x-www-form-urlencoded for one name or value.
    static func formEncode(_ value: String) -> String {
        let allowed = CharacterSet(
            charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._*")
        return (value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "").replacingOccurrences(
            of: "%20", with: "+")
    }
}

/// The secrets of a sign-in in progress that the token exchange and the ID token check need.
struct PendingSignInSecrets: Sendable {
    let nonce: String
    let codeVerifier: String
}

/// Proof Key for Code Exchange (RFC 7636): the S256 challenge sent at the start for the verifier kept here.
enum PKCE {
    static func challenge(for verifier: String) -> String {
        Base64URL.encode(Data(SHA256.hash(data: Data(verifier.utf8))))
    }
}
