import JSON
import Primitives

/// Checks a resource body against its resource type's schemas and brings it to its stored form: attribute names in
/// their canonical case, values of the declared types, `readOnly` attributes ignored (kept from the stored resource on
/// replace), `immutable` ones unchanged, `required` ones present, `schemas` listing exactly the schemas used.
///
/// The stored form has no `id` and no `meta` (the store keeps those in columns).
public struct ResourceValidator: Sendable {
    /// Whose body this is.
    public enum Mode: Sendable {
        /// A client's request: `readOnly` attributes are ignored.
        case client
        /// The seed (or the vendor module): `readOnly` attributes are taken as given.
        case trusted
    }

    public let definition: ResourceDefinition

    public init(definition: ResourceDefinition) { self.definition = definition }

    /// The stored form of `input`. `existing` is the stored form being replaced (nil on create).
    public func normalize(_ input: JSON, existing: JSONObject?, mode: Mode) throws(SCIMError) -> JSONObject {
        guard case .object(let members) = input else { throw .invalidSyntax("The request body must be a JSON object") }
        try checkDeclaredSchemas(members["schemas"])
        var core = JSONObject()
        var extensions: [String: JSONObject] = [:]
        var externalID: JSON?
        for (key, value) in members {
            switch SCIMNames.fold(key) {
            case "schemas", "id", "meta": continue
            case "externalid":
                guard value != .null else { continue }
                guard case .string = value else { throw .invalidValue("\"externalId\" must be a string") }
                externalID = value
                continue
            default: break
            }
            if let schema = definition.extensionSchema(key) {
                guard value != .null else { continue }
                guard case .object(let attributes) = value else {
                    throw .invalidSyntax("\"\(schema.id)\" must be an object of the extension's attributes")
                }
                extensions[schema.id] = try normalizeAttributes(
                    attributes, schema: schema, mode: mode, prefix: schema.id + ":")
                continue
            }
            guard let attribute = definition.core.attribute(named: key) else {
                if key.hasPrefix("urn:") {
                    throw .invalidValue("\"\(key)\" is not a schema extension of \(definition.type.name)")
                }
                throw .invalidSyntax("\"\(key)\" is not an attribute of \(definition.type.name)")
            }
            if let normalized = try normalizeValue(value, attribute, mode: mode, path: attribute.name) {
                core[attribute.name] = normalized
            }
        }
        if let existing {
            keepServerManaged(from: existing, core: &core, extensions: &extensions, mode: mode)
            try checkImmutable(existing: existing, core: core, extensions: extensions)
        }
        try checkRequired(core, schema: definition.core, prefix: "")
        for (schema, required) in definition.extensions {
            if let attributes = extensions[schema.id] {
                try checkRequired(attributes, schema: schema, prefix: schema.id + ":")
            } else if required {
                throw .invalidValue("The extension \(schema.id) is required for \(definition.type.name)")
            }
        }
        var stored = JSONObject()
        stored["schemas"] = .array(
            ([definition.core.id] + definition.extensions.map(\.schema.id).filter { extensions[$0] != nil })
                .map(JSON.string))
        if let externalID { stored["externalId"] = externalID }
        for (name, value) in core { stored[name] = value }
        for (schema, _) in definition.extensions {
            if let attributes = extensions[schema.id] { stored[schema.id] = .object(attributes) }
        }
        return stored
    }

    /// `schemas` must list URNs of this resource type, the core schema among them.
    private func checkDeclaredSchemas(_ value: JSON?) throws(SCIMError) {
        guard let value, value != .null else {
            throw .invalidValue("\"schemas\" is required: list \(definition.core.id)")
        }
        guard case .array(let elements) = value else {
            throw .invalidSyntax("\"schemas\" must be an array of schema URNs")
        }
        var listsCore = false
        for element in elements {
            guard let urn = element.stringValue else {
                throw .invalidSyntax("\"schemas\" must be an array of schema URNs")
            }
            if SCIMNames.equal(urn, definition.core.id) {
                listsCore = true
            } else if definition.extensionSchema(urn) == nil {
                throw .invalidValue(
                    "\"\(urn)\" is not a schema of \(definition.type.name) (\(definition.schemaURNs.joined(separator: ", ")))"
                )
            }
        }
        guard listsCore else { throw .invalidValue("\"schemas\" must include \(definition.core.id)") }
    }

    private func normalizeAttributes(
        _ members: JSONObject, schema: SCIMSchema, mode: Mode, prefix: String
    ) throws(SCIMError) -> JSONObject {
        var result = JSONObject()
        // Some clients (scim2-models) write the extension's own `schemas` inside its object; it carries nothing.
        for (key, value) in members where !SCIMNames.equal(key, "schemas") {
            guard let attribute = schema.attribute(named: key) else {
                throw .invalidSyntax("\"\(prefix)\(key)\" is not an attribute of \(schema.id)")
            }
            if let normalized = try normalizeValue(value, attribute, mode: mode, path: prefix + attribute.name) {
                result[attribute.name] = normalized
            }
        }
        return result
    }

    /// The normalized value, or nil when it is unassigned (null, `[]`, `{}`) or ignored (`readOnly` from a client).
    func normalizeValue(_ value: JSON, _ attribute: SCIMAttribute, mode: Mode, path: String) throws(SCIMError) -> JSON?
    {
        if value == .null { return nil }
        if attribute.mutability == .readOnly && mode == .client { return nil }
        guard attribute.multiValued else { return try normalizeSingle(value, attribute, mode: mode, path: path) }
        guard case .array(let elements) = value else {
            throw .invalidSyntax("\"\(path)\" is multi-valued: expected an array")
        }
        var normalized: [JSON] = []
        for (index, element) in elements.enumerated() {
            if let single = try normalizeSingle(element, attribute, mode: mode, path: "\(path)[\(index)]") {
                normalized.append(single)
            }
        }
        // An empty array is unassigned (RFC 7643 §2.5); a trusted document (the seed) keeps it as written.
        if normalized.isEmpty { return mode == .trusted ? .array([]) : nil }
        if attribute.type == .complex, normalized.filter({ $0["primary"] == .bool(true) }).count > 1 {
            throw .invalidValue("At most one value of \"\(path)\" may be primary (RFC 7643 §2.4)")
        }
        return .array(normalized)
    }

    private func normalizeSingle(
        _ value: JSON, _ attribute: SCIMAttribute, mode: Mode, path: String
    ) throws(SCIMError) -> JSON? {
        switch (attribute.type, value) {
        case (_, .null): return nil
        case (.string, .string), (.reference, .string), (.binary, .string), (.boolean, .bool), (.decimal, .int),
            (.decimal, .double),
            (.integer, .int):
            return value
        case (.integer, .double(let number)):
            guard number.rounded() == number, abs(number) < 9e15 else {
                throw .invalidValue("\"\(path)\" must be an integer")
            }
            return .int(Int64(number))
        case (.dateTime, .string(let text)):
            guard SCIMDateTime.parse(text) != nil else {
                throw .invalidValue("\"\(path)\" must be a dateTime (RFC 3339), not \"\(text)\"")
            }
            return value
        case (.complex, .object(let members)):
            var result = JSONObject()
            for (key, subValue) in members {
                guard let sub = attribute.subAttribute(named: key) else {
                    throw .invalidSyntax("\"\(path).\(key)\" is not a sub-attribute of \"\(attribute.name)\"")
                }
                if let normalized = try normalizeValue(subValue, sub, mode: mode, path: path + "." + sub.name) {
                    result[sub.name] = normalized
                }
            }
            return result.isEmpty ? nil : .object(result)
        default:
            throw .invalidValue("\"\(path)\" must be \(Self.expectation(attribute))")
        }
    }

    /// Carries over what a client cannot set: `readOnly` attributes, and `writeOnly` ones a client cannot read back.
    private func keepServerManaged(
        from existing: JSONObject, core: inout JSONObject, extensions: inout [String: JSONObject], mode: Mode
    ) {
        for attribute in definition.core.attributes {
            let keep =
                (attribute.mutability == .readOnly && mode == .client)
                || (attribute.mutability == .writeOnly && core[attribute.name] == nil)
            if keep, let value = existing[attribute.name] { core[attribute.name] = value }
        }
        for (schema, _) in definition.extensions {
            guard let old = existing[schema.id]?.objectValue else { continue }
            for attribute in schema.attributes {
                let keep =
                    (attribute.mutability == .readOnly && mode == .client)
                    || (attribute.mutability == .writeOnly && extensions[schema.id]?[attribute.name] == nil)
                guard keep, let value = old[attribute.name] else { continue }
                extensions[schema.id, default: JSONObject()][attribute.name] = value
            }
        }
    }

    private func checkImmutable(
        existing: JSONObject, core: JSONObject, extensions: [String: JSONObject]
    ) throws(SCIMError) {
        for attribute in definition.core.attributes where attribute.mutability == .immutable {
            if let old = existing[attribute.name], core[attribute.name] != old {
                throw .mutability("\"\(attribute.name)\" is immutable and already has a value")
            }
        }
        for (schema, _) in definition.extensions {
            for attribute in schema.attributes where attribute.mutability == .immutable {
                if let old = existing[schema.id]?[attribute.name], extensions[schema.id]?[attribute.name] != old {
                    throw .mutability("\"\(schema.id):\(attribute.name)\" is immutable and already has a value")
                }
            }
        }
    }

    private func checkRequired(_ attributes: JSONObject, schema: SCIMSchema, prefix: String) throws(SCIMError) {
        for attribute in schema.attributes where attribute.required && attribute.mutability != .readOnly {
            guard attributes[attribute.name] != nil else {
                throw .invalidValue("\"\(prefix)\(attribute.name)\" is required")
            }
        }
    }

    private static func expectation(_ attribute: SCIMAttribute) -> String {
        switch attribute.type {
        case .string, .reference, .binary: return "a string"
        case .boolean: return "a boolean"
        case .integer: return "an integer"
        case .decimal: return "a number"
        case .dateTime: return "a dateTime string"
        case .complex: return "an object"
        }
    }
}
