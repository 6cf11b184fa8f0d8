import HTTP
import JSON
import OAuth

/// The read-only catalogue of the organization's system API resources and their scopes (APIResources.yaml
/// `getAPIResources`, `getAPIResource`, `getAPIResourceScopes`, `getScopes`), with `internal_api_resource_view`.
final class APIResourceRoutes {
    private let access: ManagementAccess
    static let viewScope = "internal_api_resource_view"

    init(access: ManagementAccess) { self.access = access }

    func register(on router: Router) {
        let v = AsgardeoErrors.api, p = "/t/{org}/api/server/v1"
        router.add(.GET, p + "/api-resources", envelope: v, group: "api") { self.guarded($0, self.list) }
        router.add(.GET, p + "/api-resources/{id}", envelope: v, group: "api") { self.guarded($0, self.get) }
        router.add(.GET, p + "/api-resources/{id}/scopes", envelope: v, group: "api") { self.guarded($0, self.resourceScopes) }
        router.add(.GET, p + "/scopes", envelope: v, group: "api") { self.guarded($0, self.scopes) }
    }

    private func guarded(_ request: Request, _ body: (Request, String) -> Response) -> Reply {
        switch access.authorizeREST(request, target: .root, scope: Self.viewScope) {
        case .failure(let refusal): return .now(refusal.response)
        case .success(let organization): return .now(body(request, "/t/" + organization.handle + "/api/server/v1/api-resources"))
        }
    }

    private static func filterProblem(_ problem: FilterExpression.Problem) -> Response {
        switch problem {
        case .attribute(let name):
            return APIRequests.badRequest("The filter attribute '\(name)' is not supported.", code: "APR-60002", message: "Unsupported filter attribute.")
        case .operation(let operation):
            return APIRequests.badRequest("The filter operation '\(operation)' is not supported.", code: "APR-60003",
                                          message: "Unsupported filter operation.")
        case .format:
            return APIRequests.badRequest("Invalid format used for filtering.", code: "APR-60001", message: "Invalid filter.")
        }
    }

    private func list(_ request: Request, _ base: String) -> Response {
        var resources = APIResourceCatalogue.resources
        if let filter = request.query["filter"], !filter.isEmpty {
            switch FilterExpression.parse(filter, attributes: ["name", "identifier", "type"]) {
            case .failure(let problem): return Self.filterProblem(problem)
            case .success(let expression):
                resources = resources.filter { resource in
                    expression.matches { ["name": resource.name, "identifier": resource.identifier, "type": "SYSTEM"][$0] }
                }
            }
        }
        guard let limit = APIRequests.count(request, "limit", default: 10) else {
            return APIRequests.badRequest("'limit' shouldn't be negative.", code: "APR-60004", message: "Invalid limit.")
        }
        let page = resources.prefix(limit)
        return .json([
            "totalResults": .int(Int64(resources.count)),
            "links": [],
            "APIResources": .array(page.map { resource in
                ["id": .string(resource.id), "name": .string(resource.name), "identifier": .string(resource.identifier), "type": "SYSTEM",
                 "requiresAuthorization": true, "self": .string(base + "/" + resource.id)]
            }),
        ])
    }

    private func notFound(_ id: String) -> Response {
        AsgardeoErrors.apiError(status: 404, code: "APR-60005", message: "API resource not found.",
                                description: "API resource with id: \(id) is not found.")
    }

    private func get(_ request: Request, _ base: String) -> Response {
        let id = request.param("id") ?? ""
        guard let resource = APIResourceCatalogue.resource(id: id) else { return notFound(id) }
        return .json([
            "id": .string(resource.id), "name": .string(resource.name), "description": .string(resource.name),
            "identifier": .string(resource.identifier), "type": "SYSTEM", "requiresAuthorization": true,
            "scopes": .array(resource.scopes.map(APIResourceCatalogue.scopeJSON)), "authorizationDetailsTypes": [],
            "subscribedApplications": [], "properties": [], "self": .string(base + "/" + resource.id),
        ])
    }

    private func resourceScopes(_ request: Request, _ base: String) -> Response {
        let id = request.param("id") ?? ""
        guard let resource = APIResourceCatalogue.resource(id: id) else { return notFound(id) }
        return .json(.array(resource.scopes.map(APIResourceCatalogue.scopeJSON)))
    }

    private func scopes(_ request: Request, _ base: String) -> Response {
        var scopes = APIResourceCatalogue.resources.flatMap(\.scopes)
        if let filter = request.query["filter"], !filter.isEmpty {
            switch FilterExpression.parse(filter, attributes: ["name", "displayName"]) {
            case .failure(let problem): return Self.filterProblem(problem)
            case .success(let expression):
                scopes = scopes.filter { scope in expression.matches { ["name": scope.name, "displayName": scope.displayName][$0] } }
            }
        }
        return .json(.array(scopes.map(APIResourceCatalogue.scopeJSON)))
    }
}
