import Emulator
import HTTP
import JOSE
import JSON
import OAuth
import Primitives

/// The OAuth 2.0 / OIDC endpoints of a root organization under `/t/{org}`: token, discovery, JWKS, introspection,
/// revocation, userinfo and RP-initiated logout (the authorize and app-native endpoints are in `LoginRoutes`).
final class OAuthRoutes {
    private let directory: OrganizationDirectory
    private let engine: OAuthEngine
    private let realms: OrganizationRealm
    private let users: OrganizationUsers
    private let switcher: OrganizationSwitch
    private let context: EmulatorContext
    static let group = "oauth2"
    /// WSO2 answers every client authentication failure of the token endpoint with this text (IS 7.1+,
    /// `wso2/product-is` #22336 and #23259), whether the client is unknown or the secret is wrong.
    static let invalidClientMessage = "Client credentials are invalid."

    init(directory: OrganizationDirectory, engine: OAuthEngine, realms: OrganizationRealm, users: OrganizationUsers,
         switcher: OrganizationSwitch, context: EmulatorContext) {
        self.directory = directory
        self.engine = engine
        self.realms = realms
        self.users = users
        self.switcher = switcher
        self.context = context
    }

    func register(on router: Router) {
        let v = AsgardeoErrors.oauth, g = Self.group
        router.add(.POST, "/t/{org}/oauth2/token", envelope: v, group: g) { self.token($0) }
        router.add(.GET, "/t/{org}/oauth2/token/.well-known/openid-configuration", envelope: v, group: g) { self.discovery($0) }
        router.add(.GET, "/t/{org}/oauth2/jwks", envelope: v, group: g) { self.jwks($0) }
        router.add(.POST, "/t/{org}/oauth2/introspect", envelope: v, group: g) { self.introspect($0) }
        router.add(.POST, "/t/{org}/oauth2/revoke", envelope: v, group: g) { self.revoke($0) }
        router.add(.GET, "/t/{org}/oauth2/userinfo", envelope: v, group: g) { self.userinfo($0) }
        router.add(.POST, "/t/{org}/oauth2/userinfo", envelope: v, group: g) { self.userinfo($0) }
        router.add(.GET, "/t/{org}/oidc/logout", envelope: v, group: "oidc") { self.logout($0) }
        router.add(.POST, "/t/{org}/oidc/logout", envelope: v, group: "oidc") { self.logout($0) }
    }

    // MARK: Helpers

    private func organization(_ request: Request) -> Organization? { directory.root(handle: request.param("org")!) }

    private static var unknownOrganization: Reply {
        .now(AsgardeoErrors.oauthBody(OAuthError("invalid_request", "The organization does not exist", status: 404)))
    }

    /// The client id a request names (Basic user-id or `client_id`), before it is authenticated.
    static func claimedClientID(_ request: Request) -> String? {
        if case .basic(let user, _)? = request.authorization { return PercentDecoding.decode(Substring(user), plusAsSpace: true) }
        return request.form["client_id"]
    }

    /// WSO2 refuses a request that carries client credentials both in a Basic header and in the body
    /// (`BasicAuthClientAuthenticator.validateDuplicatedBasicAuthInfo`); Basic plus only `client_id` is fine.
    static func hasDuplicatedCredentials(_ request: Request) -> Bool {
        guard case .basic? = request.authorization, request.isForm else { return false }
        return request.form["client_id"] != nil && request.form["client_secret"] != nil
    }

    /// The realm for the client a request names (its token policy).
    func realm(_ organization: Organization, _ request: Request, clientID: String? = nil, applicationToken: Bool = false) -> OAuthRealm {
        let application = (clientID ?? Self.claimedClientID(request)).flatMap(organization.application(clientID:))
        return realms.realm(organization, origin: context.origin(for: request), application: application, applicationToken: applicationToken)
    }

    /// A token-endpoint error as WSO2 words it.
    static func tokenError(_ error: OAuthError) -> Response {
        if error.code == "invalid_client" { return AsgardeoErrors.oauthBody(OAuthError("invalid_client", invalidClientMessage, status: 401)) }
        return AsgardeoErrors.oauthBody(error)
    }

    static func tokenResponse(_ result: Result<JSONObject, OAuthError>) -> Response {
        switch result {
        case .failure(let error): return tokenError(error)
        case .success(var body):
            if body["scope"] == "" { body["scope"] = nil }
            var response = Response.json(.object(body))
            response.headers.set("Cache-Control", "no-store")
            response.headers.set("Pragma", "no-cache")
            return response
        }
    }

    // MARK: Endpoints

    private func token(_ request: Request) -> Reply {
        guard let organization = organization(request) else {
            return .now(Self.tokenError(.invalidClient()))
        }
        if Self.hasDuplicatedCredentials(request) {
            return .now(AsgardeoErrors.oauthBody(.invalidRequest("Request body and headers contain authorization information")))
        }
        let grantType = request.isForm ? request.form["grant_type"] : nil
        let realm = realm(organization, request, applicationToken: grantType == "client_credentials")
        if grantType == OrganizationSwitch.grantType {
            return switcher.token(request, organization: organization, rootRealm: realm, origin: context.origin(for: request))
        }
        return .collect { resolve in
            engine.token(request, realm: realm) { resolve(Self.tokenResponse($0)) }
        }
    }

    private func discovery(_ request: Request) -> Reply {
        guard let organization = organization(request) else { return Self.unknownOrganization }
        let origin = context.origin(for: request)
        if organization.discoveryCache[origin] == nil {
            organization.discoveryCache[origin] = OIDCDiscovery.document(origin: origin, rootHandle: organization.handle).serialized()
        }
        return .now(.json(organization.discoveryCache[origin]!))
    }

    private func jwks(_ request: Request) -> Reply {
        guard let organization = organization(request) else { return Self.unknownOrganization }
        return .now(.json(organization.jwksBody))
    }

    /// Introspection and revocation: the organization, the `token` parameter and an authenticated client.
    private func tokenCall(_ request: Request, failure: String,
                           _ body: (Organization, OAuthRealm, String, OAuthClient) -> Response) -> Reply {
        guard let organization = organization(request) else { return Self.unknownOrganization }
        let realm = realm(organization, request)
        if Self.hasDuplicatedCredentials(request) {
            return .now(AsgardeoErrors.oauthBody(OAuthError("invalid_client", failure, status: 401)))
        }
        let client: OAuthClient
        switch engine.authenticateClient(request, realm: realm) {
        case .failure: return .now(AsgardeoErrors.oauthBody(OAuthError("invalid_client", failure, status: 401)))
        case .success(let authenticated): client = authenticated
        }
        guard let token = request.form["token"], !token.isEmpty else {
            return .now(AsgardeoErrors.oauthBody(.invalidRequest("Invalid request. The token parameter is missing")))
        }
        return .now(body(organization, realm, token, client))
    }

    /// RFC 7662 as WSO2 answers it: `token_type: Bearer`, `nbf`, `aut`, and `username` for user tokens. Any client of
    /// the organization may introspect its tokens.
    private func introspect(_ request: Request) -> Reply {
        tokenCall(request, failure: "Client Authentication failed.") { organization, realm, token, _ in
            var body = engine.introspect(token, realm: realm, callerClientID: nil, anyToken: true)
            if body["active"] == true, let record = engine.tokens.find(token, realm: realm.id) {
                if record.kind == .access { body["token_type"] = "Bearer" }
                body["nbf"] = .int(record.issuedAt)
                body["aut"] = record.hasUser ? "APPLICATION_USER" : "APPLICATION"
                if record.hasUser, let username = users.username(orgID: organization.id, userID: record.subject) {
                    body["username"] = .string(username)
                }
                body["org_id"] = .string(organization.id)
            }
            var response = Response.json(.object(body))
            response.headers.set("Cache-Control", "no-store")
            return response
        }
    }

    /// RFC 7009: 200 for any token, even unknown ones; a client revokes only its own tokens. Asgardeo answers with a
    /// JSON body, which `asgardeo-auth-python-sdk` parses (an empty object here; the body's members are undocumented).
    private func revoke(_ request: Request) -> Reply {
        tokenCall(request, failure: "Client Authentication failed.") { _, realm, token, client in
            do throws(OAuthError) {
                try engine.revoke(token, realm: realm, callerClientID: client.id)
            } catch {
                return AsgardeoErrors.oauthBody(error)
            }
            var response = Response.json([:] as JSON)
            response.headers.set("Cache-Control", "no-store")
            return response
        }
    }

    private func userinfo(_ request: Request) -> Reply {
        guard let organization = organization(request) else { return Self.unknownOrganization }
        let token: String?
        if case .bearer(let value)? = request.authorization { token = value } else { token = nil }
        guard let token else {
            var response = AsgardeoErrors.oauthBody(OAuthError("invalid_token", "Access token validation failed", status: 401))
            response.headers.set("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"Access token validation failed\"")
            return .now(response)
        }
        switch engine.userinfo(token, realm: realm(organization, request)) {
        case .success(let claims): return .now(.json(.object(claims)))
        case .failure:
            var response = AsgardeoErrors.oauthBody(OAuthError("invalid_token", "Access token validation failed", status: 401))
            response.headers.set("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"Access token validation failed\"")
            return .now(response)
        }
    }

    /// OIDC RP-initiated logout: with `post_logout_redirect_uri` (registered for the client named by `client_id` or
    /// by the `id_token_hint`'s audience) a redirect carrying `state`; otherwise a confirmation page. The emulator
    /// keeps no login session, so there is nothing else to end.
    private func logout(_ request: Request) -> Reply {
        guard let organization = organization(request) else { return Self.unknownOrganization }
        let params = request.method == .POST ? request.form : request.query
        var clientID = params["client_id"]
        if let hint = params["id_token_hint"], !hint.isEmpty {
            let key = [VerificationKey(organization.signingKey)]
            guard case .success(let verified) = JWS.verify(hint, keys: key, allowed: [.RS256]) else {
                return .now(LoginPage.error(.invalidRequest("The id_token_hint is not a valid ID token of this organization"), status: 400))
            }
            let audience = verified.payload["aud"]?.stringValue ?? verified.payload["aud"]?[0]?.stringValue
            if let clientID, clientID != audience {
                return .now(LoginPage.error(.invalidRequest("client_id does not match the id_token_hint"), status: 400))
            }
            clientID = audience
        }
        guard let redirect = params["post_logout_redirect_uri"], !redirect.isEmpty else {
            return .now(.html("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Signed out</title></head>"
                              + "<body><h1>You have successfully signed out.</h1></body></html>\n"))
        }
        guard let clientID, let client = organization.client(clientID), client.redirectURIs.contains(redirect) else {
            return .now(LoginPage.error(.invalidRequest("The post_logout_redirect_uri is not registered for the client"), status: 400))
        }
        let state = params["state"].map { [("state", $0)] } ?? []
        return .now(state.isEmpty ? .redirect(to: redirect) : AuthorizationEndpoint.redirect(to: redirect, with: state))
    }
}
