import Foundation
import LiaisonCore
import LiaisonStore

/// The JSON API: implements the protocol generated from `openapi.yaml`. Each feature's handlers live in an
/// extension in that feature's folder (`Sites/SiteAPI.swift`, …); errors are thrown and mapped to
/// `application/problem+json` by `ErrorMiddleware`.
struct LiaisonAPI: APIProtocol {
    let stores: Stores
    let hasher: PasswordHasher

    /// Throws 404 for a missing record.
    func found<T>(_ record: T?, _ what: String) throws -> T {
        guard let record else { throw DomainError.notFound(what: what) }
        return record
    }
}
