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
    public var sharedSchemas: [SharedSchema] { [SharedSchema(name: OAuthSchema.name, migrations: OAuthSchema.migrations)] }
    private var directory: ServiceDirectory?

    public init() {}

    public func registerRoutes(on router: Router, context: EmulatorContext) {
        let directory = ServiceDirectory(database: context.database)
        self.directory = directory
        let engine = OAuthEngine(database: context.database, clock: context.clock, workers: context.workers)
        let runtime = Runtime(engine: engine, directory: directory, tickets: TicketStore(database: context.database, clock: context.clock),
                              clock: context.clock, grants: GrantedScopes(database: context.database, clock: context.clock))
        router.claim(prefix: "/api/", for: AuthleteErrors.vendor)
        context.rateLimits.register(AuthleteRateLimits(), forVendor: AuthleteErrors.vendor.id)
        let access = APIAccess(directory: directory, router: router)
        let clients = ClientRoutes(directory: directory, runtime: runtime)
        ServiceRoutes(directory: directory, runtime: runtime).register(access)
        clients.register(access)
        ClientRegistrationRoutes(clients: clients, runtime: runtime).register(access)
        AuthorizationRoutes(runtime: runtime).register(access)
        PushedAuthorizationRoutes(runtime: runtime).register(access)
        TokenRoutes(runtime: runtime).register(access)
        TokenInspectionRoutes(runtime: runtime).register(access)
        UserInfoRoutes(runtime: runtime).register(access)
        TokenManagementRoutes(runtime: runtime).register(access)
    }

    public func resetState() { directory?.invalidateAll() }

    /// `{"organizationTokens": [...], "services": [{Service members…, "accessTokens": [...], "clients": [Client…]}]}`;
    /// a service without `jwks` gets an RS256 key generated from `--key-seed` (when set) and its API key.
    public func loadSeed(_ seed: JSONReader, context: EmulatorContext) throws {
        let directory = ServiceDirectory(database: context.database)
        let now = context.clock.now()
        for token in try seed.optionalArray("organizationTokens") ?? [] {
            try directory.addAPIToken(try token.string(), scope: .organization)
        }
        for (index, entry) in (try seed.optionalArray("services") ?? []).enumerated() {
            let raw = try entry.object()
            var document: JSONObject
            switch FieldRules.sanitize(raw, rules: FieldRules.service) {
            case .failure(let problem): throw JSONReadError(path: entry.path + "." + problem.field, reason: problem.reason)
            case .success(let clean): document = clean
            }
            guard let apiKey = document["apiKey"]?.intValue, apiKey > 0 else {
                throw JSONReadError(path: entry.path + ".apiKey", reason: "a positive integer is required")
            }
            if let jwks = document["jwks"]?.stringValue {
                if let problem = ServiceRoutes.jwksProblem(jwks) { throw JSONReadError(path: entry.path + ".jwks", reason: problem) }
            } else {
                let key = try SigningKey.generate(.rsa, use: "sig", algorithm: "RS256", createdAt: now,
                                                  seed: context.configuration.keySeed.map { Array($0.utf8) }, label: "authlete/\(apiKey)/sig")
                document["jwks"] = .string(JSON.object(["keys": [key.privateJWK()]]).jsonString())
            }
            document["number"] = .int(Int64(index + 1))
            document["createdAt"] = document["createdAt"] ?? .int(now.epochMilliseconds)
            document["modifiedAt"] = document["modifiedAt"] ?? .int(now.epochMilliseconds)
            ServiceRoutes.complete(&document)
            try directory.insertService(document)
            for token in try entry.optionalArray("accessTokens") ?? [] {
                try directory.addAPIToken(try token.string(), scope: .service(apiKey))
            }
            for (clientIndex, client) in (try entry.optionalArray("clients") ?? []).enumerated() {
                var clientDocument: JSONObject
                switch FieldRules.sanitize(try client.object(), rules: FieldRules.client) {
                case .failure(let problem): throw JSONReadError(path: client.path + "." + problem.field, reason: problem.reason)
                case .success(let clean): clientDocument = clean
                }
                guard let clientID = clientDocument["clientId"]?.intValue, clientID > 0 else {
                    throw JSONReadError(path: client.path + ".clientId", reason: "a positive integer is required")
                }
                guard clientDocument["clientSecret"]?.stringValue != nil else {
                    throw JSONReadError(path: client.path + ".clientSecret", reason: "a string is required")
                }
                clientDocument["number"] = .int(Int64(clientIndex + 1))
                clientDocument["serviceNumber"] = document["number"]
                clientDocument["createdAt"] = clientDocument["createdAt"] ?? .int(now.epochMilliseconds)
                clientDocument["modifiedAt"] = clientDocument["modifiedAt"] ?? .int(now.epochMilliseconds)
                ClientRoutes.complete(&clientDocument)
                try directory.insertClient(clientDocument, service: apiKey)
            }
        }
    }
}
