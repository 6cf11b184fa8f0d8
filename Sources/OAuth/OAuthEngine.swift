import HTTP
import JOSE
import JSON
import Primitives
import Store

/// The vendor-neutral OAuth 2.0 / OIDC engine: client authentication, grants, token bookkeeping, introspection,
/// revocation and userinfo. Vendor modules give it an `OAuthRealm` and render its results in their wire format.
public final class OAuthEngine {
    public let tokens: TokenStore
    public let codes: CodeStore
    public let clock: Clock
    public let issuer: TokenIssuer
    let authenticator: ClientAuthenticator
    private var grants: [String: GrantHandler] = [:]
    /// Told about every store write the engine could not make (the vendor module logs it at error level).
    public var onStoreFailure: (_ what: String, _ error: Error) -> Void = { _, _ in }

    public init(database: Database, clock: Clock, workers: WorkerPool?) {
        tokens = TokenStore(database: database, clock: clock)
        codes = CodeStore(database: database)
        self.clock = clock
        authenticator = ClientAuthenticator(database: database)
        issuer = TokenIssuer(tokens: tokens, clock: clock, signing: SigningWork(workers: workers))
        let handlers: [GrantHandler] = [
            ClientCredentialsGrant(), AuthorizationCodeGrant(), RefreshTokenGrant(), PasswordGrant(),
        ]
        for handler in handlers {
            register(handler)
        }
    }

    /// Adds or replaces a grant type (vendors add `password`, `organization_switch`, …).
    public func register(_ handler: GrantHandler) { grants[handler.grantType] = handler }

    /// The handler registered for `grantType`, or nil. Vendors that run the token endpoint's steps themselves
    /// (Authlete's token API) look grants up here.
    public func grantHandler(for grantType: String) -> GrantHandler? { grants[grantType] }

    /// The first parameter that a token request repeats (RFC 6749 §3.2: parameters must not be included more
    /// than once), or nil.
    public static func repeatedParameter(in form: FormData) -> String? {
        form.pairs.map(\.name).first { form.occurrences(of: $0) > 1 }
    }

    /// Authenticates the client of a form request (token, introspection, revocation endpoints).
    public func authenticateClient(_ request: Request, realm: OAuthRealm) -> Result<OAuthClient, OAuthError> {
        PresentedCredentials.from(request).flatMap {
            authenticator.authenticate($0, realm: realm, now: clock.now().epochSeconds)
        }
    }

    /// The token endpoint (RFC 6749 §3.2): calls `completion` with the response members or an error.
    public func token(
        _ request: Request, realm: OAuthRealm,
        completion: @escaping (Result<JSONObject, OAuthError>) -> Void
    ) {
        guard request.method == .POST else {
            return completion(.failure(.invalidRequest("The token endpoint accepts POST only")))
        }
        guard request.isForm else {
            return completion(.failure(.invalidRequest("The request must be application/x-www-form-urlencoded")))
        }
        let form = request.form
        if let repeated = Self.repeatedParameter(in: form) {
            return completion(.failure(.invalidRequest("The parameter \(repeated) is repeated")))
        }
        guard let grantType = form["grant_type"], !grantType.isEmpty else {
            return completion(.failure(.invalidRequest("The grant_type parameter is missing")))
        }
        let client: OAuthClient
        switch authenticateClient(request, realm: realm) {
        case .failure(let error): return completion(.failure(error))
        case .success(let authenticated): client = authenticated
        }
        guard let handler = grants[grantType], realm.grantTypes.contains(grantType) else {
            return completion(.failure(.unsupportedGrantType("The grant type \(grantType) is not supported")))
        }
        guard client.grantTypes.contains(grantType) else {
            return completion(
                .failure(
                    .unauthorizedClient("The client is not allowed to use the grant type \(grantType)")))
        }
        do {
            issuer.issue(
                try handler.grant(form, client: client, realm: realm, engine: self), realm: realm,
                completion: completion)
        } catch {
            completion(.failure(error))
        }
    }

    /// RFC 7662 introspection of `token` in `realm`. Inactive, unknown, foreign or (when `callerClientID` is set and
    /// `anyToken` is false) another client's tokens are `{"active": false}`.
    public func introspect(_ token: String, realm: OAuthRealm, callerClientID: String?, anyToken: Bool) -> JSONObject {
        let now = clock.now().epochSeconds
        guard let record = tokens.find(token, realm: realm.id), record.isActive(at: now),
            anyToken || callerClientID == nil || callerClientID == record.clientID
        else { return ["active": false] }
        var body: JSONObject = [
            "active": true,
            "client_id": .string(record.clientID),
            "sub": .string(record.subject),
            "scope": .string(Scopes.format(record.scopes)),
            "exp": .int(record.expiresAt),
            "iat": .int(record.issuedAt),
            "iss": .string(realm.issuer),
            "token_type": .string(record.kind == .access ? "access_token" : "refresh_token"),
        ]
        if let jti = record.claims["jti"] { body["jti"] = jti }
        if let aud = record.claims["aud"], aud != .null { body["aud"] = aud }
        return body
    }

    /// RFC 7009 revocation: a refresh token takes its whole family with it; unknown tokens are ignored.
    /// A revocation the store cannot record throws `server_error` (the token must not look revoked when it is not).
    public func revoke(_ token: String, realm: OAuthRealm, callerClientID: String) throws(OAuthError) {
        guard let record = tokens.find(token, realm: realm.id), record.clientID == callerClientID else { return }
        try write("the revocation") {
            if record.kind == .refresh { try tokens.revokeGrant(record.grantID) } else { try tokens.revoke(token) }
        }
    }

    /// Runs a store write the request depends on: a failure is reported to `onStoreFailure` and thrown as
    /// `server_error`, so the caller issues nothing.
    public func write(_ what: String, _ body: () throws -> Void) throws(OAuthError) {
        do {
            try body()
        } catch {
            onStoreFailure(what, error)
            throw .serverError("The emulator could not store \(what); nothing was issued")
        }
    }

    /// The active token record for a bearer token in `realm`, or nil.
    public func activeToken(_ token: String, realm: OAuthRealm) -> TokenRecord? {
        guard let record = tokens.find(token, realm: realm.id), record.kind == .access,
            record.isActive(at: clock.now().epochSeconds)
        else { return nil }
        return record
    }

    /// OIDC userinfo for a user access token: `sub` plus the claims released by its scopes.
    public func userinfo(_ token: String, realm: OAuthRealm) -> Result<JSONObject, OAuthError> {
        guard let record = activeToken(token, realm: realm) else {
            return .failure(.invalidToken("The access token is invalid or expired"))
        }
        guard record.hasUser, let claims = record.claims["user"]?.objectValue else {
            return .failure(.invalidToken("The access token does not belong to a user"))
        }
        var body: JSONObject = ["sub": .string(record.subject)]
        for (name, value) in claims { body[name] = value }
        return .success(body)
    }
}
