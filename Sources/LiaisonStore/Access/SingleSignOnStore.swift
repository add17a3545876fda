import Foundation
import LiaisonCore
import SQLKit

/// A sign-in started at an organisation's provider and not yet back: what the callback must match. Kept by the
/// hash of its `state`; used once.
package struct PendingSignIn: Sendable, Equatable {
    package let organisationID: Organisation.ID
    /// Hash of the secret in this browser's sign-in cookie: a callback from another browser is refused.
    package let browserHash: String
    package let nonce: String
    package let codeVerifier: String
    package let next: String

    package init(
        organisationID: Organisation.ID, browserHash: String, nonce: String, codeVerifier: String, next: String
    ) {
        self.organisationID = organisationID
        self.browserHash = browserHash
        self.nonce = nonce
        self.codeVerifier = codeVerifier
        self.next = next
    }
}

/// An organisation whose staff can sign in through its provider, as the sign-in page offers it.
package struct SingleSignOnChoice: Sendable, Equatable {
    package let organisationID: Organisation.ID
    package let name: String
}

/// Single sign-on with OpenID Connect: each organisation's provider, the subject each account is linked to, and
/// the state of sign-ins in progress. Configuration and linking are decided by `AccessPolicy` and audited.
package protocol SingleSignOnStore: Sendable {
    func provider(of organisation: Organisation.ID) async throws -> IdentityProvider?
    /// Active organisations with a provider, by name.
    func choices() async throws -> [SingleSignOnChoice]
    /// Sets (or replaces) an organisation's provider. `expected` is nil for the first one.
    func setProvider(
        _ draft: IdentityProviderDraft, for organisation: Organisation.ID, expected: ExpectedVersion?,
        by who: Attribution
    ) async throws -> IdentityProvider
    /// Links an account to a subject at its organisation's provider (nil unlinks). A subject links one account. At
    /// the account's version `expected` (the account's version moves on); nil, for the command line, whatever it is.
    func link(_ user: User.ID, subject: String?, expected: ExpectedVersion?, by who: Attribution) async throws
    /// The account linked to `subject` at `organisation`'s provider, active or not.
    func user(subject: String, in organisation: Organisation.ID) async throws -> User?
    /// Keeps a sign-in in progress under the hash of its state (and clears those a day old).
    func begin(stateHash: String, _ pending: PendingSignIn) async throws
    /// Takes a sign-in in progress, in one statement: the first call within its lifetime gets it, every later one
    /// (a replayed callback) gets nil.
    func consume(stateHash: String) async throws -> PendingSignIn?
    /// Audits a refused single sign-on (`user.sso_refused`, the reason in the event).
    func refuse(
        _ refusal: SingleSignOnRefusal, organisation: Organisation.ID?, subject: String?, by who: Attribution
    ) async throws
}

/// `SingleSignOnStore` over SQLKit.
package struct SQLSingleSignOnStore: SingleSignOnStore {
    let database: Database
    let audit: AuditLog
    let clock: Clock

    package func provider(of organisation: Organisation.ID) async throws -> IdentityProvider? {
        try await database.withConnection { db in try await Self.provider(of: organisation, on: db) }
    }

    static func provider(of organisation: Organisation.ID, on db: any SQLDatabase) async throws -> IdentityProvider? {
        guard
            let row = try await db.select().columns("issuer", "client_id", "client_secret", "version")
                .from("identity_providers").where("organisation_id", .equal, organisation.rawValue).first()
        else { return nil }
        return IdentityProvider(
            organisationID: organisation, issuer: try row.decode(column: "issuer", as: String.self),
            clientID: try row.decode(column: "client_id", as: String.self),
            clientSecret: try row.decode(column: "client_secret", as: String?.self),
            version: try row.decode(column: "version", as: Int.self))
    }

    package func choices() async throws -> [SingleSignOnChoice] {
        try await database.withConnection { db in
            try await db.select().column(SQLColumn("id", table: "organisations")).column("name")
                .from("identity_providers")
                .join(
                    "organisations", on: SQLColumn("id", table: "organisations"), .equal,
                    SQLColumn("organisation_id", table: "identity_providers")
                )
                .where(SQLColumn("is_active", table: "organisations"), .equal, SQLBind(true))
                .orderBy("name").all()
                .map {
                    SingleSignOnChoice(
                        organisationID: .init(try $0.decode(column: "id", as: String.self)),
                        name: try $0.decode(column: "name", as: String.self))
                }
        }
    }

    package func setProvider(
        _ draft: IdentityProviderDraft, for organisation: Organisation.ID, expected: ExpectedVersion?,
        by who: Attribution
    ) async throws -> IdentityProvider {
        let values = try draft.validated()
        let now = Timestamp.text(clock.now())
        return try await database.transaction { db in
            try AccessPolicy.require(who.actor, .manageOrganisation(organisation))
            let current = try await Self.provider(of: organisation, on: db)
            if let current {
                // Replacing a provider needs the version read: a stale form never overwrites a newer setting.
                guard let expected, expected.value == current.version else {
                    throw DomainError.staleVersion(current: current.version)
                }
                // A blank secret keeps the one already held (it is never shown back). The version read is asked
                // again in the update: under PostgreSQL's read committed, two saves that both read it would
                // otherwise both pass the check above.
                let moved = try await db.update("identity_providers").set("issuer", to: values.issuer)
                    .set("client_id", to: values.clientID)
                    .set("client_secret", to: values.clientSecret ?? current.clientSecret)
                    .set("updated_at", to: now).set("version", to: current.version + 1)
                    .where("organisation_id", .equal, organisation.rawValue)
                    .where("version", .equal, current.version).returning("version").all()
                if moved.isEmpty {
                    throw DomainError.staleVersion(
                        current: try await Self.provider(of: organisation, on: db)?.version ?? current.version)
                }
            } else {
                try await db.insert(into: "identity_providers")
                    .columns("organisation_id", "issuer", "client_id", "client_secret", "updated_at", "version")
                    .values(
                        SQLBind(organisation.rawValue), SQLBind(values.issuer), SQLBind(values.clientID),
                        SQLBind(values.clientSecret), SQLBind(now), SQLBind(1)
                    ).run()
            }
            let audited = Attribution(who.actor, requestID: who.requestID, reason: values.issuer)
            try await audit.append(
                audited.entry("organisation.identity_provider", "organisation", organisation.rawValue), on: db)
            guard let saved = try await Self.provider(of: organisation, on: db) else {
                throw DomainError.notFound(what: "identity provider")
            }
            return saved
        }
    }

    package func link(_ user: User.ID, subject: String?, expected: ExpectedVersion?, by who: Attribution) async throws {
        let subject = subject.map(Text.tidy).flatMap { $0.isEmpty ? nil : $0 }
        if let subject, subject.count > 255 {
            throw ValidationFailure(field: "subject", message: "A subject is 255 characters or fewer")
        }
        try await database.changingCredentials { db in
            guard let account = try await SQLUserStore.find(user, on: db) else {
                throw DomainError.notFound(what: "user")
            }
            try AccessPolicy.require(who.actor, .linkSingleSignOn(of: user, in: account.organisationID))
            // A stale form is a conflict before anything it says is checked against the accounts as they are now.
            if let expected, expected.value != account.version {
                throw DomainError.staleVersion(current: account.version)
            }
            if let subject,
                let holder = try await Self.user(subject: subject, in: account.organisationID, on: db),
                holder.id != user
            {
                throw ValidationFailure(
                    field: "subject", message: "This subject is already linked to \(holder.displayName)'s account")
            }
            _ = try await Records.update(
                db, table: "users", id: user.rawValue, expected: expected?.value ?? account.version, now: clock.now(),
                changes: [("sso_subject", subject)])
            try await audit.append(
                who.entry(subject == nil ? "user.sso_unlink" : "user.sso_link", "user", user.rawValue), on: db)
        }
    }

    package func user(subject: String, in organisation: Organisation.ID) async throws -> User? {
        try await database.withConnection { db in try await Self.user(subject: subject, in: organisation, on: db) }
    }

    static func user(subject: String, in organisation: Organisation.ID, on db: any SQLDatabase) async throws -> User? {
        guard
            let id = try await db.select().column("id").from("users")
                .where("organisation_id", .equal, organisation.rawValue).where("sso_subject", .equal, subject)
                .first()?.decode(column: "id", as: String.self)
        else { return nil }
        return try await SQLUserStore.find(User.ID(id), on: db)
    }

    package func begin(stateHash: String, _ pending: PendingSignIn) async throws {
        let now = clock.now()
        try await database.transaction { db in
            try await db.delete(from: "sso_sign_ins")
                .where("created_at", .lessThan, Timestamp.text(now.addingTimeInterval(-86_400))).run()
            try await db.insert(into: "sso_sign_ins")
                .columns(
                    "state_hash", "organisation_id", "browser_hash", "nonce", "code_verifier", "next", "created_at",
                    "used_at"
                )
                .values(
                    SQLBind(stateHash), SQLBind(pending.organisationID.rawValue), SQLBind(pending.browserHash),
                    SQLBind(pending.nonce), SQLBind(pending.codeVerifier), SQLBind(pending.next),
                    SQLBind(Timestamp.text(now)), SQLBind(String?.none)
                ).run()
        }
    }

    package func consume(stateHash: String) async throws -> PendingSignIn? {
        let now = clock.now()
        let oldest = Timestamp.text(now.addingTimeInterval(-SingleSignOnRefusal.stateLifetime))
        return try await database.withConnection { db in
            try await db.update("sso_sign_ins").set("used_at", to: Timestamp.text(now))
                .where("state_hash", .equal, stateHash).where("used_at", .is, SQLLiteral.null)
                .where("created_at", .greaterThanOrEqual, oldest)
                .returning("organisation_id", "browser_hash", "nonce", "code_verifier", "next").first()
                .map {
                    PendingSignIn(
                        organisationID: .init(try $0.decode(column: "organisation_id", as: String.self)),
                        browserHash: try $0.decode(column: "browser_hash", as: String.self),
                        nonce: try $0.decode(column: "nonce", as: String.self),
                        codeVerifier: try $0.decode(column: "code_verifier", as: String.self),
                        next: try $0.decode(column: "next", as: String.self))
                }
        }
    }

    package func refuse(
        _ refusal: SingleSignOnRefusal, organisation: Organisation.ID?, subject: String?, by who: Attribution
    ) async throws {
        var reason = refusal.rawValue
        if let subject { reason += " subject=" + String(subject.prefix(255)) }
        let audited = Attribution(who.actor, requestID: who.requestID, reason: reason)
        try await database.transaction { db in
            try await audit.append(
                audited.entry("user.sso_refused", "organisation", organisation?.rawValue ?? "-"), on: db)
        }
    }
}
