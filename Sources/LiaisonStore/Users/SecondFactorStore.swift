import Foundation
import LiaisonCore
import SQLKit

/// A user's second factor as stored: the TOTP secret, whether its enrolment was confirmed, the last step used.
package struct SecondFactorState: Sendable, Equatable {
    package let secret: String?
    package let isConfirmed: Bool
    package let lastStep: Int?
}

/// The second factor of local accounts (`SecondFactor`): enrolment, single use of each code and recovery code,
/// an administrator's reset, and the roles an organisation requires it of. Every change is audited.
package protocol SecondFactorStore: Sendable {
    func state(of user: User.ID) async throws -> SecondFactorState
    /// Keeps a new secret for an enrolment not yet confirmed (refused once confirmed: reset first).
    func startEnrolment(_ user: User.ID, secret: String, by who: Attribution) async throws
    /// Confirms enrolment with the step of the first code and keeps the recovery codes' hashes. Every other session
    /// of the user ends (`keeping` the one that enrolled): one signed in with the password alone before the second
    /// factor existed must not become a full session by its enrolment. Only for `secret`, the one the code was
    /// checked against: if the page was shown again meanwhile (a new secret), it is refused, never confirmed on a
    /// secret the user's app did not scan.
    func confirmEnrolment(
        _ user: User.ID, secret: String, step: Int, recoveryCodeHashes: [String], keeping session: String?,
        by who: Attribution
    ) async throws
    /// Uses a TOTP step, in one statement: true once per step and only for a step later than the last one used.
    func useStep(_ user: User.ID, step: Int) async throws -> Bool
    /// Uses a recovery code (its hash), in one statement: true once.
    func useRecoveryCode(_ user: User.ID, hash: String, by who: Attribution) async throws -> Bool
    /// An administrator of the user's organisation (not the user) clears the second factor: they enrol again.
    /// At the account's version `expected`: a reset from a page opened before the user enrolled (or was
    /// changed) is stale, so it never wipes an enrolment made since.
    func reset(_ user: User.ID, expected: ExpectedVersion, by who: Attribution) async throws
    func requiredRoles(of organisation: Organisation.ID) async throws -> Set<Role>
    /// Sets the roles that must use a second factor, at the organisation's version `expected` (a stale form never
    /// overwrites a newer choice; the organisation's version moves on). Nil, for the command line and the demo,
    /// sets it whatever the version.
    func setRequiredRoles(
        _ roles: Set<Role>, of organisation: Organisation.ID, expected: ExpectedVersion?, by who: Attribution
    ) async throws
}

extension SQLUserStore: SecondFactorStore {
    package func state(of user: User.ID) async throws -> SecondFactorState {
        try await database.withConnection { db in
            guard
                let row = try await db.select().columns("totp_secret", "totp_confirmed_at", "totp_last_step")
                    .from("users").where("id", .equal, user.rawValue).first()
            else { throw DomainError.notFound(what: "user") }
            return SecondFactorState(
                secret: try row.decode(column: "totp_secret", as: String?.self),
                isConfirmed: try row.decode(column: "totp_confirmed_at", as: String?.self) != nil,
                lastStep: try row.decode(column: "totp_last_step", as: Int?.self))
        }
    }

    package func startEnrolment(_ user: User.ID, secret: String, by who: Attribution) async throws {
        try await database.transaction { db in
            let rows = try await db.update("users").set("totp_secret", to: secret)
                .where("id", .equal, user.rawValue).where("totp_confirmed_at", .is, SQLLiteral.null)
                .returning("id").all()
            guard !rows.isEmpty else {
                throw DomainError.ruleBroken("A second factor is already set up: an administrator can reset it")
            }
            try await audit.append(who.entry("user.second_factor_start", "user", user.rawValue), on: db)
        }
    }

    package func confirmEnrolment(
        _ user: User.ID, secret: String, step: Int, recoveryCodeHashes: [String], keeping session: String?,
        by who: Attribution
    ) async throws {
        let now = Timestamp.text(clock.now())
        try await database.changingCredentials { db in
            // A new version of the account: a reset from a page opened before this enrolment is then stale.
            let rows = try await db.update("users").set("totp_confirmed_at", to: now).set("totp_last_step", to: step)
                .set("version", to: SQLRaw("version + 1")).set("updated_at", to: now)
                .where("id", .equal, user.rawValue).where("totp_confirmed_at", .is, SQLLiteral.null)
                .where("totp_secret", .equal, secret).returning("id").all()
            guard !rows.isEmpty else { throw DomainError.ruleBroken("Start setting up the second factor again") }
            try await db.delete(from: "recovery_codes").where("user_id", .equal, user.rawValue).run()
            for hash in recoveryCodeHashes {
                try await db.insert(into: "recovery_codes").columns("user_id", "code_hash", "created_at", "used_at")
                    .values(SQLBind(user.rawValue), SQLBind(hash), SQLBind(now), SQLBind(String?.none)).run()
            }
            try await SQLSessionStore.endAll(of: user, at: clock.now(), except: session, on: db)
            try await audit.append(who.entry("user.second_factor_enrol", "user", user.rawValue), on: db)
        }
    }

    package func useStep(_ user: User.ID, step: Int) async throws -> Bool {
        try await database.withConnection { db in
            try await db.raw(
                """
                UPDATE users SET totp_last_step = \(bind: step) WHERE id = \(bind: user.rawValue) \
                AND totp_confirmed_at IS NOT NULL AND (totp_last_step IS NULL OR totp_last_step < \(bind: step)) \
                RETURNING id
                """
            ).first() != nil
        }
    }

    package func useRecoveryCode(_ user: User.ID, hash: String, by who: Attribution) async throws -> Bool {
        let now = Timestamp.text(clock.now())
        return try await database.transaction { db in
            let used = try await db.update("recovery_codes").set("used_at", to: now)
                .where("user_id", .equal, user.rawValue).where("code_hash", .equal, hash)
                .where("used_at", .is, SQLLiteral.null).returning("user_id").all()
            if !used.isEmpty {
                try await audit.append(who.entry("user.recovery_code_used", "user", user.rawValue), on: db)
            }
            return !used.isEmpty
        }
    }

    package func reset(_ user: User.ID, expected: ExpectedVersion, by who: Attribution) async throws {
        let now = clock.now()
        try await database.changingCredentials { db in
            guard let account = try await Self.find(user, on: db) else { throw DomainError.notFound(what: "user") }
            try AccessPolicy.require(who.actor, .resetSecondFactor(of: user, in: account.organisationID))
            _ = try await Records.update(
                db, table: "users", id: user.rawValue, expected: expected.value, now: now,
                set: ["totp_secret": String?.none, "totp_confirmed_at": String?.none, "totp_last_step": Int?.none])
            try await db.delete(from: "recovery_codes").where("user_id", .equal, user.rawValue).run()
            try await SQLSessionStore.endAll(of: user, at: now, on: db)
            try await audit.append(who.entry("user.second_factor_reset", "user", user.rawValue), on: db)
        }
    }

    package func requiredRoles(of organisation: Organisation.ID) async throws -> Set<Role> {
        try await database.withConnection { db in
            let text = try await db.select().column("second_factor_roles").from("organisations")
                .where("id", .equal, organisation.rawValue).first()?
                .decode(column: "second_factor_roles", as: String?.self)
            return try Self.roles(from: text, column: "second_factor_roles")
        }
    }

    package func setRequiredRoles(
        _ roles: Set<Role>, of organisation: Organisation.ID, expected: ExpectedVersion?, by who: Attribution
    ) async throws {
        try await database.changingCredentials { db in
            try AccessPolicy.require(who.actor, .manageOrganisation(organisation))
            guard
                let current = try await db.select().column("version").from("organisations")
                    .where("id", .equal, organisation.rawValue).first()?.decode(column: "version", as: Int.self)
            else { throw DomainError.notFound(what: "organisation") }
            _ = try await Records.update(
                db, table: "organisations", id: organisation.rawValue, expected: expected?.value ?? current,
                now: clock.now(), changes: [("second_factor_roles", Self.roles(roles))])
            let audited = Attribution(who.actor, requestID: who.requestID, reason: Self.roles(roles))
            try await audit.append(
                audited.entry("organisation.second_factor_roles", "organisation", organisation.rawValue), on: db)
        }
    }
}
