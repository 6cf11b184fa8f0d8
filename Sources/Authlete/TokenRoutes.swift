import Emulator
import HTTP
import JSON
import OAuth
import Primitives

/// The token endpoint APIs: `/auth/token` runs the grant in `parameters` through the engine's grant handlers
/// (authorization_code with PKCE, refresh_token, client_credentials) or hands the authorization server a `PASSWORD`
/// ticket, which `/auth/token/issue` or `/auth/token/fail` completes (spec `token_*`; RFC 6749 §4.1.3, §4.3, §4.4,
/// §6).
struct TokenRoutes {
    let runtime: Runtime
    /// Password tickets live this long (seconds).
    static let ticketDuration: Int64 = 600
    /// Result codes of successful token requests by grant type: `A050001` (authorization_code) and `A054001`
    /// (password) are the spec's; the others are INFERRED.
    static let successCodes = [
        "authorization_code": "A050001", "client_credentials": "A052001",
        "refresh_token": "A053001", "password": "A054001",
    ]

    func register(_ services: RouteGroup<ServiceCall>) {
        services.deferredAPI(.POST, "/auth/token") { try token(try RequestFields($0), $1) }
        services.deferredAPI(.POST, "/auth/token/issue") { try issue(try RequestFields($0), $1) }
        services.api(.POST, "/auth/token/fail") { try fail(try RequestFields($0), $1) }
    }

    /// The token API's answer to an OAuth error: `INVALID_CLIENT` or `BAD_REQUEST` with the code `A050…`.
    private static func refused(_ error: OAuthError) -> AuthleteError { .refused(error, "A050") }

    private func token(_ fields: RequestFields, _ call: ServiceCall) throws -> Reply {
        guard let parameters = fields.string("parameters") else {
            throw Self.refused(
                .invalidRequest("The token request from the service does not contain 'parameters' parameter."))
        }
        let form = FormData(parsing: Substring(parameters))
        if let repeated = OAuthEngine.repeatedParameter(in: form) {
            throw Self.refused(.invalidRequest("The parameter '\(repeated)' is repeated."))
        }
        guard let grantType = form["grant_type"], !grantType.isEmpty else {
            throw Self.refused(.invalidRequest("The token request does not contain 'grant_type'."))
        }
        let client = try AuthleteError.answering("A050") { () throws(OAuthError) in
            try ClientCredentialsCheck.authenticate(fields, parameters: form, service: call.service)
        }
        if client.isLocked { throw AuthleteError.clientLocked(call.apiPath, client) }
        guard let grantName = GrantTypeNames.name(ofGrantType: grantType),
            call.service.grantTypeNames.contains(grantName)
        else {
            throw Self.refused(.unsupportedGrantType("The grant type '\(grantType)' is not supported by the service."))
        }
        guard client.grantTypeNames.contains(grantName) else {
            throw Self.refused(
                .unauthorizedClient(
                    "The client (ID = \(client.id)) is not allowed to use the grant type '\(grantType)'."))
        }
        // Authlete answers the password grant with a ticket: the authorization server checks the credentials.
        if grantType == "password" { return .now(try passwordTicket(form, client: client, call: call)) }
        guard let handler = runtime.engine.grantHandler(for: grantType) else {
            throw Self.refused(
                .unsupportedGrantType("The grant type '\(grantType)' is not supported by this emulator."))
        }
        let realm = runtime.realm(call.service, client: client, durationsFrom: fields)
        let oauthClient = client.oauthClient(in: call.service)
        var grant = try AuthleteError.answering("A050") { () throws(OAuthError) in
            try handler.grant(form, client: oauthClient, realm: realm, engine: runtime.engine)
        }
        // Authlete issues a refresh token whenever the service and the client support the grant type (no
        // offline_access needed); never for client_credentials.
        grant.includeRefreshToken = grantType != "client_credentials" && refreshable(client, call.service)
        // A refresh gives no new ID token unless the service makes them reissuable (`idTokenReissuable`).
        if grantType == "refresh_token" { grant.includeIDToken = false }
        return try issueTokens(
            grant, grantName: grantName, client: client, realm: realm, call: call,
            code: Self.successCodes[grantType] ?? "A054001",
            message: "The token request (grant_type=\(grantType)) was processed successfully.")
    }

    /// Whether tokens of `client` come with a refresh token: the service and the client support the grant type.
    private func refreshable(_ client: AuthleteClient, _ service: AuthleteService) -> Bool {
        service.grantTypeNames.contains("REFRESH_TOKEN") && client.grantTypeNames.contains("REFRESH_TOKEN")
    }

    /// `grant_type=password`: checks the request and hands back a ticket; the authorization server checks the
    /// credentials and calls `/auth/token/issue` or `/auth/token/fail`.
    private func passwordTicket(_ form: FormData, client: AuthleteClient, call: ServiceCall) throws -> Response {
        guard let username = form["username"], !username.isEmpty, let password = form["password"] else {
            throw Self.refused(
                .invalidRequest("The token request (grant_type=password) needs 'username' and 'password'."))
        }
        let oauthClient = client.oauthClient(in: call.service)
        let scopes = try AuthleteError.answering("A050") { () throws(OAuthError) in
            try Scopes.grant(requested: form["scope"], client: oauthClient)
        }
        let ticket = try runtime.tickets.issue(
            .password, service: call.service.apiKey,
            payload: [
                "clientId": .int(client.id), "scopes": .array(scopes.map(JSON.string)),
            ], ttl: Self.ticketDuration)
        return ActionResult(
            "PASSWORD", code: "A051001",
            message: "The token request (grant_type=password) is valid; authenticate the resource "
                + "owner, then call /auth/token/issue or /auth/token/fail.",
            [
                "ticket": .string(ticket),
                "username": .string(username),
                "password": .string(password),
                "clientId": .int(client.id),
                "scopes": .array(scopes.map(JSON.string)),
                "grantType": "PASSWORD",
                "clientAuthMethod": .string(client.tokenAuthMethod),
            ]
        ).response
    }

    /// Issues the grant's tokens and answers `OK` with them, the token response (`responseContent`) included.
    private func issueTokens(
        _ grant: TokenGrant, grantName: String, client: AuthleteClient, realm: OAuthRealm,
        call: ServiceCall, code: String, message: String
    ) throws -> Reply {
        if grant.includeIDToken && !runtime.canSignIDToken(call.service, client) {
            return .now(
                ActionResult.serverError(
                    code: "A050101",
                    message: "The service has no key in its JWK Set for the client's idTokenSignAlg "
                        + "(\(client.idTokenSignAlg)).",
                    description: "The ID token cannot be signed."
                ).response)
        }
        if let user = grant.user {
            try runtime.grants.record(
                service: call.service.apiKey, client: client.id, subject: user.subject,
                scopes: grant.scopes)
        }
        // Whole seconds, as the engine stores expiry: the ms values agree with introspection's `expiresAt`.
        let now = runtime.clock.now().epochSeconds * 1000
        let accessDuration = realm.policy.accessTokenTTL.nanoseconds / 1_000_000_000
        let refreshDuration = realm.policy.refreshTokenTTL.nanoseconds / 1_000_000_000
        let jwtAccessTokens = realm.policy.accessTokenFormat == .jwt
        return runtime.issue(
            grant, realm: realm,
            failure: {
                .serverError(code: "A050101", message: $0.description, description: $0.description)
            }
        ) { issued in
            var content: JSONObject = ["access_token": issued["access_token"] ?? .null]
            if let refresh = issued["refresh_token"] { content["refresh_token"] = refresh }
            content["scope"] = issued["scope"] ?? ""
            if let id = issued["id_token"] { content["id_token"] = id }
            content["token_type"] = "Bearer"
            content["expires_in"] = .int(accessDuration)
            var members: JSONObject = [
                "responseContent": .string(JSON.object(content).jsonString()),
                "accessToken": issued["access_token"] ?? .null,
                "accessTokenDuration": .int(accessDuration),
                "accessTokenExpiresAt": .int(now + accessDuration * 1000),
                "grantType": .string(grantName),
                "clientId": .int(client.id),
                "clientIdAliasUsed": false,
                "subject": grant.user.map { .string($0.subject) } ?? .null,
                "scopes": .array(grant.scopes.map(JSON.string)),
                "clientAuthMethod": .string(client.tokenAuthMethod),
            ]
            if let alias = client.document["clientIdAlias"] { members["clientIdAlias"] = alias }
            if let refresh = issued["refresh_token"] {
                members["refreshToken"] = refresh
                members["refreshTokenDuration"] = .int(refreshDuration)
                members["refreshTokenExpiresAt"] = .int(now + refreshDuration * 1000)
                members["refreshTokenScopes"] = .array(grant.scopes.map(JSON.string))
            }
            if let id = issued["id_token"] { members["idToken"] = id }
            if jwtAccessTokens { members["jwtAccessToken"] = issued["access_token"] ?? .null }
            var response = ActionResult("OK", code: code, message: message, members).response
            response.headers.set("Cache-Control", "no-store")
            return response
        }
    }

    private func issue(_ fields: RequestFields, _ call: ServiceCall) throws -> Reply {
        guard let ticket = fields.string("ticket"), let subject = fields.string("subject") else {
            throw AuthleteError.action(
                ActionResult(
                    "INTERNAL_SERVER_ERROR", code: "A054101",
                    message: "The request needs 'ticket' and 'subject'."))
        }
        guard let payload = try runtime.tickets.take(ticket, kind: .password, service: call.service.apiKey),
            let clientID = payload["clientId"]?.intValue, let client = call.service.client(clientID)
        else {
            throw AuthleteError.action(
                ActionResult(
                    "INTERNAL_SERVER_ERROR", code: "A054102",
                    message: "The ticket is unknown, used or expired."))
        }
        let scopes = payload["scopes"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let realm = runtime.realm(call.service, client: client, durationsFrom: fields)
        let grant = TokenGrant(
            client: client.oauthClient(in: call.service),
            user: UserProfile(subject: subject, amr: []), scopes: scopes,
            grantID: SecureRandom.uuid(),
            includeRefreshToken: refreshable(client, call.service),
            includeIDToken: scopes.contains("openid"), authTime: runtime.clock.now().epochSeconds)
        return try issueTokens(
            grant, grantName: "PASSWORD", client: client, realm: realm, call: call, code: "A054001",
            message: "The token request (grant_type=password) was processed successfully.")
    }

    private func fail(_ fields: RequestFields, _ call: ServiceCall) throws -> Response {
        let reason = fields.string("reason") ?? "UNKNOWN"
        guard EnumSets.tokenFailReason.contains(reason) else {
            throw AuthleteError.badRequest(call.apiPath, "'reason' has an unknown value \"\(reason)\".")
        }
        guard let ticket = fields.string("ticket"),
            try runtime.tickets.take(ticket, kind: .password, service: call.service.apiKey) != nil
        else {
            throw AuthleteError.action(
                ActionResult(
                    "INTERNAL_SERVER_ERROR", code: "A067101",
                    message: "The ticket is unknown, used or expired."))
        }
        let (code, error, description) = Self.failures[reason] ?? Self.failures["UNKNOWN"]!
        return ActionResult.oauthError("BAD_REQUEST", code: code, error: error, description: description).response
    }

    /// What `/auth/token/fail` answers for each `reason`: the result code, the OAuth error and its description.
    private static let failures: [String: (String, String, String)] = [
        "INVALID_RESOURCE_OWNER_CREDENTIALS": (
            "A067301", "invalid_grant",
            "The credentials (username & password) passed to the token endpoint are invalid."
        ),
        "INVALID_TARGET": ("A067302", "invalid_target", "The resource indicated by the token request is invalid."),
        "UNKNOWN": ("A067303", "invalid_request", "The token request was not accepted."),
    ]
}
