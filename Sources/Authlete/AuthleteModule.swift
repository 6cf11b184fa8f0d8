import Emulator
import HTTP
import JOSE
import JSON
import OAuth
import Store

/// Authlete API 3.0: service and client management and the action/ticket runtime APIs an authorization server
/// calls (`/api/{serviceId}/auth/...`), behind Service Access Tokens and Organization Tokens, limited per token.
public final class AuthleteModule: VendorModule {
    public let name = "authlete"
    public let seedFileName: String? = "authlete.json"
    public var migrations: [Migration] { AuthleteSchema.migrations }
    public var sharedSchemas: [SharedSchema] {
        [SharedSchema(name: OAuthSchema.name, migrations: OAuthSchema.migrations)]
    }
    private var directory: ServiceDirectory?

    public init() {}

    public func registerRoutes(on router: Router, context: EmulatorContext) {
        let directory = ServiceDirectory(database: context.database)
        self.directory = directory
        let engine = OAuthEngine(database: context.database, clock: context.clock, workers: context.workers)
        let runtime = Runtime(
            engine: engine, directory: directory,
            tickets: TicketStore(database: context.database, clock: context.clock),
            clock: context.clock,
            grants: GrantedScopes(database: context.database, clock: context.clock))
        router.claim(prefix: "/api/", for: AuthleteError.envelope)
        context.rateLimits.register(AuthleteRateLimits(), forVendor: AuthleteError.envelope.id)
        let access = APIAccess(directory: directory)
        let root = router.group("/api", envelope: AuthleteError.envelope) { request in try access.scope(of: request) }
        let services = root.group("/{serviceId}") { request, scope in try access.call(request, scope: scope) }
        ServiceRoutes(runtime: runtime).register(root: root, services: services)
        ClientRoutes(runtime: runtime).register(services)
        ClientRegistrationRoutes(runtime: runtime).register(services)
        AuthorizationRoutes(runtime: runtime).register(services)
        PushedAuthorizationRoutes(runtime: runtime).register(services)
        TokenRoutes(runtime: runtime).register(services)
        TokenInspectionRoutes(runtime: runtime).register(services)
        UserInfoRoutes(runtime: runtime).register(services)
        TokenManagementRoutes(runtime: runtime).register(services)
    }

    public func resetState() { directory?.invalidateAll() }

    /// See `AuthleteSeed`.
    public func loadSeed(_ seed: JSONReader, context: EmulatorContext) throws {
        try AuthleteSeed.load(seed, context: context)
    }
}
