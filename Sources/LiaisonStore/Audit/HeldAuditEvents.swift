import Foundation
import LiaisonCore
import Synchronization

/// The audit events one write transaction appended inside a group commit, waiting to be chained with the rest of
/// the group just before its commit. A transaction that fails drops its own, with its savepoint.
final class HeldAuditEvents: Sendable {
    /// An event and the time it happened (its store's clock, read when it was appended).
    struct Event: Sendable {
        let entry: AuditEntry
        let occurredAt: Date
    }

    private let held = Mutex<[Event]>([])

    func add(_ events: [Event]) { held.withLock { $0.append(contentsOf: events) } }

    var events: [Event] { held.withLock { $0 } }
}
