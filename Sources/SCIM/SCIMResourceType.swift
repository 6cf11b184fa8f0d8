import JSON

/// A resource type (RFC 7643 §6): the endpoint it lives at, its core schema and its schema extensions.
public struct SCIMResourceType: Sendable {
    /// An extension schema of the resource type and whether resources must carry it.
    public struct Extension: Sendable {
        public var schema: String
        public var required: Bool
        public init(schema: String, required: Bool = false) {
            self.schema = schema
            self.required = required
        }
    }

    /// Also the resource type's `id` and `meta.resourceType` of its resources (`User`).
    public var name: String
    /// The path segment under the SCIM base (`Users`, without the slash).
    public var endpoint: String
    public var description: String
    public var schema: String
    public var extensions: [Extension]

    public init(name: String, endpoint: String, description: String, schema: String, extensions: [Extension] = []) {
        self.name = name
        self.endpoint = endpoint
        self.description = description
        self.schema = schema
        self.extensions = extensions
    }

    /// The ResourceType resource (RFC 7643 §8.6), with `meta.location` under `baseURL`.
    public func json(baseURL: String) -> JSON {
        var object: JSONObject = [
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
            "id": .string(name),
            "name": .string(name),
            "endpoint": .string("/" + endpoint),
            "description": .string(description),
            "schema": .string(schema),
        ]
        if !extensions.isEmpty {
            object["schemaExtensions"] = .array(
                extensions.map { ["schema": .string($0.schema), "required": .bool($0.required)] })
        }
        object["meta"] = ["resourceType": "ResourceType", "location": .string(baseURL + "/ResourceTypes/" + name)]
        return .object(object)
    }
}
