import JSON

/// One resource as stored: its body in stored form (see `ResourceValidator`) and the server-managed metadata.
public struct StoredResource: Sendable {
    public var id: String
    public var resourceType: String
    public var body: JSONObject
    public var created: String
    public var lastModified: String
    /// The weak entity tag, `W/"…"`, that is `meta.version` and the `ETag` header.
    public var version: String

    public init(
        id: String, resourceType: String, body: JSONObject, created: String, lastModified: String, version: String
    ) {
        self.id = id
        self.resourceType = resourceType
        self.body = body
        self.created = created
        self.lastModified = lastModified
        self.version = version
    }

    /// The body with `id` and `meta` (without `location`): what filters and sorting see. Building it copies the body,
    /// so callers that never read `id` or `meta` use `body` (see `CompiledFilter.readsServerAttributes`).
    public var filterable: JSONObject {
        var object = body
        object["id"] = .string(id)
        object["meta"] = [
            "resourceType": .string(resourceType), "created": .string(created), "lastModified": .string(lastModified),
            "version": .string(version),
        ]
        return object
    }

    /// Whether `path` names a server-managed attribute (`id`, `meta`) that only `filterable` carries.
    static func isServerAttribute(_ path: AttributePath) -> Bool {
        let name = path.name.lowercased()
        return name == "id" || name == "meta"
    }
}
