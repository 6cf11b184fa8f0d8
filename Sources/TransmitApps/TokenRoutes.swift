import Emulator
import HTTP
import JOSE
import JSON
import OAuth

/// Mosaic's OIDC endpoints for client credentials: `POST /oidc/token` (token.openapi.json, at the host root) and
/// `POST /cis/oidc/token` (oidc.openapi.json), the JWKS at `/cis/oidc/jwks` and the discovery document.
///
/// Every token is an RS256 JWT with the claims of client_access_tokens.md. Its issuer is `{origin}/cis/oidc`
/// (the request's origin or `--public-url`), so the discovery document, the JWKS and the tokens agree; Mosaic
/// itself uses `https://userid.security`, which is not a URL the emulator can serve.
final class TokenRoutes {
    /// Tokens of tenant `acme` live in the engine realm `transmit/acme`.
    static let realmPrefix = "transmit/"
    /// `aud` when the request names no `resource` (client_access_tokens.md).
    static let defaultAudience = "userid-api"

    private let directory: TransmitDirectory
    private let engine: OAuthEngine
    private let keys: SigningKeyRing
    private let context: EmulatorContext
    private var discoveryCache: [String: [UInt8]] = [:]

    init(directory: TransmitDirectory, engine: OAuthEngine, keys: SigningKeyRing, context: EmulatorContext) {
        self.directory = directory
        self.engine = engine
        self.keys = keys
        self.context = context
    }

    func register(on router: Router) {
        router.claim(prefix: "/oidc/", for: TransmitError.oidc)
        router.claim(prefix: "/cis/oidc/", for: TransmitError.oidc)
        let root = router.group("/oidc", envelope: TransmitError.oidc)
        let cis = router.group("/cis/oidc", envelope: TransmitError.oidc)
        root.deferred(.POST, "/token") { request, _ in try self.token(request) }
        cis.deferred(.POST, "/token") { request, _ in try self.token(request) }
        cis.on(.GET, "/jwks") { _, _ in try self.jwks() }
        cis.on(.GET, "/.well-known/openid-configuration") { request, _ in self.discovery(request) }
    }

    func forget() { discoveryCache.removeAll() }

    private func issuer(_ request: Request) -> String { context.origin(for: request) + "/cis/oidc" }

    /// The client a token request names (Basic user or `client_id`), looked up before authentication to find its
    /// tenant.
    static func namedClient(_ request: Request, directory: TransmitDirectory) -> RegisteredClient? {
        if case .basic(let user, _)? = request.authorization {
            return directory.client(PercentDecoding.decode(Substring(user), plusAsSpace: true))
        }
        return request.isForm ? request.form["client_id"].flatMap(directory.client) : nil
    }

    private func token(_ request: Request) throws(TransmitError) -> Reply {
        guard let key = keys.signingKey else {
            throw .oauth(.serverError("The emulator has no signing key; reset it with a valid seed"))
        }
        let resource = request.isForm ? request.form["resource"] : nil
        if let resource, !InputValidator.isAbsoluteURI(resource) || resource.utf8.contains(0x23) {
            throw .oauth(OAuthError("invalid_target", "resource indicator must be an absolute URI without a fragment"))
        }
        let named = Self.namedClient(request, directory: directory)
        let tenantID = named?.tenantID ?? ""
        let issuer = issuer(request)
        let realm = OAuthRealm(
            id: Self.realmPrefix + tenantID, issuer: issuer,
            tokenEndpoint: context.origin(for: request) + String(request.path),
            policy: TokenPolicy(
                accessTokenTTL: .seconds(named?.accessTokenTTL ?? ClientDocument.defaultAccessTokenTTL),
                scopeClaim: .spaceSeparated, tokenType: "Bearer"),
            signingKey: key, grantTypes: ["client_credentials"],
            findClient: { [directory] id in
                guard let client = directory.client(id), client.tenantID == tenantID else { return nil }
                return client.oauth
            },
            authenticateUser: { _, _ in nil },
            addAccessTokenClaims: { [directory] claims, client, _ in
                guard let registered = directory.client(client.id) else { return }
                claims["nbf"] = nil
                claims["aud"] = .string(resource ?? Self.defaultAudience)
                claims["client_id"] = .string(client.id)
                claims["app_id"] = .string(registered.appID)
                claims["app_name"] = .string(registered.appName)
                claims["tid"] = .string(registered.tenantID)
                claims["roles"] = registered.isManagement ? ["Admin"] : []
                if registered.isManagement { claims["role"] = ["Admin"] }
                claims["ts_roles"] = []
                claims["ts_permissions"] = []
            })
        return engine.tokenReply(request, realm: realm) { TransmitError.oauth($0).response }
    }

    private func jwks() throws(TransmitError) -> Response {
        guard let body = keys.jwksBody else { throw .oauth(.serverError("The emulator has no signing key")) }
        return .json(body)
    }

    /// OpenID Connect Discovery 1.0 metadata for what the emulator serves (client credentials, RS256).
    private func discovery(_ request: Request) -> Response {
        let origin = context.origin(for: request)
        if discoveryCache[origin] == nil {
            let issuer = issuer(request)
            let document: JSON = [
                "issuer": .string(issuer),
                "token_endpoint": .string(issuer + "/token"),
                "jwks_uri": .string(issuer + "/jwks"),
                "grant_types_supported": ["client_credentials"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "subject_types_supported": ["public"],
                "claims_supported": [
                    "sub", "iss", "aud", "iat", "exp", "jti", "scope", "client_id", "app_id", "app_name", "tid",
                    "roles", "ts_roles", "ts_permissions",
                ],
            ]
            if discoveryCache.count > 64 { discoveryCache.removeAll() }
            discoveryCache[origin] = document.serialized()
        }
        return .json(discoveryCache[origin]!)
    }
}
