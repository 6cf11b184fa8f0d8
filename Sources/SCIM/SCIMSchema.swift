import JSON

/// A SCIM schema (core or extension): its URN and attribute definitions (RFC 7643 §7), published by `/Schemas`.
public struct SCIMSchema: Sendable {
    public var id: String
    public var name: String
    public var description: String
    public var attributes: [SCIMAttribute]

    public init(id: String, name: String, description: String, attributes: [SCIMAttribute]) {
        self.id = id
        self.name = name
        self.description = description
        self.attributes = attributes
    }

    /// The top-level attribute named `name`, case-insensitively.
    public func attribute(named name: String) -> SCIMAttribute? {
        attributes.first { SCIMNames.equal($0.name, name) }
    }

    /// The Schema resource (RFC 7643 §8.7), with `meta.location` under `baseURL`.
    public func json(baseURL: String) -> JSON {
        [
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
            "id": .string(id),
            "name": .string(name),
            "description": .string(description),
            "attributes": .array(attributes.map(\.json)),
            "meta": ["resourceType": "Schema", "location": .string(baseURL + "/Schemas/" + id)],
        ]
    }
}
