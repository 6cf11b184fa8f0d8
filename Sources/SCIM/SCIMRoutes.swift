import HTTP
import JSON

/// Mounts a SCIM service under a vendor's prefix: the resource endpoints of every registered resource type
/// (`GET|POST /{endpoint}`, `POST /{endpoint}/.search`, `GET|PUT|PATCH|DELETE /{endpoint}/{id}`) and the discovery
/// endpoints. The vendor supplies authorization (which yields the partition and base URL) and the error style.
public final class SCIMRoutes {
    public typealias Authorizer = (Request, SCIMOperation) -> Result<SCIMScope, SCIMError>

    private let service: SCIMService
    private let statusStyle: SCIMError.StatusStyle
    private let authorize: Authorizer

    public init(service: SCIMService, statusStyle: SCIMError.StatusStyle, authorize: @escaping Authorizer) {
        self.service = service
        self.statusStyle = statusStyle
        self.authorize = authorize
    }

    /// Registers the routes under `prefix` (a router pattern such as `/api/v1/scim/ids/{ids_id}/v2`), owned by `vendor`
    /// and in the rate-limit `group`. Unless `claimPrefix` is false, unmatched paths under the prefix's literal part
    /// (`/api/v1/scim/ids/`) get `vendor`'s 404s; a vendor whose SCIM prefix shares that part with its other APIs skips it.
    public func register(on router: Router, prefix: String, envelope: ErrorEnvelope, group: String? = nil, claimPrefix: Bool = true) {
        if claimPrefix { router.claim(prefix: Self.literalPrefix(prefix), for: envelope) }
        func add(_ method: HTTPMethod, _ path: String, _ handler: @escaping (Request) -> Response) {
            router.add(method, prefix + path, envelope: envelope, group: group) { .now(handler($0)) }
        }
        add(.GET, "/ServiceProviderConfig") { self.discovery($0) { scope in self.service.registry.config.json(baseURL: scope.baseURL) } }
        add(.GET, "/ResourceTypes") { self.discovery($0) { scope in
            self.listOf(self.service.registry.resourceTypes.map { $0.json(baseURL: scope.baseURL) })
        } }
        add(.GET, "/ResourceTypes/{name}") { request in self.discovery(request) { scope in
            guard let type = self.service.registry.resourceTypes.first(where: { $0.name == request.param("name") }) else {
                throw SCIMError.notFound("Resource type \(request.param("name") ?? "") not found")
            }
            return type.json(baseURL: scope.baseURL)
        } }
        add(.GET, "/Schemas") { self.discovery($0) { scope in self.listOf(self.service.registry.schemas.map { $0.json(baseURL: scope.baseURL) }) } }
        add(.GET, "/Schemas/{id}") { request in self.discovery(request) { scope in
            guard let schema = self.service.registry.schema(id: request.param("id") ?? "") else {
                throw SCIMError.notFound("Schema \(request.param("id") ?? "") not found")
            }
            return schema.json(baseURL: scope.baseURL)
        } }
        // RFC 7644 §3.4.3 allows 501 for a search across all resource types at the root.
        add(.POST, "/.search") { request in
            self.handle(request, .discovery) { _ in
                throw SCIMError(status: 501, detail: "Searching several resource types at once is not supported; POST /{resourceType}/.search")
            }
        }
        for definition in service.registry.definitions {
            let base = "/" + definition.type.endpoint
            let name = definition.type.name
            add(.GET, base) { self.list($0, definition, fromBody: false) }
            add(.POST, base + "/.search") { self.list($0, definition, fromBody: true) }
            add(.POST, base) { request in
                self.handle(request, .create(name)) { scope in
                    let created = try self.service.create(definition, body: try self.body(request), partition: scope.partition).get()
                    var response = self.resourceResponse(created, definition, scope, request, status: 201)
                    response.headers.set("Location", scope.baseURL + base + "/" + created.id)
                    return response
                }
            }
            add(.GET, base + "/{id}") { request in
                self.handle(request, .read(name)) { scope in
                    let found = try self.service.resource(definition, id: request.param("id") ?? "", partition: scope.partition).get()
                    if let tags = request.headers["If-None-Match"], ResourceVersion.header(tags, matches: found.version) {
                        var response = Response(status: 304)
                        response.headers.set("ETag", found.version)
                        return response
                    }
                    return self.resourceResponse(found, definition, scope, request, status: 200)
                }
            }
            add(.PUT, base + "/{id}") { request in
                self.handle(request, .replace(name)) { scope in
                    let replaced = try self.service.replace(definition, id: request.param("id") ?? "", body: try self.body(request),
                                                            partition: scope.partition, ifMatch: request.headers["If-Match"]).get()
                    return self.resourceResponse(replaced, definition, scope, request, status: 200)
                }
            }
            add(.PATCH, base + "/{id}") { request in
                self.handle(request, .patch(name)) { scope in
                    let patched = try self.service.patch(definition, id: request.param("id") ?? "", body: try self.body(request),
                                                         partition: scope.partition, ifMatch: request.headers["If-Match"]).get()
                    return self.resourceResponse(patched, definition, scope, request, status: 200)
                }
            }
            add(.DELETE, base + "/{id}") { request in
                self.handle(request, .delete(name)) { scope in
                    try self.service.delete(definition, id: request.param("id") ?? "", partition: scope.partition,
                                            ifMatch: request.headers["If-Match"]).get()
                    return Response(status: 204)
                }
            }
        }
    }

    /// The response for one resource, with `ETag`, projected by the request's `attributes`/`excludedAttributes`.
    public func resourceResponse(_ resource: StoredResource, _ definition: ResourceDefinition, _ scope: SCIMScope, _ request: Request,
                                 status: Int) -> Response {
        let projection = AttributeProjection(attributes: Self.names(request.query["attributes"]),
                                             excludedAttributes: Self.names(request.query["excludedAttributes"]), definition: definition)
        var response = Self.scimJSON(.object(service.render(resource, definition, baseURL: scope.baseURL, partition: scope.partition,
                                                             projection: projection)), status: status)
        response.headers.set("ETag", resource.version)
        return response
    }

    /// `application/scim+json` from a JSON value.
    public static func scimJSON(_ value: JSON, status: Int = 200) -> Response {
        Response(status: status, contentType: SCIMMedia.type, body: value.serialized())
    }

    private func list(_ request: Request, _ definition: ResourceDefinition, fromBody: Bool) -> Response {
        handle(request, .list(definition.type.name)) { scope in
            let query = fromBody ? try ListQuery.from(searchRequest: try self.body(request)) : try ListQuery.from(query: request.query)
            let page = try self.service.list(definition, query: query, partition: scope.partition).get()
            let projection = AttributeProjection(attributes: query.attributes, excludedAttributes: query.excludedAttributes, definition: definition)
            return Self.scimJSON(self.service.listResponse(page, definition, baseURL: scope.baseURL, partition: scope.partition,
                                                           projection: projection))
        }
    }

    private func discovery(_ request: Request, _ build: (SCIMScope) throws -> JSON) -> Response {
        handle(request, .discovery) { scope in Self.scimJSON(try build(scope)) }
    }

    private func listOf(_ resources: [JSON]) -> JSON {
        ["schemas": [.string(SCIMMedia.listResponse)], "totalResults": .int(Int64(resources.count)), "startIndex": 1,
         "itemsPerPage": .int(Int64(resources.count)), "Resources": .array(resources)]
    }

    private func handle(_ request: Request, _ operation: SCIMOperation, _ body: (SCIMScope) throws -> Response) -> Response {
        do {
            let scope = try authorize(request, operation).get()
            return try body(scope)
        } catch let error as SCIMError {
            return error.response(statusStyle: statusStyle)
        } catch {
            return SCIMError.internalError("\(error)").response(statusStyle: statusStyle)
        }
    }

    private func body(_ request: Request) throws(SCIMError) -> JSON {
        guard !request.body.isEmpty else { throw .invalidSyntax("The request needs a JSON body") }
        do {
            return try JSON.parse(request.body)
        } catch {
            throw .invalidSyntax("The request body is not valid JSON: \(error)")
        }
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
