import Emulator
import HTTP
import JOSE
import JSON
import OAuth

/// The per-workspace OAuth 2.0 / OIDC endpoints under `/{tid}/{aid}` (oauth2.yaml).
struct OAuth2Routes {
    let directory: WorkspaceDirectory
    let engine: OAuthEngine
    let context: EmulatorContext

    func register(on router: Router) {
        let workspace = router.group("/{tid}/{aid}", envelope: SecureAuthError.oauthEnvelope, rateGroup: "oauth2") {
            request in
            guard let workspace = directory.workspace(try request.require("tid"), try request.require("aid")) else {
                throw SecureAuthError.oauth(
                    OAuthError("not_found", "The tenant or workspace does not exist", status: 404))
            }
            return workspace
        }
        workspace.on(.GET, "/.well-known/openid-configuration") { request, workspace in discovery(request, workspace) }
        workspace.on(.GET, "/.well-known/jwks.json") { _, workspace in .json(workspace.jwksBody) }
        workspace.deferred(.POST, "/oauth2/token") { request, workspace in token(request, workspace) }
        workspace.on(.GET, "/oauth2/authorize") { request, workspace in try authorize(request, workspace) }
        workspace.on(.POST, "/oauth2/authorize") { request, workspace in try authorize(request, workspace) }
        workspace.on(.POST, "/oauth2/introspect") { request, workspace in try introspect(request, workspace) }
        workspace.on(.POST, "/oauth2/revoke") { request, workspace in try revoke(request, workspace) }
        workspace.on(.GET, "/userinfo") { request, workspace in try userinfo(request, workspace) }
        workspace.on(.POST, "/userinfo") { request, workspace in try userinfo(request, workspace) }
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

    private func discovery(_ request: Request, _ workspace: Workspace) -> Response {
        let origin = context.origin(for: request)
        if workspace.discoveryCache[origin] == nil {
            workspace.discoveryCache[origin] = Discovery.document(workspace, issuer: issuer(workspace, request))
                .serialized()
        }
        return .json(workspace.discoveryCache[origin]!)
    }

    private func token(_ request: Request, _ workspace: Workspace) -> Reply {
        let realm = realm(workspace, request)
        let basic = request.authorization.map { if case .basic = $0 { return true } else { return false } } ?? false
        return engine.tokenReply(request, realm: realm) { error in
            SecureAuthError.oauth(error, challenge: basic ? "Basic realm=\"oauth2\"" : nil).response
        }
    }

    private func authorize(_ request: Request, _ workspace: Workspace) throws -> Response {
        let realm = realm(workspace, request)
        let params = request.method == .POST ? request.form : request.query
        switch AuthorizationEndpoint.check(params, realm: realm) {
        case .errorPage(let status, let error):
            return LoginPage.error(error, status: status)
        case .redirectError(let response):
            return response
        case .valid(let authorization):
            let action = String(request.path)
            let clientName = authorization.client.name ?? authorization.client.id
            let title = "\(workspace.document["name"]?.stringValue ?? workspace.id) · \(clientName)"
            guard request.method == .POST, let username = params["username"], let password = params["password"] else {
                return LoginPage.render(title: title, action: action, parameters: authorization.parameters)
            }
            guard let user = realm.authenticateUser(username, password) else {
                return LoginPage.render(
                    title: title, action: action, parameters: authorization.parameters,
                    error: "Invalid username or password")
            }
            let code = try AuthorizationEndpoint.issueCode(authorization, user: user, realm: realm, engine: engine)
            var parameters = [("code", code)]
            if let state = authorization.state { parameters.append(("state", state)) }
            return AuthorizationEndpoint.redirect(to: authorization.redirectURI, with: parameters)
        }
    }

    /// The caller of a token-management call (introspection, revocation): client authentication, or a Bearer
    /// access token of the workspace (oauth2.yaml allows both).
    private func caller(
        _ request: Request, realm: OAuthRealm
    ) throws(SecureAuthError) -> (clientID: String, scopes: [String]) {
        if case .bearer(let token)? = request.authorization {
            guard let record = engine.activeToken(token, realm: realm) else {
                throw .oauth(.invalidClient("The access token is invalid"))
            }
            return (record.clientID, record.scopes)
        }
        switch engine.authenticateClient(request, realm: realm) {
        case .success(let client): return (client.id, client.allowedScopes ?? [])
        case .failure(let error): throw .oauth(error)
        }
    }

    /// The `token` form parameter of a token-management call.
    private static func tokenParameter(_ request: Request) throws(SecureAuthError) -> String {
        guard request.isForm, let token = request.form["token"], !token.isEmpty else {
            throw .oauth(.invalidRequest("The token parameter is missing"))
        }
        return token
    }

    private func introspect(_ request: Request, _ workspace: Workspace) throws -> Response {
        let realm = realm(workspace, request)
        let token = try Self.tokenParameter(request)
        let caller = try caller(request, realm: realm)
        var body = engine.introspect(
            token, realm: realm, callerClientID: caller.clientID,
            anyToken: caller.scopes.contains("introspect_tokens"))
        if body["active"] == true {
            body["tenant_id"] = .string(workspace.tenantID)
            body["server_id"] = .string(workspace.id)
        }
        var response = Response.json(.object(body))
        response.headers.set("Cache-Control", "no-store")
        return response
    }

    private func revoke(_ request: Request, _ workspace: Workspace) throws -> Response {
        let realm = realm(workspace, request)
        let token = try Self.tokenParameter(request)
        let caller = try caller(request, realm: realm)
        let owner = caller.scopes.contains("revoke_tokens") ? engine.tokens.find(token, realm: realm.id)?.clientID : nil
        do {
            try engine.revoke(token, realm: realm, callerClientID: owner ?? caller.clientID)
        } catch {
            throw SecureAuthError.oauth(error)
        }
        return Response(status: 200)
    }

    private func userinfo(_ request: Request, _ workspace: Workspace) throws(SecureAuthError) -> Response {
        guard case .bearer(let token)? = request.authorization else {
            var response = SecureAuthError.oauth(.invalidToken("A Bearer access token is required")).response
            response.headers.set("WWW-Authenticate", "Bearer")
            return response
        }
        switch engine.userinfo(token, realm: realm(workspace, request)) {
        case .success(let claims): return .json(.object(claims))
        case .failure(let error):
            var response = SecureAuthError.oauth(error).response
            response.headers.set("WWW-Authenticate", "Bearer error=\"invalid_token\"")
            return response
        }
    }
}
