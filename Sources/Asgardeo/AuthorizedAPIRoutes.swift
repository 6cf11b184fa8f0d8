import HTTP
import JSON

/// The API resources an application is authorized for (`/{id}/authorized-apis`, RBAC): list, authorize for scopes
/// of an API (adding to those it has), change the scopes of one API, and remove one. Tokens issued later carry the
/// new scopes; ones already issued keep theirs.
struct AuthorizedAPIRoutes {
    let directory: OrganizationDirectory

    func register(on applications: RouteGroup<ApplicationsContext>) {
        applications.on(.GET, "/{id}/authorized-apis", list)
        applications.on(.POST, "/{id}/authorized-apis", authorize)
        let authorizedAPI = applications.group("/{id}/authorized-apis/{apiId}") { request, call in
            try AuthorizedAPI(request, call)
        }
        authorizedAPI.on(.PATCH, "", patch)
        authorizedAPI.on(.DELETE, "", remove)
    }

    /// One authorized API of an application (`/{id}/authorized-apis/{apiId}`), which only `update` may change.
    private struct AuthorizedAPI {
        let call: ApplicationsContext
        var application: Application
        let apiID: String

        init(_ request: Request, _ call: ApplicationsContext) throws {
            try call.require(.update)
            self.call = call
            application = try call.application(request)
            apiID = try request.require("apiId")
        }
    }

    private func list(_ request: Request, _ call: ApplicationsContext) throws -> Response {
        try call.require(.view)
        return .json(ApplicationDocument.authorizedAPIs(try call.application(request)))
    }

    /// `POST authorized-apis {"id", "policyIdentifier", "scopes"}`.
    private func authorize(_ request: Request, _ call: ApplicationsContext) throws -> Response {
        try call.require(.update)
        var application = try call.application(request)
        let input = try request.jsonObject()
        guard let apiID = input["id"]?.stringValue else {
            throw AsgardeoError.badRequest("The API resource id is required.")
        }
        let resource = try Self.resource(apiID)
        if let policy = input["policyIdentifier"], policy != .null, policy.stringValue != "RBAC" {
            throw AsgardeoError.badRequest("Unsupported authorization policy. Use RBAC.")
        }
        let scopes = try Self.checkedScopes(input["scopes"]?.arrayValue, resource: resource, field: "scopes")
        var apis = application.authorizedAPIs
        if let index = apis.firstIndex(where: { $0["id"]?.stringValue == resource.id }) {
            var existing = apis[index]["scopes"]?.arrayValue?.compactMap(\.stringValue) ?? []
            for scope in scopes where !existing.contains(scope) { existing.append(scope) }
            apis[index]["scopes"] = .array(existing.map(JSON.string))
        } else {
            apis.append([
                "id": .string(resource.id), "policyIdentifier": "RBAC",
                "scopes": .array(scopes.map(JSON.string)),
            ])
        }
        application.document["authorizedAPIs"] = .array(apis.map(JSON.object))
        try directory.replaceApplication(application, orgID: call.organization.id)
        return Response(status: 201)
    }

    /// `PATCH authorized-apis/{apiId} {"addedScopes", "removedScopes"}`.
    private func patch(_ request: Request, _ item: AuthorizedAPI) throws -> Response {
        var application = item.application
        let resource = try Self.resource(item.apiID)
        var apis = application.authorizedAPIs
        guard let index = apis.firstIndex(where: { $0["id"]?.stringValue == resource.id }) else {
            throw AsgardeoError.authorizedAPINotFound(item.apiID)
        }
        let input = try request.jsonObject()
        let added = try Self.checkedScopes(
            input["addedScopes"]?.arrayValue, resource: resource,
            field: "addedScopes")
        let removed = try Self.checkedScopes(
            input["removedScopes"]?.arrayValue, resource: resource,
            field: "removedScopes")
        var scopes = apis[index]["scopes"]?.arrayValue?.compactMap(\.stringValue) ?? []
        for scope in added where !scopes.contains(scope) { scopes.append(scope) }
        scopes.removeAll { removed.contains($0) }
        apis[index]["scopes"] = .array(scopes.map(JSON.string))
        application.document["authorizedAPIs"] = .array(apis.map(JSON.object))
        try directory.replaceApplication(application, orgID: item.call.organization.id)
        return Response(status: 200)
    }

    private func remove(_ request: Request, _ item: AuthorizedAPI) throws -> Response {
        var application = item.application
        let apis = application.authorizedAPIs
        guard apis.contains(where: { $0["id"]?.stringValue == item.apiID }) else {
            throw AsgardeoError.authorizedAPINotFound(item.apiID)
        }
        application.document["authorizedAPIs"] = .array(
            apis.filter { $0["id"]?.stringValue != item.apiID }
                .map(JSON.object))
        try directory.replaceApplication(application, orgID: item.call.organization.id)
        return Response(status: 204)
    }

    /// The catalogue's API resource with this id, or `APP-60510`.
    private static func resource(_ id: String) throws(AsgardeoError) -> APIResourceCatalogue.Resource {
        guard let resource = APIResourceCatalogue.resource(id: id) else { throw .authorizedAPINotFound(id) }
        return resource
    }

    /// The scope names of a request's `field` without duplicates, each defined by the API resource; otherwise a 400.
    private static func checkedScopes(
        _ names: [JSON]?, resource: APIResourceCatalogue.Resource,
        field: String
    ) throws(AsgardeoError) -> [String] {
        var scopes: [String] = []
        for value in names ?? [] {
            guard let name = value.stringValue else {
                throw .badRequest("\(field) must be an array of scope names.")
            }
            guard resource.scopes.contains(where: { $0.name == name }) else {
                throw .badRequest("Scope \(name) is not defined by the API resource \(resource.identifier).")
            }
            if !scopes.contains(name) { scopes.append(name) }
        }
        return scopes
    }
}
