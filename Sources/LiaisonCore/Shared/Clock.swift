import Foundation

/// Where "now" comes from: the system clock in service, a fixed one in tests.
package struct Clock: Sendable {
    private let read: @Sendable () -> Date

    package init(_ read: @escaping @Sendable () -> Date) { self.read = read }

    package func now() -> Date { read() }

    /// The real clock, to the millisecond (what storage keeps).
    package static let system = Clock {
        Date(timeIntervalSince1970: (Date().timeIntervalSince1970 * 1000).rounded(.down) / 1000)
    }
}

/// Makes new record identifiers: random UUIDs in service, a counter in tests.
package struct IDGenerator: Sendable {
    private let make: @Sendable () -> String

    package init(_ make: @escaping @Sendable () -> String) { self.make = make }

    package func next<Tag>() -> TypedID<Tag> { TypedID(make()) }

    package func nextRaw() -> String { make() }

    package static let random = IDGenerator { UUID().uuidString.lowercased() }
}
