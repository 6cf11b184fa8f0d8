import Emulator
import HTTP
import JSON
import OAuth
import Primitives
import SCIM
import Store

/// SecureAuth Identity Store (seed 002): the API token endpoint, `Me`, and SCIM 2.0 Users and Groups per identity
/// store, on the shared SCIM engine. Stores are isolated: their own users, groups and tokens.
///
/// No rate limits: SecureAuth publishes none for the Identity Store (VENDOR-NOTES §3). The "Identity (Admin)" and
/// "Identity (Self-service)" groups of the free-tier table (§1.5) belong to SecureAuth Connect's identity pool APIs
/// (`/api/identity/{tid}`, `/{tid}/{aid}/identity`), a different product and host.
public final class IdentityStoreModule: VendorModule {
    public let name = "secureauth-identity-store"
    public let seedFileName: String? = "secureauth-identity-store.json"
    public var migrations: [Migration] { IdentityStoreDirectory.migrations }
    public var sharedSchemas: [SharedSchema] {
        [
            SharedSchema(name: OAuthSchema.name, migrations: OAuthSchema.migrations),
            SharedSchema(name: SCIMStorage.name, migrations: SCIMStorage.migrations),
        ]
    }

    private var service: SCIMService?

    public init() {}

    public func registerRoutes(on router: Router, context: EmulatorContext) {
        let directory = IdentityStoreDirectory(database: context.database)
        let service = SCIMService(
            registry: IdentityStoreSchemas.registry, database: context.database,
            clock: context.clock)
        self.service = service
        let tokens = TokenStore(database: context.database)
        let authorization = BearerAuthorization(
            directory: directory, tokens: tokens, service: service,
            clock: context.clock)
        // Store ids are [a-zA-Z0-9_-]+ and the URL is built only for stores that exist, so no escaping is needed.
        let baseURL = { (request: Request, storeID: String) in
            context.origin(for: request) + "/api/v1/scim/ids/" + storeID + "/v2"
        }
        TokenRoutes(
            credentials: APICredentials(directory: directory, service: service),
            tokens: IdentityStoreTokens(tokens: tokens, clock: context.clock)
        ).register(on: router)
        MeRoute(authorization: authorization, service: service, baseURL: baseURL).register(on: router)
        SCIMRoutes(service: service, statusStyle: .string) { request, _ in
            let caller = try authorization.caller(of: request)
            return SCIMScope(partition: caller.partition, baseURL: baseURL(request, caller.storeID))
        }.register(on: router, prefix: "/api/v1/scim/ids/{ids_id}/v2", envelope: IdentityStoreError.envelope)
    }

    public func resetState() { service?.store.forget() }

    /// Loads `secureauth-identity-store.json` (see `IdentityStoreSeed`).
    public func loadSeed(_ seed: JSONReader, context: EmulatorContext) throws {
        try IdentityStoreSeed(context: context).load(seed)
    }
}
