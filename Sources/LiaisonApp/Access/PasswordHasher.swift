import Foundation
import HummingbirdBcrypt
import NIOPosix

/// bcrypt hashing off the event loop. The cost is a setting so tests can use the minimum.
package struct PasswordHasher: Sendable {
    package let cost: UInt8

    /// A hash of a random secret, checked when the email is unknown so timing does not reveal which accounts exist.
    let decoy: String

    package init(cost: UInt8 = 12) {
        self.cost = cost
        self.decoy = Bcrypt.hash(UUID().uuidString, cost: cost)
    }

    package func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    package func verify(_ password: String, against hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}
