import JSON

/// Applies PATCH operations (RFC 7644 §3.5.2) to a stored resource body, in order. The caller validates the result
/// with `ResourceValidator` and stores it only when every operation succeeded, so a PATCH is all or nothing.
///
/// `add` appends to multi-valued attributes and merges into complex ones; `replace` replaces multi-valued attributes
/// whole and merges into complex ones; `remove` deletes attributes, sub-attributes or the values a filter selects.
/// A value filter that selects nothing is `noTarget` for `add` and `replace`, and a no-op for `remove`.
public struct PatchApplier: Sendable {
    public let definition: ResourceDefinition

    public init(definition: ResourceDefinition) { self.definition = definition }

    public func apply(_ operations: [PatchOperation], to resource: JSONObject) throws(SCIMError) -> JSONObject {
        var result = resource
        for operation in operations { try apply(operation, to: &result) }
        return result
    }

    private func apply(_ operation: PatchOperation, to resource: inout JSONObject) throws(SCIMError) {
        guard let path = operation.path else {
            // add / replace without a path: the value's members are attributes (or extension objects).
            for (key, value) in operation.value?.objectValue ?? [:] {
                try applyMember(key, value, op: operation.op, to: &resource)
            }
            return
        }
        let text = operation.pathText ?? path.attribute.description
        switch definition.resolve(path.attribute) {
        case nil:
            throw .invalidPath("\"\(text)\" is not an attribute of \(definition.type.name)")
        case .extensionObject(let schema)?:
            guard path.filter == nil, path.subAttribute == nil else {
                throw .invalidPath("\"\(text)\" names a whole extension")
            }
            if operation.op == .remove {
                resource[schema.id] = nil
                return
            }
            guard case .object(let members)? = operation.value else {
                throw .invalidValue("The value for \"\(text)\" must be an object")
            }
            var object = resource[schema.id]?.objectValue ?? JSONObject()
            for (key, value) in members where !SCIMNames.equal(key, "schemas") {
                guard let attribute = schema.attribute(named: key) else {
                    throw .invalidPath("\"\(schema.id):\(key)\" is not an attribute")
                }
                guard attribute.mutability != .readOnly else { continue }
                try set(attribute, value, op: operation.op, in: &object)
            }
            resource[schema.id] = .object(object)
        case .attribute(let resolved)?:
            try applyResolved(resolved, path: path, text: text, operation: operation, to: &resource)
        }
    }

    /// One member of a path-less value: an extension object, a URN-qualified attribute, or a core attribute.
    private func applyMember(
        _ key: String, _ value: JSON, op: PatchOperation.Op, to resource: inout JSONObject
    ) throws(SCIMError) {
        if let schema = definition.extensionSchema(key) {
            guard case .object(let members) = value else { throw .invalidValue("\"\(key)\" must be an object") }
            var object = resource[schema.id]?.objectValue ?? JSONObject()
            for (name, member) in members where !SCIMNames.equal(name, "schemas") {
                guard let attribute = schema.attribute(named: name) else {
                    throw .invalidPath("\"\(schema.id):\(name)\" is not an attribute")
                }
                guard attribute.mutability != .readOnly else { continue }
                try set(attribute, member, op: op, in: &object)
            }
            resource[schema.id] = .object(object)
            return
        }
        if SCIMNames.equal(key, "externalId") {
            resource["externalId"] = value
            return
        }
        guard let path = AttributePath.parse(key), let resolved = definition.resolveAttribute(path),
            resolved.attribute.name != "id", resolved.attribute.name != "meta"
        else {
            throw .invalidPath("\"\(key)\" is not an attribute of \(definition.type.name)")
        }
        guard resolved.attribute.mutability != .readOnly else { return }
        let operation = PatchOperation(
            op: op, path: PatchPath(attribute: path, filter: nil, subAttribute: nil), pathText: key, value: value)
        try applyResolved(resolved, path: operation.path!, text: key, operation: operation, to: &resource)
    }

    private func applyResolved(
        _ resolved: ResolvedAttribute, path: PatchPath, text: String, operation: PatchOperation,
        to resource: inout JSONObject
    ) throws(SCIMError) {
        let attribute = resolved.attribute
        if attribute.name == "externalId" && resolved.extensionURN == nil {
            resource["externalId"] = operation.op == .remove ? nil : operation.value
            return
        }
        guard attribute.mutability != .readOnly, resolved.subAttribute?.mutability != .readOnly else {
            throw .mutability("\"\(text)\" is readOnly")
        }
        var container = resolved.container(in: resource) ?? JSONObject()
        var subAttribute = resolved.subAttribute
        if let name = path.subAttribute {
            guard attribute.type == .complex, let sub = attribute.subAttribute(named: name) else {
                throw .invalidPath("\"\(text)\": \"\(name)\" is not a sub-attribute of \"\(attribute.name)\"")
            }
            guard sub.mutability != .readOnly else { throw .mutability("\"\(text)\" is readOnly") }
            subAttribute = sub
        }
        if let filter = path.filter {
            guard attribute.type == .complex else {
                throw .invalidPath("\"\(attribute.name)\" is not complex and takes no value filter")
            }
            let selector: CompiledFilter
            do { selector = try CompiledFilter(valueFilter: filter, of: attribute, for: definition) } catch {
                throw .invalidPath(error.detail)
            }
            try applyFiltered(
                attribute, selector: selector, sub: subAttribute, operation: operation, text: text, in: &container)
        } else if let sub = subAttribute {
            try applySub(attribute, sub, operation: operation, in: &container)
        } else if operation.op == .remove {
            remove(attribute, matching: operation.value, in: &container)
        } else {
            try set(attribute, operation.value ?? .null, op: operation.op, in: &container)
        }
        if let urn = resolved.extensionURN { resource[urn] = .object(container) } else { resource = container }
    }

    /// add / replace of a whole attribute.
    private func set(
        _ attribute: SCIMAttribute, _ value: JSON, op: PatchOperation.Op, in container: inout JSONObject
    ) throws(SCIMError) {
        let value = Self.canonical(value, attribute)
        if op == .remove {
            container[attribute.name] = nil
            return
        }
        if attribute.multiValued {
            let new = value.arrayValue ?? [value]
            if op == .replace {
                container[attribute.name] = new.isEmpty ? nil : .array(new)
                return
            }
            var elements = container[attribute.name]?.arrayValue ?? []
            if new.contains(where: { $0["primary"] == .bool(true) }) {
                elements = elements.map { Self.clearingPrimary($0) }
            }
            for element in new where !elements.contains(element) { elements.append(element) }
            container[attribute.name] = elements.isEmpty ? nil : .array(elements)
        } else if attribute.type == .complex, case .object(let members) = value,
            case .object(var current)? = container[attribute.name]
        {
            for (key, member) in members { current[key] = member == .null ? nil : member }
            container[attribute.name] = .object(current)
        } else {
            container[attribute.name] = value
        }
    }

    /// `attr.sub` without a filter: on every value of a multi-valued attribute, or on the single complex value.
    private func applySub(
        _ attribute: SCIMAttribute, _ sub: SCIMAttribute, operation: PatchOperation,
        in container: inout JSONObject
    ) throws(SCIMError) {
        let value = operation.value.map { Self.canonical($0, sub) }
        if attribute.multiValued {
            var elements = container[attribute.name]?.arrayValue ?? []
            if elements.isEmpty {
                if operation.op != .remove, let value { elements = [.object([sub.name: value])] }
            } else {
                elements = elements.map { element in
                    guard case .object(var members) = element else { return element }
                    members[sub.name] = operation.op == .remove ? nil : value
                    return .object(members)
                }
            }
            container[attribute.name] = elements.isEmpty ? nil : .array(elements)
        } else {
            var current = container[attribute.name]?.objectValue ?? JSONObject()
            current[sub.name] = operation.op == .remove ? nil : value
            container[attribute.name] = current.isEmpty ? nil : .object(current)
        }
    }

    /// `attr[filter]` and `attr[filter].sub`.
    private func applyFiltered(
        _ attribute: SCIMAttribute, selector: CompiledFilter, sub: SCIMAttribute?, operation: PatchOperation,
        text: String, in container: inout JSONObject
    ) throws(SCIMError) {
        var elements =
            attribute.multiValued
            ? (container[attribute.name]?.arrayValue ?? []) : (container[attribute.name].map { [$0] } ?? [])
        let selected = elements.indices.filter { elements[$0].objectValue.map(selector.matches) ?? false }
        if selected.isEmpty {
            if operation.op == .remove { return }
            throw .noTarget("No value of \"\(attribute.name)\" matches \"\(text)\"")
        }
        switch (operation.op, sub) {
        case (.remove, nil):
            for index in selected.reversed() { elements.remove(at: index) }
        case (.remove, let sub?):
            for index in selected { elements[index] = Self.setting(sub.name, nil, in: elements[index]) }
        case (_, let sub?):
            let value = Self.canonical(operation.value ?? .null, sub)
            if sub.name == "primary" && value == .bool(true) { elements = elements.map { Self.clearingPrimary($0) } }
            for index in selected { elements[index] = Self.setting(sub.name, value, in: elements[index]) }
        case (_, nil):
            guard case .object(let members) = Self.canonical(operation.value ?? .null, attribute.withSingleValue) else {
                throw .invalidValue("The value for \"\(text)\" must be an object")
            }
            if members["primary"] == .bool(true) { elements = elements.map { Self.clearingPrimary($0) } }
            for index in selected {
                if operation.op == .replace {
                    elements[index] = .object(members)
                } else {
                    for (key, member) in members { elements[index] = Self.setting(key, member, in: elements[index]) }
                }
            }
        }
        if attribute.multiValued {
            container[attribute.name] = elements.isEmpty ? nil : .array(elements)
        } else {
            container[attribute.name] = elements.first
        }
    }

    /// `remove` of a whole attribute; with a value (as some clients send for group members), only the values whose
    /// `value` sub-attribute matches one of the given ones.
    private func remove(_ attribute: SCIMAttribute, matching value: JSON?, in container: inout JSONObject) {
        guard attribute.multiValued, let value, attribute.type == .complex else {
            container[attribute.name] = nil
            return
        }
        let doomed = (value.arrayValue ?? [value]).compactMap { Self.canonical($0, attribute.withSingleValue)["value"] }
        let kept = (container[attribute.name]?.arrayValue ?? []).filter { element in
            guard let v = element["value"] else { return true }
            return !doomed.contains(v)
        }
        container[attribute.name] = kept.isEmpty ? nil : .array(kept)
    }

    /// `value` with the member names of complex values in their canonical case.
    static func canonical(_ value: JSON, _ attribute: SCIMAttribute) -> JSON {
        switch value {
        case .array(let elements) where attribute.multiValued:
            return .array(elements.map { canonical($0, attribute.withSingleValue) })
        case .object(let members) where attribute.type == .complex:
            return .object(
                JSONObject(members.map { key, member in (attribute.subAttribute(named: key)?.name ?? key, member) }))
        default: return value
        }
    }

    private static func setting(_ key: String, _ value: JSON?, in element: JSON) -> JSON {
        guard case .object(var members) = element else { return element }
        members[key] = value == .null ? nil : value
        return .object(members)
    }

    private static func clearingPrimary(_ element: JSON) -> JSON {
        guard element["primary"] == .bool(true) else { return element }
        return setting("primary", .bool(false), in: element)
    }
}

extension SCIMAttribute {
    /// The same definition for one value of a multi-valued attribute.
    var withSingleValue: SCIMAttribute {
        var single = self
        single.multiValued = false
        return single
    }
}
