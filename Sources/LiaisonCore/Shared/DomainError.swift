/// The errors Core and Store throw; LiaisonApp maps them to pages and problem documents in one place.
package enum DomainError: Error, Sendable, Equatable {
    /// The record does not exist (or the user may not know that it does).
    case notFound(what: String)
    /// The user may not do this; `reason` is shown to them. `personID` names the record refused, for the audit.
    case forbidden(reason: String, personID: Person.ID? = nil)
    /// Someone else saved the record since it was read; `current` is the version now stored.
    case staleVersion(current: Int)
    /// The change breaks a rule of the service (for example deactivating your own account).
    case ruleBroken(String)
}
