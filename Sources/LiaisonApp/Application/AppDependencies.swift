import Foundation
import LiaisonCore
import LiaisonStore
import Logging

/// Everything the web app needs from outside, built once at start-up (by `liaison serve` or a test).
package struct AppDependencies: Sendable {
    package let stores: Stores
    package let clock: Clock
    package let hasher: PasswordHasher
    /// Set the Secure flag on cookies: on whenever the service is reached over TLS.
    package let secureCookies: Bool
    /// The address people reach this service at (scheme, host, port), for the single sign-on redirect address.
    package let publicURL: String

    package init(
        stores: Stores, hasher: PasswordHasher = PasswordHasher(), secureCookies: Bool,
        publicURL: String = "http://127.0.0.1:8080"
    ) {
        self.stores = stores
        var publicURL = publicURL
        while publicURL.hasSuffix("/") { publicURL.removeLast() }
        self.publicURL = publicURL
        self.clock = stores.clock
        self.hasher = hasher
        self.secureCookies = secureCookies
    }
}

/// Where to listen and where the templates are; `liaison serve` conforms, tests pass a small struct.
package protocol AppArguments: Sendable {
    var hostname: String { get }
    var port: Int { get }
}
