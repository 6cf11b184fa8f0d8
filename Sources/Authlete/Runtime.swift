import Emulator
import HTTP
import JOSE
import JSON
import OAuth
import Primitives

/// What the runtime APIs share: the OAuth engine, the services, the tickets, and how a service becomes an
/// `OAuthRealm` the engine issues tokens in.
final class Runtime {
    let engine: OAuthEngine
    let directory: ServiceDirectory
    let tickets: TicketStore
    let clock: Clock
    /// Granted scopes per client and subject.
    let grants: GrantedScopes

    /// The engine's realm needs a key even when nothing is signed (opaque tokens without an ID token); services
    /// without a `jwks` get this one, and every path that would sign checks `hasSigningKey` first.
    private static let unusedKey: SigningKey = {
        // Deterministic: the label names its purpose; it never signs anything.
        try! SigningKey.generate(
            .ec, use: "sig", algorithm: "ES256", createdAt: Timestamp(nanoseconds: 0),
            seed: Array("authlete-unused".utf8), label: "no-jwks")
    }()

    init(engine: OAuthEngine, directory: ServiceDirectory, tickets: TicketStore, clock: Clock, grants: GrantedScopes) {
        self.engine = engine
        self.directory = directory
        self.tickets = tickets
        self.clock = clock
        self.grants = grants
    }

    static func realmID(_ service: AuthleteService) -> String { "authlete/\(service.apiKey)" }

    /// The ID-token key of `client` in `service` (the client's `idTokenSignAlg`, the service's
    /// `idTokenSignatureKeyId` when it names such a key).
    func idTokenKey(_ service: AuthleteService, _ client: AuthleteClient?) -> SigningKey? {
        service.signingKey(
            algorithm: client?.idTokenSignAlg ?? "RS256",
            preferredKid: service.document["idTokenSignatureKeyId"]?.stringValue)
    }

    /// The key for JWT access tokens when the service sets `accessTokenSignAlg` (Authlete then also issues the
    /// access token as a JWT, `jwtAccessToken`).
    func accessTokenKey(_ service: AuthleteService) -> SigningKey? {
        guard let algorithm = service.document["accessTokenSignAlg"]?.stringValue, algorithm != "NONE" else {
            return nil
        }
        return service.signingKey(
            algorithm: algorithm,
            preferredKid: service.document["accessTokenSignatureKeyId"]?.stringValue)
    }

    /// The realm of `service` for requests of `client`: issuer, durations (the client's extension overrides the
    /// service's), opaque `Bearer` tokens, and the clients as the engine sees them.
    func realm(
        _ service: AuthleteService, client: AuthleteClient?, accessTokenDuration: Int64? = nil,
        refreshTokenDuration: Int64? = nil
    ) -> OAuthRealm {
        func extensionDuration(_ name: String) -> Int64? {
            client?.document["extension"]?[name]?.intValue.flatMap { $0 > 0 ? $0 : nil }
        }
        let access = accessTokenDuration ?? extensionDuration("accessTokenDuration") ?? service.accessTokenDuration
        let refresh = refreshTokenDuration ?? extensionDuration("refreshTokenDuration") ?? service.refreshTokenDuration
        let jwtKey = accessTokenKey(service)
        var policy = TokenPolicy(
            accessTokenFormat: jwtKey == nil ? .opaque : .jwt, accessTokenTTL: .seconds(access),
            refreshTokenTTL: .seconds(refresh), idTokenTTL: .seconds(service.idTokenDuration),
            authorizationCodeTTL: .seconds(service.authorizationCodeDuration), scopeClaim: .spaceSeparated,
            tokenType: "Bearer")
        policy.listsAccessTokens = true  // auth/token/get/list shows every access token
        let key = jwtKey ?? idTokenKey(service, client) ?? Self.unusedKey
        return OAuthRealm(
            id: Self.realmID(service), issuer: service.issuer,
            tokenEndpoint: service.document["tokenEndpoint"]?.stringValue ?? service.issuer, policy: policy,
            signingKey: key, grantTypes: Set(service.grantTypeNames.compactMap { GrantTypeNames.oauthValue[$0] }),
            findClient: { id in service.client(identifier: id).map { $0.oauthClient(in: service) } },
            authenticateUser: { _, _ in nil })
    }

    /// The realm for a token request whose `accessTokenDuration` and `refreshTokenDuration` fields (when positive)
    /// override the durations.
    func realm(_ service: AuthleteService, client: AuthleteClient, durationsFrom fields: RequestFields) -> OAuthRealm {
        realm(
            service, client: client, accessTokenDuration: fields.positiveInt("accessTokenDuration"),
            refreshTokenDuration: fields.positiveInt("refreshTokenDuration"))
    }

    /// Whether ID tokens can be signed for `client` (its algorithm has a key in the service's JWKS).
    func canSignIDToken(_ service: AuthleteService, _ client: AuthleteClient) -> Bool {
        idTokenKey(service, client) != nil
    }

    /// An access token of `service` that exists (was issued and not revoked or deleted), usable or not.
    func existingAccessToken(_ token: String, service: AuthleteService) -> TokenRecord? {
        guard let record = engine.tokens.find(token, realm: Self.realmID(service)), record.kind == .access,
            !record.revoked
        else { return nil }
        return record
    }

    /// Issues `grant`'s tokens (signing may run on the worker pool) and answers with `respond` applied to the
    /// token response members, or with `failure` of the engine's error.
    func issue(
        _ grant: TokenGrant, realm: OAuthRealm, failure: @escaping (OAuthError) -> ActionResult,
        respond: @escaping (JSONObject) -> Response
    ) -> Reply {
        .collect { resolve in
            engine.issuer.issue(grant, realm: realm) { result in
                do throws(OAuthError) {
                    resolve(respond(try result.get()))
                } catch {
                    resolve(failure(error).response)
                }
            }
        }
    }

    var nowMilliseconds: Int64 { clock.now().epochMilliseconds }
}
