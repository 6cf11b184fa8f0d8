import JSON

/// One attribute definition of a SCIM schema (RFC 7643 §7): its type and characteristics drive validation, filtering,
/// PATCH and what reads return.
public struct SCIMAttribute: Sendable {
    public enum DataType: String, Sendable {
        case string, boolean, decimal, integer, dateTime, reference, complex, binary
    }
    public enum Mutability: String, Sendable { case readOnly, readWrite, immutable, writeOnly }
    public enum Returned: String, Sendable { case always, never, `default`, request }
    public enum Uniqueness: String, Sendable { case none, server, global }

    public var name: String
    public var type: DataType
    public var multiValued: Bool
    public var description: String
    public var required: Bool
    public var caseExact: Bool
    public var mutability: Mutability
    public var returned: Returned
    public var uniqueness: Uniqueness
    public var canonicalValues: [String]
    public var referenceTypes: [String]
    public var subAttributes: [SCIMAttribute]

    public init(
        _ name: String, _ type: DataType = .string, multiValued: Bool = false, description: String = "",
        required: Bool = false, caseExact: Bool = false, mutability: Mutability = .readWrite,
        returned: Returned = .default, uniqueness: Uniqueness = .none, canonicalValues: [String] = [],
        referenceTypes: [String] = [], subAttributes: [SCIMAttribute] = []
    ) {
        self.name = name
        self.type = type
        self.multiValued = multiValued
        self.description = description
        self.required = required
        self.caseExact = caseExact
        self.mutability = mutability
        self.returned = returned
        self.uniqueness = uniqueness
        self.canonicalValues = canonicalValues
        self.referenceTypes = referenceTypes
        self.subAttributes = subAttributes
    }

    /// The sub-attribute named `name`, compared case-insensitively (RFC 7643 §2.1).
    public func subAttribute(named name: String) -> SCIMAttribute? {
        subAttributes.first { SCIMNames.equal($0.name, name) }
    }

    /// The definition as published by `/Schemas` (RFC 7643 §7).
    public var json: JSON {
        var object: JSONObject = [
            "name": .string(name),
            "type": .string(type.rawValue),
            "multiValued": .bool(multiValued),
            "description": .string(description),
            "required": .bool(required),
        ]
        if !canonicalValues.isEmpty { object["canonicalValues"] = .array(canonicalValues.map(JSON.string)) }
        if type == .string || type == .reference || type == .binary { object["caseExact"] = .bool(caseExact) }
        object["mutability"] = .string(mutability.rawValue)
        object["returned"] = .string(returned.rawValue)
        if type != .complex && type != .boolean { object["uniqueness"] = .string(uniqueness.rawValue) }
        if type == .reference { object["referenceTypes"] = .array(referenceTypes.map(JSON.string)) }
        if type == .complex { object["subAttributes"] = .array(subAttributes.map(\.json)) }
        return .object(object)
    }
}

/// Attribute and schema names are case-insensitive in SCIM (RFC 7643 §2.1); these compare and fold them.
public enum SCIMNames {
    public static func equal(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && fold(a) == fold(b)
    }

    /// ASCII lower case (names are ASCII).
    public static func fold(_ name: String) -> String {
        guard name.utf8.contains(where: { $0 >= 65 && $0 <= 90 }) else { return name }
        return String(decoding: name.utf8.map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 }, as: UTF8.self)
    }
}
