import Foundation

/// The second factor of a local account: a time-based one-time code (TOTP, RFC 6238) from an authenticator app,
/// or one of ten single-use recovery codes. An organisation can require it of some roles (the demo: administrators
/// and team managers); an administrator of the same organisation can make a user enrol again.
package enum SecondFactor {
    /// TOTP time step, in seconds.
    package static let step = 30
    /// Codes from one step either side are accepted (clock drift); each step's code works once.
    package static let window = 1
    package static let recoveryCodeCount = 10

    /// The TOTP time step at `date`.
    package static func step(at date: Date) -> Int { Int(date.timeIntervalSince1970) / step }

    /// A typed code tidied: digits only ("123 456" → "123456"), or nil if it cannot be a TOTP code.
    package static func totpCode(_ typed: String) -> String? {
        let digits = typed.filter { !$0.isWhitespace && $0 != "-" }
        return digits.count == 6 && digits.allSatisfy(\.isASCII) && digits.allSatisfy(\.isNumber) ? digits : nil
    }

    /// A typed recovery code tidied for comparison: lower case, no spaces or dashes.
    package static func recoveryCode(_ typed: String) -> String {
        typed.lowercased().filter { $0.isLetter || $0.isNumber }
    }

    /// True when the organisation requires a second factor of someone holding `roles`.
    package static func isRequired(of roles: Set<Role>, by required: Set<Role>) -> Bool {
        !roles.isDisjoint(with: required)
    }
}
