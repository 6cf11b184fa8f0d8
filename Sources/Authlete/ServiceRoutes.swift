import Emulator
import HTTP
import JSON
import OAuth

/// Service management (`/api/service/get/list`, `/api/service/create`, `/api/{serviceId}/service/get|update|delete`)
/// and what a service publishes: `/service/configuration` (its discovery document) and `/service/jwks/get`.
struct ServiceRoutes {
    let runtime: Runtime

    func register(root: RouteGroup<ServiceDirectory.TokenScope>, services: RouteGroup<ServiceCall>) {
        root.api(.GET, "/service/get/list") { request, scope in try list(request, scope) }
        root.api(.POST, "/service/create") { request, scope in try create(request, scope) }
        services.api(.GET, "/service/get") { _, call in .json(.object(call.service.document)) }
        services.api(.POST, "/service/update") { request, call in try update(request, call) }
        services.api(.DELETE, "/service/delete") { _, call in try delete(call) }
        services.api(.GET, "/service/configuration") { request, call in try configuration(request, call) }
        services.api(.POST, "/service/configuration") { request, call in try configuration(request, call) }
        services.api(.GET, "/service/jwks/get") { request, call in jwks(request, call) }
    }

    /// A query flag as the Python SDK writes it (`True`/`False`), or as anyone else does (`true`, `1`).
    private static func flag(_ request: Request, _ name: String, default value: Bool) -> Bool {
        guard let text = request.query[name]?.lowercased() else { return value }
        return text == "true" || text == "1"
    }

    private func list(_ request: Request, _ scope: ServiceDirectory.TokenScope) throws -> Response {
        let visible = try runtime.directory.allServices().filter {
            scope == .organization || scope == .service($0.apiKey)
        }
        let page = ListPage(visible, query: request.query)
        var body = page.counts
        body["services"] = .array(page.items.map { .object($0.document) })
        return .json(.object(body))
    }

    private func create(_ request: Request, _ scope: ServiceDirectory.TokenScope) throws -> Response {
        guard scope == .organization else {
            throw AuthleteError.forbidden(
                "/service/create",
                "A service access token cannot create services; use an organization token.")
        }
        let members = try ServiceDocument.members(of: try request.jsonObject(), apiPath: "/service/create")
        return .json(.object(try runtime.directory.createService(members, now: runtime.nowMilliseconds)), status: 201)
    }

    private func update(_ request: Request, _ call: ServiceCall) throws -> Response {
        let changes = try ServiceDocument.members(of: try request.jsonObject(), apiPath: call.apiPath)
        var document = call.service.document
        for (name, value) in changes where !ServiceDocument.serverOwned.contains(name) { document[name] = value }
        document["modifiedAt"] = .int(runtime.nowMilliseconds)
        try runtime.directory.replaceService(document)
        return .json(.object(document))
    }

    private func delete(_ call: ServiceCall) throws -> Response {
        try runtime.directory.database.transaction {
            try runtime.directory.deleteService(call.service.apiKey)
            try runtime.engine.tokens.revokeAll(realm: Runtime.realmID(call.service))
        }
        return .empty(204)
    }

    private func configuration(_ request: Request, _ call: ServiceCall) throws -> Response {
        var document = Discovery.document(call.service)
        if let patch = request.query["patch"], !patch.isEmpty {
            // A parse whose failure means "not a patch".
            guard let operations = try? JSON.parse(Array(patch.utf8)) else {
                throw AuthleteError.badRequest(call.apiPath, "'patch' is not a JSON Patch (RFC 6902) document.")
            }
            do { document = try JSONPatch.apply(operations, to: document) } catch {
                throw AuthleteError.badRequest(call.apiPath, "'patch' could not be applied: \(error).")
            }
        }
        let pretty = Self.flag(request, "pretty", default: true)
        return .json(document.serialized(pretty ? .prettyPrinted : []))
    }

    private func jwks(_ request: Request, _ call: ServiceCall) -> Response {
        let includePrivateKeys = Self.flag(request, "includePrivateKeys", default: false)
        guard let set = call.service.jwks(includePrivateKeys: includePrivateKeys) else { return .empty(204) }
        return .json(set.serialized(Self.flag(request, "pretty", default: false) ? .prettyPrinted : []))
    }
}
