import HTTP
import JSON

/// The read-only catalogue of the organization's system API resources and their scopes (APIResources.yaml
/// `getAPIResources`, `getAPIResource`, `getAPIResourceScopes`, `getScopes`): every operation needs
/// `internal_api_resource_view`, which the group's authorizer checks.
struct APIResourceRoutes {
    static let prefix = "/t/{org}/api/server/v1"
    static let viewScope = "internal_api_resource_view"

    func register(on api: RouteGroup<ManagementCaller>) {
        api.on(.GET, "/api-resources", list)
        api.on(.GET, "/api-resources/{id}", get)
        api.on(.GET, "/api-resources/{id}/scopes", resourceScopes)
        api.on(.GET, "/scopes", scopes)
    }

    /// `/t/{org}/api/server/v1/api-resources`, the base of the resources' `self` links.
    private static func base(_ caller: ManagementCaller) -> String {
        "/t/" + caller.organization.handle + "/api/server/v1/api-resources"
    }

    private static func filterError(_ problem: FilterExpression.Problem) -> AsgardeoError {
        switch problem {
        case .attribute(let name):
            return .badRequest(
                "The filter attribute '\(name)' is not supported.", code: "APR-60002",
                message: "Unsupported filter attribute.")
        case .operation(let operation):
            return .badRequest(
                "The filter operation '\(operation)' is not supported.", code: "APR-60003",
                message: "Unsupported filter operation.")
        case .format:
            return .badRequest("Invalid format used for filtering.", code: "APR-60001", message: "Invalid filter.")
        }
    }

    private func list(_ request: Request, _ caller: ManagementCaller) throws -> Response {
        var resources = APIResourceCatalogue.resources
        if let expression = try FilterExpression.query(
            request, attributes: ["name", "identifier", "type"],
            refusal: Self.filterError)
        {
            resources = resources.filter { resource in
                expression.matches { ["name": resource.name, "identifier": resource.identifier, "type": "SYSTEM"][$0] }
            }
        }
        let limit = try Paging.count(
            request, "limit", default: 10,
            or: .badRequest(
                "'limit' shouldn't be negative.", code: "APR-60004", message: "Invalid limit."))
        let base = Self.base(caller)
        return .json([
            "totalResults": .int(Int64(resources.count)),
            "links": [],
            "APIResources": .array(
                resources.prefix(limit).map { resource in
                    [
                        "id": .string(resource.id), "name": .string(resource.name),
                        "identifier": .string(resource.identifier),
                        "type": "SYSTEM", "requiresAuthorization": true, "self": .string(base + "/" + resource.id),
                    ]
                }),
        ])
    }

    /// The catalogue resource the path's `{id}` names, or `APR-60005`.
    private static func resource(_ request: Request) throws -> APIResourceCatalogue.Resource {
        let id = try request.require("id")
        guard let resource = APIResourceCatalogue.resource(id: id) else {
            throw AsgardeoError.api(
                status: 404, code: "APR-60005", message: "API resource not found.",
                description: "API resource with id: \(id) is not found.")
        }
        return resource
    }

    private func get(_ request: Request, _ caller: ManagementCaller) throws -> Response {
        let resource = try Self.resource(request)
        return .json([
            "id": .string(resource.id), "name": .string(resource.name), "description": .string(resource.name),
            "identifier": .string(resource.identifier), "type": "SYSTEM", "requiresAuthorization": true,
            "scopes": .array(resource.scopes.map(APIResourceCatalogue.scopeJSON)), "authorizationDetailsTypes": [],
            "subscribedApplications": [], "properties": [], "self": .string(Self.base(caller) + "/" + resource.id),
        ])
    }

    private func resourceScopes(_ request: Request, _ caller: ManagementCaller) throws -> Response {
        .json(.array(try Self.resource(request).scopes.map(APIResourceCatalogue.scopeJSON)))
    }

    private func scopes(_ request: Request, _ caller: ManagementCaller) throws -> Response {
        var scopes = APIResourceCatalogue.resources.flatMap(\.scopes)
        if let expression = try FilterExpression.query(
            request, attributes: ["name", "displayName"],
            refusal: Self.filterError)
        {
            scopes = scopes.filter { scope in
                expression.matches { ["name": scope.name, "displayName": scope.displayName][$0] }
            }
        }
        return .json(.array(scopes.map(APIResourceCatalogue.scopeJSON)))
    }
}
