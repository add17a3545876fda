import Foundation

/// An organisation's OpenID Connect identity provider (NHS CIS2, Microsoft Entra ID, …): its staff sign in there
/// and come back with an ID token. One per organisation; local accounts keep working beside it.
package struct IdentityProvider: Sendable, Equatable {
    package let organisationID: Organisation.ID
    /// The issuer exactly as the provider names itself (`iss`); discovery is read from below it.
    package let issuer: String
    package let clientID: String
    /// The client secret, when the provider issued one (confidential client); PKCE is used either way.
    package let clientSecret: String?
    package let version: Int

    package init(organisationID: Organisation.ID, issuer: String, clientID: String, clientSecret: String?, version: Int)
    {
        self.organisationID = organisationID
        self.issuer = issuer
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.version = version
    }
}

/// What an administrator (or `liaison sso set`) types to configure a provider, checked before it is kept.
package struct IdentityProviderDraft: Sendable {
    package var issuer: String
    package var clientID: String
    package var clientSecret: String?

    package init(issuer: String, clientID: String, clientSecret: String?) {
        self.issuer = issuer
        self.clientID = clientID
        self.clientSecret = clientSecret
    }

    /// The issuer must be https (plain http only on this machine, for development and tests), with no query or
    /// fragment; the client id is required.
    package func validated() throws(ValidationFailure) -> IdentityProviderDraft {
        var problems = ProblemList()
        let issuer = Text.tidy(issuer).trimmingSuffix("/")
        let clientID = Text.tidy(clientID)
        let secret = clientSecret.map(Text.tidy).flatMap { $0.isEmpty ? nil : $0 }
        if !Self.isAcceptable(issuer: issuer) {
            problems.add(
                "issuer",
                "Enter the provider's issuer URL, starting https:// (for example https://login.microsoftonline.com/<tenant>/v2.0)"
            )
        }
        if clientID.isEmpty || clientID.count > 200 {
            problems.add("clientID", "Enter the client ID the provider gave Liaison, in 200 characters or fewer")
        }
        if let secret, secret.count > 500 { problems.add("clientSecret", "A client secret is 500 characters or fewer") }
        if !problems.problems.isEmpty { throw ValidationFailure(problems.problems) }
        return IdentityProviderDraft(issuer: issuer, clientID: clientID, clientSecret: secret)
    }

    static let loopback: Set<String> = ["127.0.0.1", "localhost", "[::1]", "::1"]

    /// https with a host and nothing after the path; plain http only on this machine.
    static func isAcceptable(issuer: String) -> Bool {
        guard let url = URLComponents(string: issuer), let scheme = url.scheme?.lowercased(), let host = url.host,
            !host.isEmpty, url.query == nil, url.fragment == nil, url.user == nil
        else { return false }
        return scheme == "https" || (scheme == "http" && loopback.contains(host.lowercased()))
    }
}

/// Why a single sign-on was refused. Each is audited; the person is told what they can do about it, never more
/// than they need (the subject only when it is theirs to pass to an administrator).
package enum SingleSignOnRefusal: String, Sendable, Error, Equatable {
    /// The callback's state is unknown, used already, too old, or was started in another browser.
    case replayedOrForeign = "replayed_or_foreign"
    /// The provider said no, or could not be reached, or answered with something that is not an ID token.
    case providerFailed = "provider_failed"
    case badSignature = "bad_signature"
    case wrongIssuer = "wrong_issuer"
    case wrongAudience = "wrong_audience"
    case expired = "expired"
    case nonceMismatch = "nonce_mismatch"
    /// The subject is linked to no Liaison account of this organisation.
    case unknownSubject = "unknown_subject"
    /// The linked account is disabled.
    case accountInactive = "account_inactive"

    /// What the refusal page says.
    package var message: String {
        switch self {
        case .replayedOrForeign:
            "This sign-in link has been used already, is more than 10 minutes old, or was started in another browser. Start again."
        case .providerFailed:
            "Your organisation's sign-in service did not complete the sign-in. Start again; if it keeps happening, tell your administrator."
        case .badSignature, .wrongIssuer, .wrongAudience, .expired, .nonceMismatch:
            "The answer from your organisation's sign-in service could not be trusted, so you are not signed in. Start again; if it keeps happening, tell your administrator."
        case .unknownSubject:
            "Your organisation's account is not linked to a Liaison account. Ask your Liaison administrator to link it, giving them the identifier below."
        case .accountInactive:
            "Your Liaison account is disabled. Ask your Liaison administrator."
        }
    }

    /// How long a sign-in may take at the provider before its state is refused.
    package static let stateLifetime: TimeInterval = 600
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        var result = self
        while result.hasSuffix(suffix) { result.removeLast(suffix.count) }
        return result
    }
}
