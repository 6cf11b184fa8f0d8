import HTTP

/// Where `SCIMRoutes` registers: one route group per operation under the vendor's prefix, so the vendor's authorizer
/// runs once per request with the operation it asks for, and what it or the handler throws is rendered by
/// `SCIMHTTPError` in the vendor's status style.
struct SCIMRouteTable {
    let router: Router
    let prefix: String
    let envelope: ErrorEnvelope
    let rateGroup: String?
    let statusStyle: SCIMError.StatusStyle
    let authorize: SCIMRoutes.Authorizer

    func on(
        _ method: HTTPMethod, _ path: String, _ operation: SCIMOperation,
        _ handler: @escaping (Request, SCIMScope) throws -> Response
    ) {
        let statusStyle = self.statusStyle, authorize = self.authorize
        let routes = router.group(prefix, envelope: envelope, rateGroup: rateGroup) { request in
            try SCIMHTTPError.rendering(statusStyle) { try authorize(request, operation) }
        }
        routes.on(method, path) { request, scope in
            try SCIMHTTPError.rendering(statusStyle) { try handler(request, scope) }
        }
    }
}
