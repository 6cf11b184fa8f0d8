import Emulator
import HTTP
import JSON
import OAuth

/// User login for a root organization: the browser authorize flow with the emulator's HTML login form, and
/// app-native authentication (`response_mode=direct` on `/oauth2/authorize`, then `/oauth2/authn` with the
/// `flowId`), which the `asgardeo` SDK uses.
final class LoginRoutes {
    private let directory: OrganizationDirectory
    private let engine: OAuthEngine
    private let oauth: OAuthRoutes
    private let flows: AuthenticationFlows
    private let context: EmulatorContext

    init(directory: OrganizationDirectory, engine: OAuthEngine, oauth: OAuthRoutes, flows: AuthenticationFlows, context: EmulatorContext) {
        self.directory = directory
        self.engine = engine
        self.oauth = oauth
        self.flows = flows
        self.context = context
    }

    func register(on router: Router) {
        let v = AsgardeoErrors.oauth, g = OAuthRoutes.group
        router.add(.GET, "/t/{org}/oauth2/authorize", envelope: v, group: g) { self.authorize($0) }
        router.add(.POST, "/t/{org}/oauth2/authorize", envelope: v, group: g) { self.authorize($0) }
        router.add(.POST, "/t/{org}/oauth2/authn", envelope: v, group: g) { self.authenticate($0) }
    }

    /// The request's parameters with `scope` narrowed to what the application may receive (unknown scopes are
    /// dropped silently, `SYSTEM` expands), and without `client_secret`.
    private func narrowed(_ params: FormData, organization: Organization) -> FormData {
        guard params.occurrences(of: "scope") == 1, let clientID = params["client_id"],
              let application = organization.application(clientID: clientID) else {
            return FormData(pairs: params.pairs.filter { $0.name != "client_secret" })
        }
        let scopes = ScopeResolution.grant(Scopes.parse(params["scope"]), authorized: application.authorizedScopes, userFlow: true)
        return FormData(pairs: params.pairs.compactMap { pair in
            if pair.name == "client_secret" { return nil }
            return pair.name == "scope" ? (name: "scope", value: Scopes.format(scopes)) : pair
        })
    }

    private func authorize(_ request: Request) -> Reply {
        let raw = request.method == .POST ? request.form : request.query
        let direct = raw["response_mode"] == "direct"
        guard let organization = directory.root(handle: request.param("org")!) else {
            let error = OAuthError("invalid_request", "The organization does not exist", status: 404)
            return .now(direct ? AsgardeoErrors.oauthBody(error) : LoginPage.error(error, status: 404))
        }
        let params = narrowed(raw, organization: organization)
        let realm = oauth.realm(organization, request, clientID: params["client_id"])
        let checked = AuthorizationEndpoint.check(params, realm: realm)
        if direct { return .now(startAppNative(request, raw: raw, params: params, checked: checked, organization: organization)) }
        switch checked {
        case .errorPage(let status, let error):
            return .now(LoginPage.error(error, status: status))
        case .redirectError(let response):
            return .now(response)
        case .valid(let authorization):
            let title = "\(organization.name) · \(authorization.client.name ?? authorization.client.id)"
            let action = String(request.path)
            guard request.method == .POST, let username = params["username"], let password = params["password"] else {
                return .now(LoginPage.render(title: title, action: action, parameters: authorization.parameters))
            }
            guard let user = realm.authenticateUser(username, password) else {
                return .now(LoginPage.render(title: title, action: action, parameters: authorization.parameters,
                                             error: "Login failed! Please recheck the username and password and try again."))
            }
            return .now(redirectWithCode(authorization, user: user, realm: realm))
        }
    }

    private func redirectWithCode(_ authorization: AuthorizationRequest, user: UserProfile, realm: OAuthRealm) -> Response {
        do {
            let code = try AuthorizationEndpoint.issueCode(authorization, user: user, realm: realm, engine: engine)
            var parameters = [("code", code)]
            if let state = authorization.state { parameters.append(("state", state)) }
            return AuthorizationEndpoint.redirect(to: authorization.redirectURI, with: parameters)
        } catch {
            return LoginPage.error(.serverError("Could not store the authorization code"), status: 503)
        }
    }

    // MARK: App-native authentication

    /// The OAuth error a direct-mode request gets instead of a redirect (the redirect's `error` parameters, as JSON).
    private static func directError(_ checked: AuthorizationCheck) -> Response? {
        switch checked {
        case .valid: return nil
        case .errorPage(let status, let error): return AsgardeoErrors.oauthBody(OAuthError(error.code, error.description, status: status))
        case .redirectError(let response):
            let location = response.headers["Location"] ?? ""
            let query = location.firstIndex(of: "?").map { location[location.index(after: $0)...] } ?? ""
            let params = FormData(parsing: query)
            return AsgardeoErrors.oauthBody(OAuthError(params["error"] ?? "invalid_request", params["error_description"] ?? "", status: 400))
        }
    }

    /// Confidential clients authenticate on the direct-mode authorize request (Basic or `client_secret`).
    private static func clientAuthenticated(_ request: Request, raw: FormData, client: OAuthClient) -> Bool {
        if client.isPublic { return true }
        var presented = raw["client_secret"]
        if case .basic(let user, let password)? = request.authorization,
           PercentDecoding.decode(Substring(user), plusAsSpace: true) == client.id {
            presented = PercentDecoding.decode(Substring(password), plusAsSpace: true)
        }
        guard let presented, let secret = client.secret else { return false }
        return ConstantTime.equals(presented, secret)
    }

    private func authnURL(_ request: Request, _ organization: Organization) -> String {
        context.origin(for: request) + "/t/" + organization.handle + "/oauth2/authn"
    }

    private func startAppNative(_ request: Request, raw: FormData, params: FormData, checked: AuthorizationCheck,
                                organization: Organization) -> Response {
        if let error = Self.directError(checked) { return error }
        guard case .valid(let authorization) = checked else { return AppNativeResponses.invalidRequest("Invalid authorization request.") }
        guard Self.clientAuthenticated(request, raw: raw, client: authorization.client) else {
            return AsgardeoErrors.oauthBody(OAuthError("invalid_client", OAuthRoutes.invalidClientMessage, status: 401))
        }
        guard organization.application(clientID: authorization.client.id)?.allowsAppNativeAuthentication == true else {
            return AppNativeResponses.error(code: "ABA-60004", message: "App native authentication is not enabled.",
                                            description: "App native authentication is not enabled for the application: \(authorization.client.id).")
        }
        do {
            let flowID = try flows.start(orgID: organization.id, parameters: params, now: engine.clock.now().epochSeconds)
            return AppNativeResponses.prompt(flowID: flowID, status: "INCOMPLETE", authnURL: authnURL(request, organization))
        } catch {
            return AppNativeResponses.error(status: 503, code: "ABA-65001", message: "Unexpected server error.",
                                            description: "The authentication flow could not be stored.")
        }
    }

    /// `POST /oauth2/authn {"flowId", "selectedAuthenticator": {"authenticatorId", "params": {"username", "password"}}}`.
    private func authenticate(_ request: Request) -> Reply {
        guard let organization = directory.root(handle: request.param("org")!) else {
            return .now(AppNativeResponses.error(status: 404, code: "ABA-60005", message: "Organization not found.",
                                                 description: "The organization does not exist."))
        }
        guard case .success(let json) = request.jsonBody(), let body = json.objectValue else {
            return .now(AppNativeResponses.invalidRequest("The request body must be a JSON object."))
        }
        guard let flowID = body["flowId"]?.stringValue, !flowID.isEmpty else {
            return .now(AppNativeResponses.invalidRequest("The flowId is missing."))
        }
        let now = engine.clock.now().epochSeconds
        guard let params = flows.parameters(flowID: flowID, orgID: organization.id, now: now) else {
            return .now(AppNativeResponses.invalidFlow(flowID))
        }
        guard let selected = body["selectedAuthenticator"]?.objectValue, let authenticatorID = selected["authenticatorId"]?.stringValue else {
            return .now(AppNativeResponses.invalidRequest("The selectedAuthenticator with an authenticatorId is missing."))
        }
        guard authenticatorID == AppNativeResponses.basicAuthenticatorID else { return .now(AppNativeResponses.invalidAuthenticator(authenticatorID)) }
        guard let username = selected["params"]?["username"]?.stringValue, let password = selected["params"]?["password"]?.stringValue else {
            return .now(AppNativeResponses.invalidRequest("The username and password params are required."))
        }
        let realm = oauth.realm(organization, request, clientID: params["client_id"])
        guard let user = realm.authenticateUser(username, password) else {
            return .now(AppNativeResponses.prompt(flowID: flowID, status: "FAIL_INCOMPLETE", authnURL: authnURL(request, organization),
                                                  error: "Login failed! Please recheck the username and password and try again."))
        }
        // The client may have changed since the flow started: check the request again before issuing the code.
        guard case .valid(let authorization) = AuthorizationEndpoint.check(params, realm: realm) else {
            try? flows.finish(flowID: flowID)
            return .now(AppNativeResponses.invalidFlow(flowID))
        }
        do {
            let code = try AuthorizationEndpoint.issueCode(authorization, user: user, realm: realm, engine: engine)
            try flows.finish(flowID: flowID)
            return .now(AppNativeResponses.completed(code: code, state: authorization.state))
        } catch {
            return .now(AppNativeResponses.error(status: 503, code: "ABA-65001", message: "Unexpected server error.",
                                                 description: "The authorization code could not be stored."))
        }
    }
}
