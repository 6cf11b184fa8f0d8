import JSON

/// A filter whose attribute paths are resolved against one resource type, ready to test resources
/// (RFC 7644 §3.4.2.2 semantics: a multi-valued attribute matches when any of its values does).
public struct CompiledFilter: Sendable {
    indirect enum Node: Sendable {
        case compare(Accessor, ComparisonOperator, JSON, SCIMAttribute)
        case present(Accessor)
        case and(Node, Node)
        case or(Node, Node)
        case not(Node)
        /// The values of the accessor (objects) of which at least one must match the inner node.
        case valuePath(Accessor, Node)
    }

    /// Where the compared values come from: a path from the resource, or a sub-attribute of an element inside `[...]`.
    enum Accessor: Sendable {
        case resource(ResolvedAttribute)
        case element(SCIMAttribute)

        /// Whether some value the accessor designates in `object` satisfies `test`.
        func contains(in object: JSONObject, where test: (JSON) -> Bool) -> Bool {
            switch self {
            case .resource(let resolved): return resolved.containsValue(in: object, where: test)
            case .element(let attribute):
                guard let value = object[attribute.name], value != .null else { return false }
                guard attribute.multiValued else { return test(value) }
                guard case .array(let elements) = value else { return false }
                return elements.contains(where: test)
            }
        }
    }

    let root: Node
    /// Whether some path names `id` or `meta`, which are not in a resource's stored body.
    public let readsServerAttributes: Bool
    /// When the filter is `attr eq "value"` on an attribute with server uniqueness, that attribute and the value:
    /// the store answers it from its index.
    public let uniqueLookup: (attribute: ResolvedAttribute, value: String)?

    /// Resolves every path of `filter`; unknown attributes and inapplicable operators are `invalidFilter` errors.
    public init(_ filter: Filter, for definition: ResourceDefinition) throws(SCIMError) {
        root = try Self.compile(filter, definition, scope: nil)
        readsServerAttributes = Self.names(filter, where: StoredResource.isServerAttribute)
        if case .compare(let path, .eq, .string(let value)) = filter, let resolved = definition.resolveAttribute(path),
            resolved.subAttribute == nil, resolved.extensionURN == nil, !resolved.attribute.multiValued,
            resolved.attribute.uniqueness != .none || resolved.attribute.name == "id"
        {
            uniqueLookup = (resolved, value)
        } else {
            uniqueLookup = nil
        }
    }

    /// A value filter (the `[...]` of a PATCH path) over the elements of the complex `attribute`.
    public init(
        valueFilter filter: Filter, of attribute: SCIMAttribute, for definition: ResourceDefinition
    ) throws(SCIMError) {
        root = try Self.compile(filter, definition, scope: attribute)
        readsServerAttributes = false
        uniqueLookup = nil
    }

    /// Whether `resource` (a full resource object, with `id` and `meta`) matches.
    public func matches(_ resource: JSONObject) -> Bool {
        Self.evaluate(root, resource)
    }

    /// Whether a stored resource matches, without copying its body unless the filter reads `id` or `meta`.
    public func matches(_ resource: borrowing StoredResource) -> Bool {
        Self.evaluate(root, readsServerAttributes ? resource.filterable : resource.body)
    }

    private static func names(_ filter: Filter, where test: (AttributePath) -> Bool) -> Bool {
        switch filter {
        case .compare(let path, _, _), .present(let path): return test(path)
        case .valuePath(let path, _): return test(path)
        case .and(let a, let b), .or(let a, let b): return names(a, where: test) || names(b, where: test)
        case .not(let inner): return names(inner, where: test)
        }
    }

    private static func evaluate(_ node: Node, _ object: JSONObject) -> Bool {
        switch node {
        case .compare(let accessor, let op, let operand, let attribute):
            if operand == .null {
                let hasValue = accessor.contains(in: object) { _ in true }
                return op == .eq ? !hasValue : hasValue
            }
            if op == .ne {
                return !accessor.contains(in: object) { ValueComparison.matches($0, .eq, operand, attribute) }
            }
            return accessor.contains(in: object) { ValueComparison.matches($0, op, operand, attribute) }
        case .present(let accessor):
            return accessor.contains(in: object) { value in
                switch value {
                case .string(let text): return !text.isEmpty
                case .array(let elements): return !elements.isEmpty
                case .object(let members): return !members.isEmpty
                default: return true
                }
            }
        case .and(let a, let b): return evaluate(a, object) && evaluate(b, object)
        case .or(let a, let b): return evaluate(a, object) || evaluate(b, object)
        case .not(let inner): return !evaluate(inner, object)
        case .valuePath(let accessor, let inner):
            return accessor.contains(in: object) { element in
                guard case .object(let members) = element else { return false }
                return evaluate(inner, members)
            }
        }
    }

    /// `scope` is the complex attribute of an enclosing value path, whose sub-attributes the paths name.
    private static func compile(
        _ filter: Filter, _ definition: ResourceDefinition, scope: SCIMAttribute?
    ) throws(SCIMError) -> Node {
        switch filter {
        case .and(let a, let b):
            return .and(try compile(a, definition, scope: scope), try compile(b, definition, scope: scope))
        case .or(let a, let b):
            return .or(try compile(a, definition, scope: scope), try compile(b, definition, scope: scope))
        case .not(let inner): return .not(try compile(inner, definition, scope: scope))
        case .present(let path):
            return .present(try accessor(path, definition, scope: scope, comparing: false).accessor)
        case .compare(let path, let op, let operand):
            let (accessor, attribute) = try accessor(path, definition, scope: scope, comparing: true)
            try ValueComparison.checkOperand(op, operand, attribute, path: path.description)
            return .compare(accessor, op, operand, attribute)
        case .valuePath(let path, let inner):
            guard let resolved = definition.resolveAttribute(path) else { throw unknown(path, definition) }
            guard resolved.attribute.type == .complex else {
                throw .invalidFilter("\"\(path)\" is not a complex attribute, so it takes no value filter")
            }
            return .valuePath(.resource(resolved), try compile(inner, definition, scope: resolved.attribute))
        }
    }

    private static func accessor(
        _ path: AttributePath, _ definition: ResourceDefinition, scope: SCIMAttribute?,
        comparing: Bool
    ) throws(SCIMError) -> (accessor: Accessor, attribute: SCIMAttribute) {
        if let scope {
            guard path.schema == nil, path.subAttribute == nil, let sub = scope.subAttribute(named: path.name) else {
                throw .invalidFilter("\"\(path)\" is not a sub-attribute of \"\(scope.name)\"")
            }
            return (.element(sub), sub)
        }
        guard var resolved = definition.resolveAttribute(path) else { throw unknown(path, definition) }
        if comparing && resolved.subAttribute == nil && resolved.attribute.type == .complex {
            // RFC 7644 §3.4.2.2: a complex attribute without a sub-attribute is compared through its `value`.
            guard let value = resolved.attribute.subAttribute(named: "value") else {
                throw .invalidFilter(
                    "The complex attribute \"\(path)\" cannot be compared; name one of its sub-attributes")
            }
            resolved.subAttribute = value
        }
        return (.resource(resolved), resolved.comparedAttribute)
    }

    private static func unknown(_ path: AttributePath, _ definition: ResourceDefinition) -> SCIMError {
        .invalidFilter("\"\(path)\" is not an attribute of \(definition.type.name)")
    }
}
