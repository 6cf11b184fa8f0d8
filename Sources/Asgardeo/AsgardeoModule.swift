import Emulator
import HTTP
import JOSE
import JSON
import OAuth
import Primitives
import SCIM
import Store

/// Asgardeo (WSO2): per-organization OAuth 2.0/OIDC under `/t/{org}/oauth2` with internal API scopes, the HTML and
/// app-native logins, the Applications, API Resources and Organization Management APIs under
/// `/t/{org}/api/server/v1`, SCIM2 users and groups under `/t/{org}/scim2`, sub-organizations reached through
/// `organization_switch` under `/t/{org}/o/...`, and per-IP rate limits.
public final class AsgardeoModule: VendorModule {
    public let name = "asgardeo"
    public let seedFileName: String? = "asgardeo.json"
    public var migrations: [Migration] { OrganizationDirectory.migrations }
    public var sharedSchemas: [SharedSchema] {
        [
            SharedSchema(name: OAuthSchema.name, migrations: OAuthSchema.migrations),
            SharedSchema(name: SCIMStorage.name, migrations: SCIMStorage.migrations),
        ]
    }
    private var directory: OrganizationDirectory?

    public init() {}

    public func registerRoutes(on router: Router, context: EmulatorContext) {
        let directory = OrganizationDirectory(database: context.database)
        self.directory = directory
        let scim = SCIMService(
            registry: AsgardeoSCIMRegistry.registry, database: context.database,
            clock: context.clock)
        let users = OrganizationUsers(service: scim)
        let engine = OAuthEngine(database: context.database, clock: context.clock, workers: context.workers)
        engine.register(AsgardeoClientCredentialsGrant())
        let realms = OrganizationRealm(users: users)
        let access = ManagementAccess(directory: directory, engine: engine)
        router.claim(prefix: "/t/", for: AsgardeoEnvelopes.api)
        let rateLimits = AsgardeoRateLimits()
        for envelope in AsgardeoEnvelopes.all { context.rateLimits.register(rateLimits, forVendor: envelope.id) }
        let switcher = OrganizationSwitch(directory: directory, engine: engine, realms: realms)
        let oauth = OAuthRoutes(
            directory: directory, engine: engine, realms: realms, users: users, switcher: switcher,
            context: context)
        oauth.register(on: router)
        LoginRoutes(
            engine: engine, oauth: oauth, flows: AuthenticationFlows(database: context.database),
            context: context
        ).register(on: router)
        for family in ApplicationFamily.all {
            let applications = router.group(family.prefix, envelope: AsgardeoEnvelopes.applications, rateGroup: "api") {
                request in try ApplicationsContext(request, family: family, access: access)
            }
            ApplicationRoutes(directory: directory, engine: engine, context: context).register(on: applications)
            InboundOIDCRoutes(directory: directory, engine: engine).register(on: applications)
            AuthorizedAPIRoutes(directory: directory).register(on: applications)
        }
        let apiResources = router.group(APIResourceRoutes.prefix, envelope: AsgardeoEnvelopes.api, rateGroup: "api") {
            request in
            let caller = try access.restCaller(request, target: .root)
            try caller.require(scope: APIResourceRoutes.viewScope)
            return caller
        }
        APIResourceRoutes().register(on: apiResources)
        let organizations = router.group(
            OrganizationRoutes.prefix, envelope: AsgardeoEnvelopes.organizations,
            rateGroup: "api"
        ) { request in try access.restCaller(request, target: .root) }
        OrganizationRoutes(directory: directory, engine: engine, users: users, context: context)
            .register(on: organizations)
        SCIM2Routes(service: scim, access: access, context: context).register(on: router)
    }

    public func resetState() {
        directory?.invalidateAll()
    }

    public func loadSeed(_ seed: JSONReader, context: EmulatorContext) throws {
        try AsgardeoSeed.load(seed, context: context)
    }
}
