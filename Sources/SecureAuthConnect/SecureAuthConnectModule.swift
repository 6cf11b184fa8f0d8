import Emulator
import HTTP
import JOSE
import JSON
import OAuth
import RateLimit
import Store

/// SecureAuth Connect (formerly Cloudentity): per-workspace OAuth 2.0/OIDC under `/{tid}/{aid}`, the Admin API
/// under `/api/admin/{tid}` (servers, clients, static IdPs), and configuration export, import and patch under
/// `/api/system/{tid}/configuration` and `/api/hub/{tid}/…/promote/config`, with per-tenant rate limits per API group
/// (and the root API `/api/admin/tenants/{tid}/rate-limits` that overrides them).
public final class SecureAuthConnectModule: VendorModule {
    public let name = "secureauth-connect"
    public let seedFileName: String? = "secureauth-connect.json"
    public var migrations: [Migration] { WorkspaceDirectory.migrations + SecureAuthRateLimits.migrations }
    public var sharedSchemas: [SharedSchema] {
        [SharedSchema(name: OAuthSchema.name, migrations: OAuthSchema.migrations)]
    }
    private var directory: WorkspaceDirectory?
    private var rateLimits: SecureAuthRateLimits?

    public init() {}

    public func registerRoutes(on router: Router, context: EmulatorContext) {
        let directory = WorkspaceDirectory(database: context.database)
        self.directory = directory
        let engine = OAuthEngine(database: context.database, clock: context.clock, workers: context.workers)
        engine.onStoreFailure = { what, error in
            context.logger.log(.error, "store write failed", ["what": .string(what), "error": .string("\(error)")])
        }
        let keys = KeyProvisioning(
            workers: context.workers, keySeed: context.configuration.keySeed.map { Array($0.utf8) })
        let api = SecureAuthError.apiEnvelope
        for prefix in ["/api/admin/", "/api/system/", "/api/hub/"] { router.claim(prefix: prefix, for: api) }
        let rateLimits = SecureAuthRateLimits(database: context.database)
        self.rateLimits = rateLimits
        context.rateLimits.register(rateLimits, forVendor: SecureAuthError.oauthEnvelope.id)
        context.rateLimits.register(rateLimits, forVendor: api.id)
        let access = AdminAccess(engine: engine, directory: directory)
        RateLimitRoutes(limits: rateLimits, directory: directory, access: access).register(on: router)
        OAuth2Routes(directory: directory, engine: engine, context: context).register(on: router)
        let admin = router.group("/api/admin/{tid}", envelope: api, rateGroup: "admin") { try access.adminTenant($0) }
        AdminServerRoutes(directory: directory, engine: engine, context: context, keys: keys).register(on: admin)
        AdminClientRoutes(directory: directory, engine: engine).register(on: admin)
        AdminIDPRoutes(directory: directory).register(on: admin)
        let importer = ConfigurationImporter(directory: directory, engine: engine, context: context, keys: keys)
        SystemConfigurationRoutes(directory: directory, importer: importer, access: access).register(on: router)
        HubPromoteRoutes(directory: directory, importer: importer, access: access).register(on: router)
    }

    public func resetState() {
        directory?.invalidateAll()
        rateLimits?.forget()
    }

    /// `{"tenants": [{"id", "rate_limits": {module: {rate, burst, period}}, "servers": [{server fields…, "clients": [...],
    /// "idps": [...]}]}]}`; servers without keys get generated ones (from `--key-seed` when set).
    public func loadSeed(_ seed: JSONReader, context: EmulatorContext) throws {
        try SecureAuthSeed(context: context).load(seed)
    }
}
