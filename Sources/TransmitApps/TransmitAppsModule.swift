import Emulator
import HTTP
import JSON
import OAuth
import Store

/// Transmit Security Mosaic's CIS Applications API: apps, their clients and management apps under `/cis/v1`, and
/// the client-credentials token endpoint (`/oidc/token`, `/cis/oidc/token`) whose RS256 JWTs authorize it, with
/// the JWKS and discovery document under `/cis/oidc`. Rate limits are off unless a tenant is given a quota.
public final class TransmitAppsModule: VendorModule {
    public let name = "transmit"
    public let seedFileName: String? = "transmit.json"
    public var migrations: [Migration] { TransmitDirectory.migrations }
    public var sharedSchemas: [SharedSchema] {
        [SharedSchema(name: OAuthSchema.name, migrations: OAuthSchema.migrations)]
    }
    private var directory: TransmitDirectory?
    private var keys: SigningKeyRing?
    private var tokenRoutes: TokenRoutes?

    public init() {}

    public func registerRoutes(on router: Router, context: EmulatorContext) {
        let directory = TransmitDirectory(database: context.database)
        let keys = SigningKeyRing(directory: directory)
        let engine = OAuthEngine(database: context.database, clock: context.clock, workers: context.workers)
        self.directory = directory
        self.keys = keys
        router.claim(prefix: "/cis/", for: TransmitError.cis)
        let tokenRoutes = TokenRoutes(directory: directory, engine: engine, keys: keys, context: context)
        self.tokenRoutes = tokenRoutes
        tokenRoutes.register(on: router)
        let cis = router.group("/cis/v1", envelope: TransmitError.cis) { request in
            try CISRequests.authorize(request, directory: directory, engine: engine)
        }
        let admin = cis.group("") { _, cis in try cis.admin() }
        let app = cis.group("/applications/{appId}") { request, cis in
            try cis.acting(onApp: try request.require("appId"))
        }
        let provisioning = AppProvisioning(directory: directory, tokens: engine.tokens, clock: context.clock)
        ApplicationRoutes(provisioning: provisioning).register(admin: admin, app: app)
        ClientRoutes(provisioning: provisioning).register(app: app)
        ManagementAppRoutes(provisioning: provisioning).register(admin: admin)
        RateLimitControlRoutes(directory: directory).register(on: router)
        let limits = TransmitRateLimits(directory: directory, engine: engine)
        context.rateLimits.register(limits, forVendor: TransmitError.cis.id)
        context.rateLimits.register(limits, forVendor: TransmitError.oidc.id)
    }

    public func resetState() {
        directory?.invalidate()
        keys?.forget()
        tokenRoutes?.forget()
    }

    public func loadSeed(_ seed: JSONReader, context: EmulatorContext) throws {
        let directory = TransmitDirectory(database: context.database)
        try TransmitSeed(directory: directory, context: context).load(seed)
        self.directory?.invalidate()
        keys?.forget()
    }
}
