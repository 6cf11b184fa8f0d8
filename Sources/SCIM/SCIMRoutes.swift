import HTTP
import JSON

/// Mounts a SCIM service under a vendor's prefix: the resource endpoints of every registered resource type
/// (`GET|POST /{endpoint}`, `POST /{endpoint}/.search`, `GET|PUT|PATCH|DELETE /{endpoint}/{id}`) and the discovery
/// endpoints. The vendor supplies authorization (which yields the partition and base URL) and the error style.
public final class SCIMRoutes {
    /// Admits a request for an operation, yielding where it operates, or throws (a `SCIMError`: 401, 403, 404).
    public typealias Authorizer = (Request, SCIMOperation) throws -> SCIMScope

    private let service: SCIMService
    private let statusStyle: SCIMError.StatusStyle
    private let authorize: Authorizer

    public init(service: SCIMService, statusStyle: SCIMError.StatusStyle, authorize: @escaping Authorizer) {
        self.service = service
        self.statusStyle = statusStyle
        self.authorize = authorize
    }

    /// Registers the routes under `prefix` (a router pattern such as `/api/v1/scim/ids/{ids_id}/v2`), in `envelope`
    /// and the rate-limit `group`. Unless `claimPrefix` is false, unmatched paths under the prefix's literal part
    /// (`/api/v1/scim/ids/`) get the envelope's 404s; a vendor whose SCIM prefix shares that part with its other APIs
    /// skips it.
    public func register(
        on router: Router, prefix: String, envelope: ErrorEnvelope, group: String? = nil,
        claimPrefix: Bool = true
    ) {
        if claimPrefix { router.claim(prefix: Self.literalPrefix(prefix), for: envelope) }
        let table = SCIMRouteTable(
            router: router, prefix: prefix, envelope: envelope, rateGroup: group,
            statusStyle: statusStyle, authorize: authorize)
        registerDiscovery(on: table)
        for definition in service.registry.definitions { registerResources(of: definition, on: table) }
    }

    /// The response for one resource, with `ETag`, projected by the request's `attributes`/`excludedAttributes`.
    public func resourceResponse(
        _ resource: StoredResource, _ definition: ResourceDefinition, _ scope: SCIMScope,
        _ request: Request, status: Int
    ) throws -> Response {
        let projection = AttributeProjection(
            attributes: Self.names(request.query["attributes"]),
            excludedAttributes: Self.names(request.query["excludedAttributes"]),
            definition: definition)
        let body = try service.render(
            resource, definition, baseURL: scope.baseURL, partition: scope.partition,
            projection: projection)
        var response = Self.scimJSON(.object(body), status: status)
        response.headers.set("ETag", resource.version)
        return response
    }

    /// `application/scim+json` from a JSON value.
    public static func scimJSON(_ value: JSON, status: Int = 200) -> Response {
        Response(status: status, contentType: SCIMMedia.type, body: value.serialized())
    }

    private func registerDiscovery(on table: SCIMRouteTable) {
        let registry = service.registry
        table.on(.GET, "/ServiceProviderConfig", .discovery) { _, scope in
            Self.scimJSON(registry.config.json(baseURL: scope.baseURL))
        }
        table.on(.GET, "/ResourceTypes", .discovery) { _, scope in
            Self.scimJSON(Self.listOf(registry.resourceTypes.map { $0.json(baseURL: scope.baseURL) }))
        }
        table.on(.GET, "/ResourceTypes/{name}", .discovery) { request, scope in
            let name = try request.require("name")
            guard let type = registry.resourceTypes.first(where: { $0.name == name }) else {
                throw SCIMError.notFound("Resource type \(name) not found")
            }
            return Self.scimJSON(type.json(baseURL: scope.baseURL))
        }
        table.on(.GET, "/Schemas", .discovery) { _, scope in
            Self.scimJSON(Self.listOf(registry.schemas.map { $0.json(baseURL: scope.baseURL) }))
        }
        table.on(.GET, "/Schemas/{id}", .discovery) { request, scope in
            let id = try request.require("id")
            guard let schema = registry.schema(id: id) else { throw SCIMError.notFound("Schema \(id) not found") }
            return Self.scimJSON(schema.json(baseURL: scope.baseURL))
        }
        // RFC 7644 §3.4.3 allows 501 for a search across all resource types at the root.
        table.on(.POST, "/.search", .discovery) { _, _ in
            throw SCIMError(
                status: 501,
                detail: "Searching several resource types at once is not supported; "
                    + "POST /{resourceType}/.search")
        }
    }

    private func registerResources(of definition: ResourceDefinition, on table: SCIMRouteTable) {
        let base = "/" + definition.type.endpoint
        let name = definition.type.name
        let service = self.service
        table.on(.GET, base, .list(name)) { request, scope in
            try self.listResponse(definition, try ListQuery.from(query: request.query), scope)
        }
        table.on(.POST, base + "/.search", .list(name)) { request, scope in
            try self.listResponse(definition, try ListQuery.from(searchRequest: try Self.body(request)), scope)
        }
        table.on(.POST, base, .create(name)) { request, scope in
            let created = try service.create(definition, body: try Self.body(request), partition: scope.partition)
            var response = try self.resourceResponse(created, definition, scope, request, status: 201)
            response.headers.set("Location", scope.baseURL + base + "/" + created.id)
            return response
        }
        table.on(.GET, base + "/{id}", .read(name)) { request, scope in
            let found = try service.resource(definition, id: try request.require("id"), partition: scope.partition)
            if let tags = request.headers["If-None-Match"], ResourceVersion.header(tags, matches: found.version) {
                var response = Response(status: 304)
                response.headers.set("ETag", found.version)
                return response
            }
            return try self.resourceResponse(found, definition, scope, request, status: 200)
        }
        table.on(.PUT, base + "/{id}", .replace(name)) { request, scope in
            let replaced = try service.replace(
                definition, id: try request.require("id"), body: try Self.body(request),
                partition: scope.partition, ifMatch: request.headers["If-Match"])
            return try self.resourceResponse(replaced, definition, scope, request, status: 200)
        }
        table.on(.PATCH, base + "/{id}", .patch(name)) { request, scope in
            let patched = try service.patch(
                definition, id: try request.require("id"), body: try Self.body(request),
                partition: scope.partition, ifMatch: request.headers["If-Match"])
            return try self.resourceResponse(patched, definition, scope, request, status: 200)
        }
        table.on(.DELETE, base + "/{id}", .delete(name)) { request, scope in
            try service.delete(
                definition, id: try request.require("id"), partition: scope.partition,
                ifMatch: request.headers["If-Match"])
            return Response(status: 204)
        }
    }

    private func listResponse(
        _ definition: ResourceDefinition, _ query: ListQuery,
        _ scope: SCIMScope
    ) throws -> Response {
        let page = try service.list(definition, query: query, partition: scope.partition)
        let projection = AttributeProjection(
            attributes: query.attributes, excludedAttributes: query.excludedAttributes,
            definition: definition)
        return Self.scimJSON(
            try service.listResponse(
                page, definition, baseURL: scope.baseURL,
                partition: scope.partition, projection: projection))
    }

    private static func listOf(_ resources: [JSON]) -> JSON {
        [
            "schemas": [.string(SCIMMedia.listResponse)], "totalResults": .int(Int64(resources.count)), "startIndex": 1,
            "itemsPerPage": .int(Int64(resources.count)), "Resources": .array(resources),
        ]
    }

    /// The body as JSON (the kit's reader; an empty body has a message of its own).
    private static func body(_ request: Request) throws -> JSON {
        guard !request.body.isEmpty else { throw SCIMError.invalidSyntax("The request needs a JSON body") }
        return try request.json()
    }

    private static func names(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { String($0.filter { $0 != " " }) }.filter { !$0.isEmpty }
    }

    /// The part of a route pattern before its first parameter (`/api/v1/scim/ids/`).
    private static func literalPrefix(_ pattern: String) -> String {
        guard let brace = pattern.firstIndex(of: "{") else { return pattern + "/" }
        return String(pattern[..<brace])
    }
}
