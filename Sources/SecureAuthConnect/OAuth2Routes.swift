import Emulator
import HTTP
import JOSE
import JSON
import OAuth

/// The per-workspace OAuth 2.0 / OIDC endpoints under `/{tid}/{aid}` (oauth2.yaml).
final class OAuth2Routes {
    private let directory: WorkspaceDirectory
    private let engine: OAuthEngine
    private let context: EmulatorContext
    private static let vendor = SecureAuthErrors.oauth2
    private static let group = "oauth2"

    init(directory: WorkspaceDirectory, engine: OAuthEngine, context: EmulatorContext) {
        self.directory = directory
        self.engine = engine
        self.context = context
    }

    func register(on router: Router) {
        let v = Self.vendor
        router.add(.GET, "/{tid}/{aid}/.well-known/openid-configuration", envelope: v, group: Self.group) { self.discovery($0) }
        router.add(.GET, "/{tid}/{aid}/.well-known/jwks.json", envelope: v, group: Self.group) { self.jwks($0) }
        router.add(.POST, "/{tid}/{aid}/oauth2/token", envelope: v, group: Self.group) { self.token($0) }
        router.add(.GET, "/{tid}/{aid}/oauth2/authorize", envelope: v, group: Self.group) { self.authorize($0) }
        router.add(.POST, "/{tid}/{aid}/oauth2/authorize", envelope: v, group: Self.group) { self.authorize($0) }
        router.add(.POST, "/{tid}/{aid}/oauth2/introspect", envelope: v, group: Self.group) { self.introspect($0) }
        router.add(.POST, "/{tid}/{aid}/oauth2/revoke", envelope: v, group: Self.group) { self.revoke($0) }
        router.add(.GET, "/{tid}/{aid}/userinfo", envelope: v, group: Self.group) { self.userinfo($0) }
        router.add(.POST, "/{tid}/{aid}/userinfo", envelope: v, group: Self.group) { self.userinfo($0) }
    }

    // MARK: Helpers

    private func workspace(_ request: Request) -> Workspace? {
        directory.workspace(request.param("tid")!, request.param("aid")!)
    }

    private static var notFound: Reply {
        .now(SecureAuthErrors.oauthBody(OAuthError("not_found", "The tenant or workspace does not exist", status: 404)))
    }

    private func issuer(_ workspace: Workspace, _ request: Request) -> String {
        context.origin(for: request) + "/" + workspace.tenantID + "/" + workspace.id
    }

    func realm(_ workspace: Workspace, _ request: Request) -> OAuthRealm {
        let issuer = issuer(workspace, request)
        return OAuthRealm(
            id: workspace.realmID, issuer: issuer, tokenEndpoint: issuer + "/oauth2/token", policy: workspace.policy,
            signingKey: workspace.signingKey, grantTypes: workspace.grantTypes,
            findClient: { workspace.clients[$0] },
            authenticateUser: { workspace.authenticate(username: $0, password: $1) },
            addAccessTokenClaims: { claims, _, user in
                claims["tid"] = .string(workspace.tenantID)
                claims["aid"] = .string(workspace.id)
                claims["st"] = "public"
                if let user {
                    claims["idp"] = user.idp.map(JSON.string) ?? .null
                    claims["amr"] = .array(user.amr.map(JSON.string))
                    claims["acr"] = "1"
                }
            })
    }

    // MARK: Endpoints

    private func discovery(_ request: Request) -> Reply {
        guard let workspace = workspace(request) else { return Self.notFound }
        let origin = context.origin(for: request)
        if workspace.discoveryCache[origin] == nil {
            workspace.discoveryCache[origin] = Discovery.document(workspace, issuer: issuer(workspace, request)).serialized()
        }
        return .now(.json(workspace.discoveryCache[origin]!))
    }

    private func jwks(_ request: Request) -> Reply {
        guard let workspace = workspace(request) else { return Self.notFound }
        return .now(.json(workspace.jwksBody))
    }

    private func token(_ request: Request) -> Reply {
        guard let workspace = workspace(request) else { return Self.notFound }
        let realm = realm(workspace, request)
        let basic = request.authorization.map { if case .basic = $0 { return true } else { return false } } ?? false
        return .collect { resolve in
            engine.token(request, realm: realm) { result in
                switch result {
                case .success(let body):
                    var response = Response.json(.object(body))
                    response.headers.set("Cache-Control", "no-store")
                    response.headers.set("Pragma", "no-cache")
                    resolve(response)
                case .failure(let error):
                    resolve(SecureAuthErrors.oauthBody(error, basicChallenge: basic))
                }
            }
        }
    }

    private func authorize(_ request: Request) -> Reply {
        guard let workspace = workspace(request) else { return Self.notFound }
        let realm = realm(workspace, request)
        let params = request.method == .POST ? request.form : request.query
        switch AuthorizationEndpoint.check(params, realm: realm) {
        case .errorPage(let status, let error):
            return .now(LoginPage.error(error, status: status))
        case .redirectError(let response):
            return .now(response)
        case .valid(let authorization):
            let action = String(request.path)
            let title = "\(workspace.document["name"]?.stringValue ?? workspace.id) · \(authorization.client.name ?? authorization.client.id)"
            guard request.method == .POST, let username = params["username"], let password = params["password"] else {
                return .now(LoginPage.render(title: title, action: action, parameters: authorization.parameters))
            }
            guard let user = realm.authenticateUser(username, password) else {
                return .now(LoginPage.render(title: title, action: action, parameters: authorization.parameters,
                                             error: "Invalid username or password"))
            }
            do {
                let code = try AuthorizationEndpoint.issueCode(authorization, user: user, realm: realm, engine: engine)
                var parameters = [("code", code)]
                if let state = authorization.state { parameters.append(("state", state)) }
                return .now(AuthorizationEndpoint.redirect(to: authorization.redirectURI, with: parameters))
            } catch {
                return .now(LoginPage.error(.serverError("Could not store the authorization code"), status: 503))
            }
        }
    }

    /// Client authentication, or a Bearer access token of the workspace (oauth2.yaml allows both).
    private func caller(_ request: Request, realm: OAuthRealm) -> Result<(clientID: String, scopes: [String]), OAuthError> {
        if case .bearer(let token)? = request.authorization {
            guard let record = engine.activeToken(token, realm: realm) else { return .failure(.invalidClient("The access token is invalid")) }
            return .success((record.clientID, record.scopes))
        }
        return engine.authenticateClient(request, realm: realm).map { client in
            (client.id, client.allowedScopes ?? [])
        }
    }

    /// A token-management call (introspection, revocation): the workspace, the `token` form parameter and an
    /// authenticated caller, or the error to answer.
    private func tokenCall(_ request: Request, _ body: (Workspace, OAuthRealm, String, (clientID: String, scopes: [String])) -> Response) -> Reply {
        guard let workspace = workspace(request) else { return Self.notFound }
        let realm = realm(workspace, request)
        guard request.isForm, let token = request.form["token"], !token.isEmpty else {
            return .now(SecureAuthErrors.oauthBody(.invalidRequest("The token parameter is missing")))
        }
        switch caller(request, realm: realm) {
        case .failure(let error): return .now(SecureAuthErrors.oauthBody(error))
        case .success(let caller): return .now(body(workspace, realm, token, caller))
        }
    }

    private func introspect(_ request: Request) -> Reply {
        tokenCall(request) { workspace, realm, token, caller in
            var body = engine.introspect(token, realm: realm, callerClientID: caller.clientID,
                                         anyToken: caller.scopes.contains("introspect_tokens"))
            if body["active"] == true {
                body["tenant_id"] = .string(workspace.tenantID)
                body["server_id"] = .string(workspace.id)
            }
            var response = Response.json(.object(body))
            response.headers.set("Cache-Control", "no-store")
            return response
        }
    }

    private func revoke(_ request: Request) -> Reply {
        tokenCall(request) { _, realm, token, caller in
            if caller.scopes.contains("revoke_tokens"), let record = engine.tokens.find(token, realm: realm.id) {
                engine.revoke(token, realm: realm, callerClientID: record.clientID)
            } else {
                engine.revoke(token, realm: realm, callerClientID: caller.clientID)
            }
            return Response(status: 200)
        }
    }

    private func userinfo(_ request: Request) -> Reply {
        guard let workspace = workspace(request) else { return Self.notFound }
        guard case .bearer(let token)? = request.authorization else {
            var response = SecureAuthErrors.oauthBody(.invalidToken("A Bearer access token is required"))
            response.headers.set("WWW-Authenticate", "Bearer")
            return .now(response)
        }
        switch engine.userinfo(token, realm: realm(workspace, request)) {
        case .success(let claims): return .now(.json(.object(claims)))
        case .failure(let error):
            var response = SecureAuthErrors.oauthBody(error)
            response.headers.set("WWW-Authenticate", "Bearer error=\"invalid_token\"")
            return .now(response)
        }
    }
}
