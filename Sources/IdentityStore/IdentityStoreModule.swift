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
        [SharedSchema(name: OAuthSchema.name, migrations: OAuthSchema.migrations),
         SharedSchema(name: SCIMStorage.name, migrations: SCIMStorage.migrations)]
    }

    private var service: SCIMService?

    public init() {}

    public func registerRoutes(on router: Router, context: EmulatorContext) {
        let directory = IdentityStoreDirectory(database: context.database)
        let service = SCIMService(registry: IdentityStoreSchemas.registry, database: context.database, clock: context.clock)
        self.service = service
        let tokens = TokenStore(database: context.database)
        let authorization = BearerAuthorization(directory: directory, tokens: tokens, service: service, clock: context.clock)
        // Store ids are [a-zA-Z0-9_-]+ and the URL is built only for stores that exist, so no escaping is needed.
        let baseURL = { (request: Request, storeID: String) in
            context.origin(for: request) + "/api/v1/scim/ids/" + storeID + "/v2"
        }
        TokenRoutes(directory: directory, service: service, tokens: tokens, clock: context.clock).register(on: router)
        MeRoute(authorization: authorization, service: service, baseURL: baseURL).register(on: router)
        SCIMRoutes(service: service, statusStyle: .string) { request, _ in
            let storeID = request.param("ids_id") ?? ""
            _ = try authorization.user(of: request, store: storeID).get()
            return SCIMScope(partition: IdentityStoreDirectory.partition(storeID), baseURL: baseURL(request, storeID))
        }.register(on: router, prefix: "/api/v1/scim/ids/{ids_id}/v2", envelope: IdentityStoreErrors.vendor)
    }

    public func resetState() { service?.store.forget() }

    /// `{"stores": [{"id", "users": [SCIM User…], "groups": [SCIM Group…], "accessTokens": [{"token", "userId",
    /// "expiresIn"?}]}]}`. Users and groups keep their `id` and `meta`; `accessTokens` are fixed bearer tokens for
    /// scripts and benchmarks (valid `expiresIn` seconds from the load, 3600 by default).
    public func loadSeed(_ seed: JSONReader, context: EmulatorContext) throws {
        let directory = IdentityStoreDirectory(database: context.database)
        let service = SCIMService(registry: IdentityStoreSchemas.registry, database: context.database, clock: context.clock)
        let tokens = TokenStore(database: context.database)
        for store in try seed.array("stores") {
            let id = try store.string("id")
            guard !id.isEmpty, id.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 | 0x20 >= 97 && $0 | 0x20 <= 122) || $0 == 45 || $0 == 95 }) else {
                throw JSONReadError(path: store.path + ".id", reason: "must match ^[a-zA-Z0-9_-]+$")
            }
            guard !directory.exists(id) else { throw JSONReadError(path: store.path + ".id", reason: "duplicate identity store \(id)") }
            try directory.insert(id)
            let partition = IdentityStoreDirectory.partition(id)
            for (typeName, key) in [("User", "users"), ("Group", "groups")] {
                let definition = IdentityStoreSchemas.registry.definition(named: typeName)!
                for document in try store.optionalArray(key) ?? [] {
                    do {
                        _ = try service.seed(definition, document: document.value, partition: partition)
                    } catch let error as SCIMError {
                        throw JSONReadError(path: document.path, reason: error.detail)
                    }
                }
            }
            let now = context.clock.now().epochSeconds
            for token in try store.optionalArray("accessTokens") ?? [] {
                let text = try token.string("token"), userID = try token.string("userId")
                let lifetime = try token.optionalInt("expiresIn") ?? TokenRoutes.tokenLifetimeSeconds
                guard !text.isEmpty, lifetime > 0 else { throw JSONReadError(path: token.path, reason: "needs a non-empty token and a positive expiresIn") }
                guard try service.store.find(partition, "User", id: userID) != nil else {
                    throw JSONReadError(path: token.path + ".userId", reason: "no user \(userID) in store \(id)")
                }
                try tokens.record(text, TokenRecord(realm: IdentityStoreDirectory.realm(id), kind: .access, clientID: "seed", subject: userID,
                                                    scopes: [], issuedAt: now, expiresAt: now + lifetime, grantID: SecureRandom.uuid()), now: now)
            }
        }
    }
}
