/// The version a form or API client read, checked on save so a stale edit never overwrites a newer one.
package struct ExpectedVersion: Sendable, Hashable {
    package let value: Int

    package init(_ value: Int) { self.value = value }
}
