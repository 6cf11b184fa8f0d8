/// Routes that share a path prefix, an error envelope, a rate-limit group and an authorizer.
///
/// The authorizer runs once for every request to a route of the group, before its handler, and hands the handler a
/// typed context (the admin token's tenant, the Authlete service, the Asgardeo organization, …). It refuses by
/// throwing; so does the handler, and the router renders what they throw (see `HTTPError`).
///
/// ```swift
/// let admin = router.group("/api/admin/{tid}", envelope: SecureAuthErrors.admin, rateGroup: "admin") { request in
///     try authorization.tenant(of: request)
/// }
/// admin.on(.GET, "/servers/{aid}") { request, tenant in ... }
/// ```
public struct RouteGroup<Context> {
    public let router: Router
    public let prefix: String
    public let envelope: ErrorEnvelope
    public let rateGroup: String?
    private let authorize: (Request) throws -> Context

    init(
        router: Router, prefix: String, envelope: ErrorEnvelope, rateGroup: String?,
        authorize: @escaping (Request) throws -> Context
    ) {
        self.router = router
        self.prefix = prefix
        self.envelope = envelope
        self.rateGroup = rateGroup
        self.authorize = authorize
    }

    /// A route whose handler answers at once.
    public func on(
        _ method: HTTPMethod, _ path: String, envelope: ErrorEnvelope? = nil,
        _ handler: @escaping (Request, Context) throws -> Response
    ) {
        let authorize = self.authorize
        router.add(method, prefix + path, envelope: envelope ?? self.envelope, group: rateGroup) { request in
            .now(try handler(request, try authorize(request)))
        }
    }

    /// A route whose handler may answer later (work on the worker pool).
    public func deferred(
        _ method: HTTPMethod, _ path: String, envelope: ErrorEnvelope? = nil,
        _ handler: @escaping (Request, Context) throws -> Reply
    ) {
        let authorize = self.authorize
        router.add(method, prefix + path, envelope: envelope ?? self.envelope, group: rateGroup) { request in
            try handler(request, try authorize(request))
        }
    }

    /// A nested group under `path` whose authorizer refines this group's context.
    public func group<Inner>(
        _ path: String, envelope: ErrorEnvelope? = nil,
        authorize refine: @escaping (Request, Context) throws -> Inner
    ) -> RouteGroup<Inner> {
        let authorize = self.authorize
        return RouteGroup<Inner>(
            router: router, prefix: prefix + path, envelope: envelope ?? self.envelope, rateGroup: rateGroup
        ) {
            request in try refine(request, try authorize(request))
        }
    }
}

extension Router {
    /// A group of routes under `prefix` (a pattern, such as `/api/admin/{tid}`) whose requests `authorize` admits.
    public func group<Context>(
        _ prefix: String, envelope: ErrorEnvelope, rateGroup: String? = nil,
        authorize: @escaping (Request) throws -> Context
    ) -> RouteGroup<Context> {
        RouteGroup(router: self, prefix: prefix, envelope: envelope, rateGroup: rateGroup, authorize: authorize)
    }

    /// A group of routes under `prefix` that need no authorization.
    public func group(_ prefix: String, envelope: ErrorEnvelope, rateGroup: String? = nil) -> RouteGroup<Void> {
        RouteGroup(router: self, prefix: prefix, envelope: envelope, rateGroup: rateGroup) { _ in () }
    }
}
