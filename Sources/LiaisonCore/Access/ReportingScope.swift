/// Whose work an outcome report counts. Commissioners fund the service as a whole, so an analyst studies every
/// organisation's work (aggregates and unnamed cases only); a team manager, their own organisation's.
package enum ReportingScope: Sendable, Hashable {
    case organisation(Organisation.ID)
    case service

    /// The scope `actor`'s reports cover (who may see reports at all is `Permission.viewOutcomeReporting`).
    package static func of(_ actor: Actor) -> ReportingScope {
        actor.holds(.analyst) ? .service : .organisation(actor.organisationID)
    }

    /// The organisation it is limited to, if any.
    package var organisationID: Organisation.ID? {
        if case .organisation(let id) = self { id } else { nil }
    }
}
