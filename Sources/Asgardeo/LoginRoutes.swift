import Emulator
import HTTP
import JSON
import OAuth

/// User login for a root organization: the browser authorize flow with the emulator's HTML login form, and
/// app-native authentication (`response_mode=direct` on `/oauth2/authorize`, then `/oauth2/authn` with the
/// `flowId`), which the `asgardeo` SDK uses.
struct LoginRoutes {
    let engine: OAuthEngine
    let oauth: OAuthRoutes
    let flows: AuthenticationFlows
    let context: EmulatorContext

    func register(on router: Router) {
        let login = router.group("/t/{org}/oauth2", envelope: AsgardeoEnvelopes.oauth, rateGroup: OAuthRoutes.group) {
            request in try self.loginOrganization(request)
        }
        login.on(.GET, "/authorize", authorize)
        login.on(.POST, "/authorize", authorize)
        let appNative = router.group(
            "/t/{org}/oauth2", envelope: AsgardeoEnvelopes.appNative,
            rateGroup: OAuthRoutes.group
        ) { request in
            guard let organization = self.oauth.organization(request) else {
                throw AsgardeoError.appNative(
                    status: 404, code: "ABA-60005", message: "Organization not found.",
                    description: "The organization does not exist.")
            }
            return organization
        }
        appNative.on(.POST, "/authn", authenticate)
    }

    /// The root organization of an authorize request, or a 404 as JSON (app-native) or as the login page.
    private func loginOrganization(_ request: Request) throws(AsgardeoError) -> Organization {
        guard let organization = oauth.organization(request) else {
            let error = OAuthError("invalid_request", "The organization does not exist", status: 404)
            throw Self.parameters(request)["response_mode"] == "direct" ? .oauth(error) : .page(error, status: 404)
        }
        return organization
    }

    /// The authorize request's parameters: the form of a POST, the query of a GET.
    private static func parameters(_ request: Request) -> FormData {
        request.method == .POST ? request.form : request.query
    }

    /// The request's parameters with `scope` narrowed to what the application may receive (unknown scopes are
    /// dropped silently, `SYSTEM` expands), and without `client_secret`.
    private func narrowed(_ params: FormData, organization: Organization) -> FormData {
        guard params.occurrences(of: "scope") == 1, let clientID = params["client_id"],
            let application = organization.application(clientID: clientID)
        else {
            return FormData(pairs: params.pairs.filter { $0.name != "client_secret" })
        }
        let scopes = ScopeResolution.grant(
            Scopes.parse(params["scope"]), authorized: application.authorizedScopes,
            userFlow: true)
        return FormData(
            pairs: params.pairs.compactMap { pair in
                if pair.name == "client_secret" { return nil }
                return pair.name == "scope" ? (name: "scope", value: Scopes.format(scopes)) : pair
            })
    }

    private func authorize(_ request: Request, _ organization: Organization) throws -> Response {
        let raw = Self.parameters(request)
        let params = narrowed(raw, organization: organization)
        let realm = oauth.realm(organization, request, clientID: params["client_id"])
        let checked = AuthorizationEndpoint.check(params, realm: realm)
        if raw["response_mode"] == "direct" {
            return try startAppNative(request, raw: raw, params: params, checked: checked, organization: organization)
        }
        switch checked {
        case .errorPage(let status, let error):
            return LoginPage.error(error, status: status)
        case .redirectError(let response):
            return response
        case .valid(let authorization):
            let title = "\(organization.name) · \(authorization.client.name ?? authorization.client.id)"
            let action = String(request.path)
            guard request.method == .POST, let username = params["username"], let password = params["password"] else {
                return LoginPage.render(title: title, action: action, parameters: authorization.parameters)
            }
            guard let user = realm.authenticateUser(username, password) else {
                return LoginPage.render(
                    title: title, action: action, parameters: authorization.parameters,
                    error: "Login failed! Please recheck the username and password and try again.")
            }
            return try redirectWithCode(authorization, user: user, realm: realm)
        }
    }

    private func redirectWithCode(
        _ authorization: AuthorizationRequest, user: UserProfile,
        realm: OAuthRealm
    ) throws(AsgardeoError) -> Response {
        let code: String
        do {
            code = try AuthorizationEndpoint.issueCode(authorization, user: user, realm: realm, engine: engine)
        } catch {
            throw .page(.serverError("Could not store the authorization code"), status: 503)
        }
        var parameters = [("code", code)]
        if let state = authorization.state { parameters.append(("state", state)) }
        return AuthorizationEndpoint.redirect(to: authorization.redirectURI, with: parameters)
    }

    // MARK: App-native authentication

    /// The OAuth error a direct-mode request gets instead of a redirect (the redirect's `error` parameters, as JSON).
    private static func directError(_ checked: AuthorizationCheck) -> AsgardeoError? {
        switch checked {
        case .valid: return nil
        case .errorPage(let status, let error): return .oauth(OAuthError(error.code, error.description, status: status))
        case .redirectError(let response):
            let location = response.headers["Location"] ?? ""
            let query = location.firstIndex(of: "?").map { location[location.index(after: $0)...] } ?? ""
            let params = FormData(parsing: query)
            return .oauth(
                OAuthError(
                    params["error"] ?? "invalid_request", params["error_description"] ?? "",
                    status: 400))
        }
    }

    /// Confidential clients authenticate on the direct-mode authorize request (Basic or `client_secret`).
    private static func clientAuthenticated(_ request: Request, raw: FormData, client: OAuthClient) -> Bool {
        if client.isPublic { return true }
        var presented = raw["client_secret"]
        if case .basic(let user, let password)? = request.authorization,
            PercentDecoding.decode(Substring(user), plusAsSpace: true) == client.id
        {
            presented = PercentDecoding.decode(Substring(password), plusAsSpace: true)
        }
        guard let presented, let secret = client.secret else { return false }
        return ConstantTime.equals(presented, secret)
    }

    private func authnURL(_ request: Request, _ organization: Organization) -> String {
        context.origin(for: request) + "/t/" + organization.handle + "/oauth2/authn"
    }

    private func startAppNative(
        _ request: Request, raw: FormData, params: FormData, checked: AuthorizationCheck,
        organization: Organization
    ) throws(AsgardeoError) -> Response {
        if let error = Self.directError(checked) { throw error }
        guard case .valid(let authorization) = checked else {
            throw Self.invalidRequest("Invalid authorization request.")
        }
        guard Self.clientAuthenticated(request, raw: raw, client: authorization.client) else {
            throw .oauth(OAuthError("invalid_client", OAuthRoutes.invalidClientMessage, status: 401))
        }
        guard organization.application(clientID: authorization.client.id)?.allowsAppNativeAuthentication == true else {
            throw .appNative(
                code: "ABA-60004", message: "App native authentication is not enabled.",
                description: "App native authentication is not enabled for the application: "
                    + "\(authorization.client.id).")
        }
        let flowID: String
        do {
            flowID = try flows.start(orgID: organization.id, parameters: params, now: engine.clock.now().epochSeconds)
        } catch {
            throw .appNative(
                status: 503, code: "ABA-65001", message: "Unexpected server error.",
                description: "The authentication flow could not be stored.")
        }
        return AppNativeResponses.prompt(
            flowID: flowID, status: "INCOMPLETE",
            authnURL: authnURL(request, organization))
    }

    /// `POST /oauth2/authn {"flowId", "selectedAuthenticator": {"authenticatorId", "params": {"username",
    /// "password"}}}`.
    private func authenticate(_ request: Request, _ organization: Organization) throws -> Response {
        let body = try request.jsonObject()
        guard let flowID = body["flowId"]?.stringValue, !flowID.isEmpty else {
            throw Self.invalidRequest("The flowId is missing.")
        }
        let now = engine.clock.now().epochSeconds
        guard let params = flows.parameters(flowID: flowID, orgID: organization.id, now: now) else {
            throw Self.invalidFlow(flowID)
        }
        guard let selected = body["selectedAuthenticator"]?.objectValue,
            let authenticatorID = selected["authenticatorId"]?.stringValue
        else {
            throw Self.invalidRequest("The selectedAuthenticator with an authenticatorId is missing.")
        }
        guard authenticatorID == AppNativeResponses.basicAuthenticatorID else {
            throw AsgardeoError.appNative(
                code: "ABA-60003", message: "Invalid authenticator.",
                description: "The authenticator: \(authenticatorID) is not available in "
                    + "this flow.")
        }
        guard let username = selected["params"]?["username"]?.stringValue,
            let password = selected["params"]?["password"]?.stringValue
        else {
            throw Self.invalidRequest("The username and password params are required.")
        }
        let realm = oauth.realm(organization, request, clientID: params["client_id"])
        guard let user = realm.authenticateUser(username, password) else {
            return AppNativeResponses.prompt(
                flowID: flowID, status: "FAIL_INCOMPLETE", authnURL: authnURL(request, organization),
                error: "Login failed! Please recheck the username and password and try again.")
        }
        // The client may have changed since the flow started: check the request again before issuing the code.
        guard case .valid(let authorization) = AuthorizationEndpoint.check(params, realm: realm) else {
            try flows.finish(flowID: flowID)
            throw Self.invalidFlow(flowID)
        }
        do {
            let code = try AuthorizationEndpoint.issueCode(authorization, user: user, realm: realm, engine: engine)
            try flows.finish(flowID: flowID)
            return AppNativeResponses.completed(code: code, state: authorization.state)
        } catch {
            throw AsgardeoError.appNative(
                status: 503, code: "ABA-65001", message: "Unexpected server error.",
                description: "The authorization code could not be stored.")
        }
    }

    /// `ABA-60001`: the request lacks what the flow needs.
    private static func invalidRequest(_ description: String) -> AsgardeoError {
        .appNative(code: "ABA-60001", message: "Invalid request.", description: description)
    }

    /// `ABA-60002`: the flow id is unknown, expired or used.
    private static func invalidFlow(_ flowID: String) -> AsgardeoError {
        .appNative(
            code: "ABA-60002", message: "Invalid flow id.",
            description: "The provided flow id: \(flowID) is invalid, expired or already completed.")
    }
}
