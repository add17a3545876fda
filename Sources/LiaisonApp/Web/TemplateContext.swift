/// Turns a page context (structs, arrays, optionals) into dictionaries and arrays once, before rendering.
/// swift-mustache looks keys up with `Mirror` on every tag and at every level of the context stack, which made
/// rendering ~80% of a page's cost; a dictionary answers each lookup directly. Nil values are left out, which is
/// what the Mirror lookup did with them too (an absent key falls through to the enclosing context).
enum TemplateContext {
    static func flatten(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            return mirror.children.first.flatMap { flatten($0.value) }
        case .struct, .class:
            var dictionary: [String: Any] = [:]
            for child in mirror.children {
                guard let label = child.label, let flattened = flatten(child.value) else { continue }
                dictionary[label] = flattened
            }
            return dictionary
        case .collection, .set:
            return mirror.children.compactMap { flatten($0.value) }
        default:
            return value
        }
    }
}
