import JSON

/// An attribute path resolved against a resource type: where the attribute lives in a resource, and its definition.
public struct ResolvedAttribute: Sendable {
    /// The extension URN whose object holds the attribute, or nil for core and common attributes.
    public var extensionURN: String?
    public var attribute: SCIMAttribute
    public var subAttribute: SCIMAttribute?

    /// The object holding the attribute within `resource` (the resource itself or its extension object).
    public func container(in resource: JSONObject) -> JSONObject? {
        guard let extensionURN else { return resource }
        return resource[extensionURN]?.objectValue
    }

    /// Whether some value that `values(in:)` would list satisfies `test`, without collecting them (filters test every
    /// resource of a list this way).
    public func containsValue(in resource: JSONObject, where test: (JSON) -> Bool) -> Bool {
        guard let value = container(in: resource)?[attribute.name], value != .null else { return false }
        guard attribute.multiValued else { return elementValue(value, test) }
        guard case .array(let elements) = value else { return false }
        return elements.contains { elementValue($0, test) }
    }

    private func elementValue(_ element: JSON, _ test: (JSON) -> Bool) -> Bool {
        guard let subAttribute else { return test(element) }
        guard let sub = element[subAttribute.name], sub != .null else { return false }
        return test(sub)
    }

    /// The values this path designates in `resource`: each element of a multi-valued attribute, and the sub-attribute
    /// of each (when given). Null and absent values are skipped.
    public func values(in resource: JSONObject) -> [JSON] {
        guard let value = container(in: resource)?[attribute.name], value != .null else { return [] }
        let elements = attribute.multiValued ? (value.arrayValue ?? []) : [value]
        guard let subAttribute else { return elements }
        return elements.compactMap { element in
            guard let sub = element[subAttribute.name], sub != .null else { return nil }
            return sub
        }
    }

    /// The definition that governs comparisons of `values(in:)`.
    public var comparedAttribute: SCIMAttribute { subAttribute ?? attribute }

    public var description: String {
        (extensionURN.map { $0 + ":" } ?? "") + attribute.name + (subAttribute.map { "." + $0.name } ?? "")
    }
}
