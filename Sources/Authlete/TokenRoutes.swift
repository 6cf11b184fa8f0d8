import Emulator
import HTTP
import JSON
import OAuth
import Primitives

/// The token endpoint APIs: `/auth/token` runs the grant in `parameters` (authorization_code with PKCE,
/// refresh_token, client_credentials) or hands the authorization server a `PASSWORD` ticket, which
/// `/auth/token/issue` or `/auth/token/fail` completes (spec `token_*`; RFC 6749 §4.1.3, §4.3, §4.4, §6).
struct TokenRoutes {
    let runtime: Runtime
    /// Password tickets live this long (seconds).
    static let ticketDuration: Int64 = 600

    func register(_ access: APIAccess) {
        access.service(.POST, "/auth/token") { token($0) }
        access.service(.POST, "/auth/token/issue") { issue($0) }
        access.service(.POST, "/auth/token/fail") { fail($0) }
    }

    /// Result codes of successful token requests by grant type: `A050001` (authorization_code) and `A054001`
    /// (password) are the spec's; the others are INFERRED.
    static func successCode(_ grantType: String) -> String {
        switch grantType {
        case "authorization_code": return "A050001"
        case "client_credentials": return "A052001"
        case "refresh_token": return "A053001"
        default: return "A054001"
        }
    }

    private func badRequest(_ error: OAuthError, prefix: String = "A050") -> Reply {
        ActionResult.oauthError(error.code == "invalid_client" ? "INVALID_CLIENT" : "BAD_REQUEST", code: ResultCodes.error(prefix, error.code),
                                error: error.code, description: error.description).reply
    }

    private func token(_ call: ServiceCall) -> Reply {
        call.withFields { fields in
            guard let parameters = fields.string("parameters") else {
                return badRequest(.invalidRequest("The token request from the service does not contain 'parameters' parameter."))
            }
            let form = FormData(parsing: Substring(parameters))
            if let repeated = form.pairs.map(\.name).first(where: { form.occurrences(of: $0) > 1 }) {
                return badRequest(.invalidRequest("The parameter '\(repeated)' is repeated."))
            }
            guard let grantType = form["grant_type"], !grantType.isEmpty else {
                return badRequest(.invalidRequest("The token request does not contain 'grant_type'."))
            }
            let client: AuthleteClient
            switch ClientCredentialsCheck.authenticate(fields, parameters: form, service: call.service) {
            case .failure(let failure): return badRequest(OAuthError(failure.error, failure.description))
            case .success(let authenticated): client = authenticated
            }
            if client.isLocked {
                return .now(AuthleteErrors.result(status: 403, code: AuthleteErrors.clientLocked, apiPath: call.apiPath,
                                                  message: "The client (ID = \(client.id)) is locked."))
            }
            guard let grantName = GrantTypeNames.name(ofGrantType: grantType), call.service.grantTypeNames.contains(grantName) else {
                return badRequest(.unsupportedGrantType("The grant type '\(grantType)' is not supported by the service."))
            }
            guard client.grantTypeNames.contains(grantName) else {
                return badRequest(.unauthorizedClient("The client (ID = \(client.id)) is not allowed to use the grant type '\(grantType)'."))
            }
            let realm = runtime.realm(call.service, client: client, accessTokenDuration: fields.positiveInt("accessTokenDuration"),
                                      refreshTokenDuration: fields.positiveInt("refreshTokenDuration"))
            let oauthClient = client.oauthClient(in: call.service)
            let handler: GrantHandler
            switch grantType {
            case "password": return password(form, client: client, oauthClient: oauthClient, call: call)
            case "authorization_code": handler = AuthorizationCodeGrant()
            case "refresh_token": handler = RefreshTokenGrant()
            case "client_credentials": handler = ClientCredentialsGrant()
            default: return badRequest(.unsupportedGrantType("The grant type '\(grantType)' is not supported by this emulator."))
            }
            do throws(OAuthError) {
                var grant = try handler.grant(form, client: oauthClient, realm: realm, engine: runtime.engine)
                // Authlete issues a refresh token whenever the service and the client support the grant type (no
                // offline_access needed); never for client_credentials.
                grant.includeRefreshToken = grantType != "client_credentials" && call.service.grantTypeNames.contains("REFRESH_TOKEN")
                    && client.grantTypeNames.contains("REFRESH_TOKEN")
                // A refresh gives no new ID token unless the service makes them reissuable (`idTokenReissuable`).
                if grantType == "refresh_token" { grant.includeIDToken = false }
                return issueTokens(grant, grantName: grantName, client: client, realm: realm, call: call,
                                   code: Self.successCode(grantType),
                                   message: "The token request (grant_type=\(grantType)) was processed successfully.")
            } catch {
                return badRequest(error)
            }
        }
    }

    /// `grant_type=password`: checks the request and hands back a ticket; the authorization server checks the
    /// credentials and calls `/auth/token/issue` or `/auth/token/fail`.
    private func password(_ form: FormData, client: AuthleteClient, oauthClient: OAuthClient, call: ServiceCall) -> Reply {
        guard let username = form["username"], !username.isEmpty, let password = form["password"] else {
            return badRequest(.invalidRequest("The token request (grant_type=password) needs 'username' and 'password'."))
        }
        let scopes: [String]
        do throws(OAuthError) {
            scopes = try Scopes.grant(requested: form["scope"], client: oauthClient)
        } catch {
            return badRequest(error)
        }
        let ticket: String
        do {
            ticket = try runtime.tickets.issue(.password, service: call.service.apiKey, payload: [
                "clientId": .int(client.id), "scopes": .array(scopes.map(JSON.string)),
            ], ttl: Self.ticketDuration)
        } catch {
            return .now(AuthleteErrors.storeFailure(call.apiPath, error))
        }
        return ActionResult("PASSWORD", code: "A051001",
                            message: "The token request (grant_type=password) is valid; authenticate the resource owner, then call /auth/token/issue or /auth/token/fail.", [
                                "ticket": .string(ticket),
                                "username": .string(username),
                                "password": .string(password),
                                "clientId": .int(client.id),
                                "scopes": .array(scopes.map(JSON.string)),
                                "grantType": "PASSWORD",
                                "clientAuthMethod": .string(client.tokenAuthMethod),
                            ]).reply
    }

    /// Issues the grant's tokens and answers `OK` with them, the token response (`responseContent`) included.
    func issueTokens(_ grant: TokenGrant, grantName: String, client: AuthleteClient, realm: OAuthRealm, call: ServiceCall,
                     code: String, message: String) -> Reply {
        if grant.includeIDToken && !runtime.canSignIDToken(call.service, client) {
            return ActionResult("INTERNAL_SERVER_ERROR", code: "A050101",
                                message: "The service has no key in its JWK Set for the client's idTokenSignAlg (\(client.idTokenSignAlg)).", [
                                    "responseContent": .string(ActionResult.errorContent(code: "A050101", error: "server_error",
                                                                                         description: "The ID token cannot be signed.")),
                                ]).reply
        }
        // Whole seconds, as the engine stores expiry: the ms values agree with introspection's `expiresAt`.
        let now = runtime.clock.now().epochSeconds * 1000
        let accessDuration = realm.policy.accessTokenTTL.nanoseconds / 1_000_000_000
        let refreshDuration = realm.policy.refreshTokenTTL.nanoseconds / 1_000_000_000
        let jwtAccessTokens = realm.policy.accessTokenFormat == .jwt
        let runtime = self.runtime
        return .collect { resolve in
            runtime.engine.issuer.issue(grant, realm: realm) { result in
                switch result {
                case .failure(let error):
                    resolve(ActionResult("INTERNAL_SERVER_ERROR", code: "A050101", message: error.description, [
                        "responseContent": .string(ActionResult.errorContent(code: "A050101", error: "server_error", description: error.description)),
                    ]).response)
                case .success(let issued):
                    if let user = grant.user {
                        try? runtime.grants.record(service: call.service.apiKey, client: client.id, subject: user.subject, scopes: grant.scopes)
                    }
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
                    resolve(response)
                }
            }
        }
    }

    private func issue(_ call: ServiceCall) -> Reply {
        call.withFields { fields in
            guard let ticket = fields.string("ticket"), let subject = fields.string("subject") else {
                return ActionResult("INTERNAL_SERVER_ERROR", code: "A054101", message: "The request needs 'ticket' and 'subject'.").reply
            }
            guard let payload = runtime.tickets.take(ticket, kind: .password, service: call.service.apiKey),
                  let clientID = payload["clientId"]?.intValue, let client = call.service.client(clientID) else {
                return ActionResult("INTERNAL_SERVER_ERROR", code: "A054102", message: "The ticket is unknown, used or expired.").reply
            }
            let scopes = payload["scopes"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let realm = runtime.realm(call.service, client: client, accessTokenDuration: fields.positiveInt("accessTokenDuration"),
                                      refreshTokenDuration: fields.positiveInt("refreshTokenDuration"))
            let refresh = call.service.grantTypeNames.contains("REFRESH_TOKEN") && client.grantTypeNames.contains("REFRESH_TOKEN")
            let grant = TokenGrant(client: client.oauthClient(in: call.service), user: UserProfile(subject: subject, amr: []), scopes: scopes,
                                   grantID: SecureRandom.uuid(), includeRefreshToken: refresh, includeIDToken: scopes.contains("openid"),
                                   authTime: runtime.clock.now().epochSeconds)
            return issueTokens(grant, grantName: "PASSWORD", client: client, realm: realm, call: call, code: "A054001",
                               message: "The token request (grant_type=password) was processed successfully.")
        }
    }

    private func fail(_ call: ServiceCall) -> Reply {
        call.withFields { fields in
            let reason = fields.string("reason") ?? "UNKNOWN"
            guard EnumSets.tokenFailReason.contains(reason) else {
                return .now(AuthleteErrors.badRequest(call.apiPath, "'reason' has an unknown value \"\(reason)\"."))
            }
            guard let ticket = fields.string("ticket"), runtime.tickets.take(ticket, kind: .password, service: call.service.apiKey) != nil else {
                return ActionResult("INTERNAL_SERVER_ERROR", code: "A067101", message: "The ticket is unknown, used or expired.").reply
            }
            switch reason {
            case "INVALID_RESOURCE_OWNER_CREDENTIALS":
                return ActionResult.oauthError("BAD_REQUEST", code: "A067301", error: "invalid_grant",
                                               description: "The credentials (username & password) passed to the token endpoint are invalid.").reply
            case "INVALID_TARGET":
                return ActionResult.oauthError("BAD_REQUEST", code: "A067302", error: "invalid_target",
                                               description: "The resource indicated by the token request is invalid.").reply
            default:
                return ActionResult.oauthError("BAD_REQUEST", code: "A067303", error: "invalid_request",
                                               description: "The token request was not accepted.").reply
            }
        }
    }
}
