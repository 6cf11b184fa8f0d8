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
    public var sharedSchemas: [SharedSchema] { [SharedSchema(name: OAuthSchema.name, migrations: OAuthSchema.migrations)] }
    private var directory: WorkspaceDirectory?
    private var rateLimits: SecureAuthRateLimits?

    public init() {}

    public func registerRoutes(on router: Router, context: EmulatorContext) {
        let directory = WorkspaceDirectory(database: context.database)
        self.directory = directory
        let engine = OAuthEngine(database: context.database, clock: context.clock, workers: context.workers)
        let keys = KeyProvisioning(workers: context.workers, keySeed: context.configuration.keySeed.map { Array($0.utf8) })
        router.claim(prefix: "/api/admin/", for: SecureAuthErrors.admin)
        let rateLimits = SecureAuthRateLimits(database: context.database)
        self.rateLimits = rateLimits
        context.rateLimits.register(rateLimits, forVendor: SecureAuthErrors.oauth2.id)
        context.rateLimits.register(rateLimits, forVendor: SecureAuthErrors.admin.id)
        RateLimitRoutes(limits: rateLimits, directory: directory, engine: engine).register(on: router)
        OAuth2Routes(directory: directory, engine: engine, context: context).register(on: router)
        AdminServerRoutes(directory: directory, engine: engine, context: context, keys: keys).register(on: router)
        AdminClientRoutes(directory: directory, engine: engine).register(on: router)
        AdminIDPRoutes(directory: directory, engine: engine).register(on: router)
        router.claim(prefix: "/api/system/", for: SecureAuthErrors.admin)
        router.claim(prefix: "/api/hub/", for: SecureAuthErrors.admin)
        let importer = ConfigurationImporter(directory: directory, engine: engine, context: context, keys: keys)
        let configurationAuthorization = ConfigurationAuthorization(engine: engine, directory: directory)
        SystemConfigurationRoutes(directory: directory, importer: importer, authorization: configurationAuthorization).register(on: router)
        HubPromoteRoutes(directory: directory, importer: importer, authorization: configurationAuthorization).register(on: router)
    }

    public func resetState() {
        directory?.invalidateAll()
        rateLimits?.forget()
    }

    /// `{"tenants": [{"id", "rate_limits": {module: {rate, burst, period}}, "servers": [{server fields…, "clients": [...],
    /// "idps": [...]}]}]}`; servers without keys get generated ones (from `--key-seed` when set).
    public func loadSeed(_ seed: JSONReader, context: EmulatorContext) throws {
        let directory = WorkspaceDirectory(database: context.database)
        let keySeed = context.configuration.keySeed.map { Array($0.utf8) }
        for tenant in try seed.array("tenants") {
            let tid = try tenant.string("id")
            guard ServerDefaults.isValidID(tid) else { throw JSONReadError(path: tenant.path + ".id", reason: "must match ^[a-zA-Z0-9_-]+$") }
            try directory.insertTenant(tid, document: ["id": .string(tid)])
            for (module, quota) in try tenant.optionalObject("rate_limits") ?? [:] {
                guard SecureAuthRateLimits.defaults[module] != nil else {
                    throw JSONReadError(path: tenant.path + ".rate_limits." + module, reason: "unknown rate-limit module")
                }
                guard case .success(let parsed) = SecureAuthRateLimits.quota(from: quota) else {
                    throw JSONReadError(path: tenant.path + ".rate_limits." + module,
                                       reason: "needs integer rate and burst and a duration period, such as {\"rate\": 300, \"burst\": 50, \"period\": \"1m0s\"}")
                }
                try SecureAuthRateLimits(database: context.database).set(parsed, tenant: tid, module: module)
            }
            for server in try tenant.array("servers") {
                var document = try server.object()
                document["clients"] = nil
                document["idps"] = nil
                if let reason = ServerDefaults.complete(&document, tenantID: tid) { throw JSONReadError(path: server.path, reason: reason) }
                let sid = document["id"]!.stringValue!
                if (document["jwks"]?["keys"]?.arrayValue ?? []).isEmpty {
                    let algorithm = ServerDefaults.signingAlgorithm(keyType: document["key_type"]?.stringValue)
                    let now = context.clock.now()
                    let signing = try SigningKey.generate(algorithm == "ES256" ? .ec : .rsa, use: "sig", algorithm: algorithm,
                                                          createdAt: now, seed: keySeed, label: "\(tid)/\(sid)/sig")
                    document["jwks"] = ["keys": [signing.privateJWK()]]
                } else {
                    for (index, key) in (document["jwks"]?["keys"]?.arrayValue ?? []).enumerated() {
                        do { _ = try SigningKey(jwk: key) } catch {
                            throw JSONReadError(path: server.path + ".jwks.keys[\(index)]", reason: "\(error)")
                        }
                    }
                }
                try directory.insertServer(tid, document)
                for client in try server.optionalArray("clients") ?? [] {
                    var object = try client.object()
                    if let reason = ClientDocument.complete(&object, tenantID: tid, serverID: sid) {
                        throw JSONReadError(path: client.path, reason: reason)
                    }
                    try directory.insertClient(tid, object)
                }
                for idp in try server.optionalArray("idps") ?? [] {
                    var object = try idp.object()
                    if let reason = AdminIDPRoutes.complete(&object, tenantID: tid, serverID: sid) {
                        throw JSONReadError(path: idp.path, reason: reason)
                    }
                    try directory.insertIDP(tid, sid, object)
                }
            }
        }
    }
}
