import Emulator
import HTTP
import JOSE
import JSON
import OAuth
import Primitives

/// The OAuth 2.0 / OIDC endpoints of a root organization under `/t/{org}`: token, discovery, JWKS, introspection,
/// revocation, userinfo and RP-initiated logout (the authorize and app-native endpoints are in `LoginRoutes`).
struct OAuthRoutes {
    let directory: OrganizationDirectory
    let engine: OAuthEngine
    let realms: OrganizationRealm
    let users: OrganizationUsers
    let switcher: OrganizationSwitch
    let context: EmulatorContext
    static let group = "oauth2"
    /// WSO2 answers every client authentication failure of the token endpoint with this text (IS 7.1+,
    /// `wso2/product-is` #22336 and #23259), whether the client is unknown or the secret is wrong.
    static let invalidClientMessage = "Client credentials are invalid."

    func register(on router: Router) {
        let envelope = AsgardeoEnvelopes.oauth
        let token = router.group("/t/{org}/oauth2", envelope: envelope, rateGroup: Self.group) { request in
            // WSO2 answers a token request for an unknown organization as one of an unknown client.
            guard let organization = self.organization(request) else { throw Self.tokenError(.invalidClient()) }
            return organization
        }
        token.deferred(.POST, "/token", self.token)
        let oauth2 = router.group("/t/{org}/oauth2", envelope: envelope, rateGroup: Self.group) { request in
            try self.existingOrganization(request)
        }
        oauth2.on(.GET, "/token/.well-known/openid-configuration", discovery)
        oauth2.on(.GET, "/jwks") { _, organization in .json(organization.jwksBody) }
        oauth2.on(.GET, "/userinfo", userinfo)
        oauth2.on(.POST, "/userinfo", userinfo)
        let clients = oauth2.group("", authorize: clientCall)
        clients.on(.POST, "/introspect", introspect)
        clients.on(.POST, "/revoke", revoke)
        let oidc = router.group("/t/{org}/oidc", envelope: envelope, rateGroup: "oidc") { request in
            try self.existingOrganization(request)
        }
        oidc.on(.GET, "/logout", logout)
        oidc.on(.POST, "/logout", logout)
    }

    // MARK: Helpers

    /// The root organization the path's `{org}` names.
    func organization(_ request: Request) -> Organization? {
        request.param("org").flatMap(directory.root(handle:))
    }

    /// The root organization the path names, or a 404 in OAuth's JSON.
    private func existingOrganization(_ request: Request) throws(AsgardeoError) -> Organization {
        guard let organization = organization(request) else {
            throw .oauth(OAuthError("invalid_request", "The organization does not exist", status: 404))
        }
        return organization
    }

    /// The client id a request names (Basic user-id or `client_id`), before it is authenticated.
    static func claimedClientID(_ request: Request) -> String? {
        if case .basic(let user, _)? = request.authorization {
            return PercentDecoding.decode(Substring(user), plusAsSpace: true)
        }
        return request.form["client_id"]
    }

    /// WSO2 refuses a request that carries client credentials both in a Basic header and in the body
    /// (`BasicAuthClientAuthenticator.validateDuplicatedBasicAuthInfo`); Basic plus only `client_id` is fine.
    static func hasDuplicatedCredentials(_ request: Request) -> Bool {
        guard case .basic? = request.authorization, request.isForm else { return false }
        return request.form["client_id"] != nil && request.form["client_secret"] != nil
    }

    /// The realm for the client a request names (its token policy).
    func realm(
        _ organization: Organization, _ request: Request, clientID: String? = nil,
        applicationToken: Bool = false
    ) -> OAuthRealm {
        let application = (clientID ?? Self.claimedClientID(request)).flatMap(organization.application(clientID:))
        return realms.realm(
            organization, origin: context.origin(for: request), application: application,
            applicationToken: applicationToken)
    }

    /// A token-endpoint error as WSO2 words it.
    static func tokenError(_ error: OAuthError) -> AsgardeoError {
        if error.code == "invalid_client" {
            return .oauth(OAuthError("invalid_client", invalidClientMessage, status: 401))
        }
        return .oauth(error)
    }

    /// The token endpoint's answer to an issued token (or the engine's refusal).
    static func tokenResponse(_ result: Result<JSONObject, OAuthError>) -> Response {
        do throws(AsgardeoError) {
            var body = try AsgardeoError.unwrap(result, tokenError)
            if body["scope"] == "" { body["scope"] = nil }
            var response = Response.json(.object(body))
            response.headers.set("Cache-Control", "no-store")
            response.headers.set("Pragma", "no-cache")
            return response
        } catch {
            return error.response
        }
    }

    // MARK: Endpoints

    private func token(_ request: Request, _ organization: Organization) throws -> Reply {
        if Self.hasDuplicatedCredentials(request) {
            throw AsgardeoError.oauth(.invalidRequest("Request body and headers contain authorization information"))
        }
        let grantType = request.isForm ? request.form["grant_type"] : nil
        let realm = realm(organization, request, applicationToken: grantType == "client_credentials")
        if grantType == OrganizationSwitch.grantType {
            return try switcher.token(
                request, organization: organization, rootRealm: realm,
                origin: context.origin(for: request))
        }
        return .collect { resolve in
            engine.token(request, realm: realm) { resolve(Self.tokenResponse($0)) }
        }
    }

    private func discovery(_ request: Request, _ organization: Organization) -> Response {
        let origin = context.origin(for: request)
        if organization.discoveryCache[origin] == nil {
            organization.discoveryCache[origin] =
                OIDCDiscovery.document(origin: origin, rootHandle: organization.handle).serialized()
        }
        return .json(organization.discoveryCache[origin]!)
    }

    /// What introspection and revocation work on: the organization, the realm of the authenticated client, and the
    /// `token` parameter.
    private struct ClientCall {
        let organization: Organization
        let realm: OAuthRealm
        let client: OAuthClient
        let token: String
    }

    /// Introspection and revocation need an authenticated client (credentials in one place only) and a `token`.
    private func clientCall(_ request: Request, _ organization: Organization) throws(AsgardeoError) -> ClientCall {
        let realm = realm(organization, request)
        let failed = AsgardeoError.oauth(OAuthError("invalid_client", "Client Authentication failed.", status: 401))
        if Self.hasDuplicatedCredentials(request) { throw failed }
        let client = try AsgardeoError.unwrap(engine.authenticateClient(request, realm: realm)) { _ in failed }
        guard let token = request.form["token"], !token.isEmpty else {
            throw .oauth(.invalidRequest("Invalid request. The token parameter is missing"))
        }
        return ClientCall(organization: organization, realm: realm, client: client, token: token)
    }

    /// RFC 7662 as WSO2 answers it: `token_type: Bearer`, `nbf`, `aut`, and `username` for user tokens. Any client of
    /// the organization may introspect its tokens.
    private func introspect(_ request: Request, _ call: ClientCall) -> Response {
        var body = engine.introspect(call.token, realm: call.realm, callerClientID: nil, anyToken: true)
        if body["active"] == true, let record = engine.tokens.find(call.token, realm: call.realm.id) {
            if record.kind == .access { body["token_type"] = "Bearer" }
            body["nbf"] = .int(record.issuedAt)
            body["aut"] = record.hasUser ? "APPLICATION_USER" : "APPLICATION"
            if record.hasUser, let username = users.username(orgID: call.organization.id, userID: record.subject) {
                body["username"] = .string(username)
            }
            body["org_id"] = .string(call.organization.id)
        }
        var response = Response.json(.object(body))
        response.headers.set("Cache-Control", "no-store")
        return response
    }

    /// RFC 7009: 200 for any token, even unknown ones; a client revokes only its own tokens. Asgardeo answers with a
    /// JSON body, which `asgardeo-auth-python-sdk` parses (an empty object here; the body's members are undocumented).
    private func revoke(_ request: Request, _ call: ClientCall) throws -> Response {
        do {
            try engine.revoke(call.token, realm: call.realm, callerClientID: call.client.id)
        } catch {
            throw AsgardeoError.oauth(error)
        }
        var response = Response.json([:] as JSON)
        response.headers.set("Cache-Control", "no-store")
        return response
    }

    /// A 401 `invalid_token` with its `WWW-Authenticate` challenge.
    private static var invalidToken: AsgardeoError {
        let error = OAuthError("invalid_token", "Access token validation failed", status: 401)
        var response = AsgardeoError.oauth(error).response
        response.headers.set(
            "WWW-Authenticate",
            "Bearer error=\"invalid_token\", error_description=\"Access token validation failed\"")
        return AsgardeoError(response: response)
    }

    private func userinfo(_ request: Request, _ organization: Organization) throws -> Response {
        guard case .bearer(let token)? = request.authorization else { throw Self.invalidToken }
        let claims = try AsgardeoError.unwrap(engine.userinfo(token, realm: realm(organization, request))) { _ in
            Self.invalidToken
        }
        return .json(.object(claims))
    }

    /// OIDC RP-initiated logout: with `post_logout_redirect_uri` (registered for the client named by `client_id` or
    /// by the `id_token_hint`'s audience) a redirect carrying `state`; otherwise a confirmation page. The emulator
    /// keeps no login session, so there is nothing else to end.
    private func logout(_ request: Request, _ organization: Organization) throws -> Response {
        let params = request.method == .POST ? request.form : request.query
        var clientID = params["client_id"]
        if let hint = params["id_token_hint"], !hint.isEmpty {
            let key = [VerificationKey(organization.signingKey)]
            // A hint that does not verify is no hint of this organization's.
            guard let verified = try? JWS.verify(hint, keys: key, allowed: [.RS256]).get() else {
                throw Self.logoutError("The id_token_hint is not a valid ID token of this organization")
            }
            let audience = verified.payload["aud"]?.stringValue ?? verified.payload["aud"]?[0]?.stringValue
            if let clientID, clientID != audience {
                throw Self.logoutError("client_id does not match the id_token_hint")
            }
            clientID = audience
        }
        guard let redirect = params["post_logout_redirect_uri"], !redirect.isEmpty else {
            return .html(
                "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                    + "<title>Signed out</title></head>"
                    + "<body><h1>You have successfully signed out.</h1></body></html>\n")
        }
        guard let clientID, let client = organization.client(clientID), client.redirectURIs.contains(redirect) else {
            throw Self.logoutError("The post_logout_redirect_uri is not registered for the client")
        }
        let state = params["state"].map { [("state", $0)] } ?? []
        return state.isEmpty ? .redirect(to: redirect) : AuthorizationEndpoint.redirect(to: redirect, with: state)
    }

    /// A logout request the login page refuses (400).
    private static func logoutError(_ description: String) -> AsgardeoError {
        .page(.invalidRequest(description), status: 400)
    }
}
