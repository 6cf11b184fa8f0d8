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
    public var sharedSchemas: [SharedSchema] { [SharedSchema(name: OAuthSchema.name, migrations: OAuthSchema.migrations)] }
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
        router.claim(prefix: "/cis/", for: TransmitErrors.cis)
        let tokenRoutes = TokenRoutes(directory: directory, engine: engine, keys: keys, context: context)
        self.tokenRoutes = tokenRoutes
        tokenRoutes.register(on: router)
        let cis = CISRequests(directory: directory, engine: engine)
        ApplicationRoutes(cis: cis).register(on: router)
        ClientRoutes(cis: cis).register(on: router)
        ManagementAppRoutes(cis: cis).register(on: router)
        RateLimitControlRoutes(directory: directory).register(on: router)
        let limits = TransmitRateLimits(directory: directory, engine: engine)
        context.rateLimits.register(limits, forVendor: TransmitErrors.cis.id)
        context.rateLimits.register(limits, forVendor: TransmitErrors.oidc.id)
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
