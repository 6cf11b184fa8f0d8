import Emulator
import HTTP
import JSON
import OAuth

/// The authorization endpoint APIs: `/auth/authorization` checks the raw query and hands back a ticket,
/// `/auth/authorization/issue` turns the ticket into a code at the client's redirect URI, `/auth/authorization/fail`
/// into an error there (spec `authorization_*`; RFC 6749 §4.1.2, RFC 7636).
struct AuthorizationRoutes {
    let runtime: Runtime
    /// Tickets of authorization requests live this long (seconds).
    static let ticketDuration: Int64 = 86_400
    static let requestURIPrefix = "urn:ietf:params:oauth:request_uri:"

    func register(_ access: APIAccess) {
        access.service(.POST, "/auth/authorization") { authorization($0) }
        access.service(.POST, "/auth/authorization/issue") { issue($0) }
        access.service(.POST, "/auth/authorization/fail") { fail($0) }
    }

    private func authorization(_ call: ServiceCall) -> Reply {
        call.withFields { fields in
            guard var parameters = fields.string("parameters") else {
                return ActionResult.oauthError("BAD_REQUEST", code: "A004201", error: "invalid_request",
                                               description: "The authorization request from the service does not contain 'parameters' parameter.").reply
            }
            var params = FormData(parsing: Substring(parameters))
            if let requestURI = params["request_uri"] {
                switch resolvePushed(requestURI, clientID: params["client_id"], service: call.service) {
                case .failure(let result): return result.reply
                case .success(let pushed):
                    parameters = pushed
                    params = FormData(parsing: Substring(pushed))
                }
            } else if call.service.document["parRequired"]?.boolValue == true {
                return ActionResult.oauthError("BAD_REQUEST", code: "A004201", error: "invalid_request",
                                               description: "The service requires pushed authorization requests (request_uri).").reply
            }
            let client = params["client_id"].flatMap(call.service.client(identifier:))
            if let client, client.isLocked { return .now(locked(client, apiPath: call.apiPath)) }
            let realm = runtime.realm(call.service, client: client)
            switch AuthorizationEndpoint.check(params, realm: realm) {
            case .errorPage(_, let error):
                return ActionResult.oauthError("BAD_REQUEST", code: ResultCodes.error("A004", error.code), error: error.code,
                                               description: error.description).reply
            case .redirectError(let response):
                let error = FormData(parsing: Substring(response.headers["Location"] ?? "").split(separator: "?").last ?? "")
                let code = ResultCodes.error("A004", error["error"] ?? "invalid_request")
                return ActionResult("LOCATION", code: code, message: error["error_description"] ?? "The authorization request is invalid.",
                                    ["responseContent": .string(response.headers["Location"] ?? "")]).reply
            case .valid(let request):
                let client = client!
                let prompts = (params["prompt"] ?? "").split(separator: " ").map { $0.uppercased() }.filter(EnumSets.prompt.contains)
                let ticket: String
                do {
                    ticket = try runtime.tickets.issue(.authorization, service: call.service.apiKey,
                                                       payload: ["parameters": .string(parameters)], ttl: Self.ticketDuration)
                } catch {
                    return .now(AuthleteErrors.storeFailure(call.apiPath, error))
                }
                let openid = request.scopes.contains("openid")
                var members: JSONObject = [
                    "ticket": .string(ticket),
                    "client": client.limitedView,
                    "display": "PAGE",
                    "scopes": .array(scopeDetails(request.scopes, service: call.service)),
                    "prompts": .array(prompts.map(JSON.string)),
                    "clientIdAliasUsed": .bool(params["client_id"] != String(client.id)),
                    "acrEssential": false,
                ]
                if let maxAge = params["max_age"].flatMap(Int64.init) { members["maxAge"] = .int(maxAge) }
                if let acrs = params["acr_values"] { members["acrs"] = .array(acrs.split(separator: " ").map { .string(String($0)) }) }
                if let hint = params["login_hint"] { members["loginHint"] = .string(hint) }
                if let locales = params["ui_locales"] { members["uiLocales"] = .array(locales.split(separator: " ").map { .string(String($0)) }) }
                if openid { members["claims"] = .array(UserInfoClaims.names(for: request.scopes).map(JSON.string)) }
                let action = prompts.contains("NONE") ? "NO_INTERACTION" : "INTERACTION"
                return ActionResult(action, code: "A004001",
                                    message: "Authlete has successfully issued a ticket to the service (API Key = \(call.service.apiKey)) for the authorization request from the client (ID = \(client.id)). [response_type=code, openid=\(openid)]",
                                    members).reply
            }
        }
    }

    /// The parameters a pushed authorization request stored under `requestURI` (RFC 9126 §4); it is used once.
    private func resolvePushed(_ requestURI: String, clientID: String?, service: AuthleteService) -> Result<String, ActionResult> {
        func invalid(_ description: String) -> ActionResult {
            ActionResult.oauthError("BAD_REQUEST", code: "A004201", error: "invalid_request_uri", description: description)
        }
        guard requestURI.hasPrefix(Self.requestURIPrefix),
              let payload = runtime.tickets.take(String(requestURI.dropFirst(Self.requestURIPrefix.count)), kind: .pushed,
                                                 service: service.apiKey),
              let parameters = payload["parameters"]?.stringValue else {
            return .failure(invalid("The request_uri is unknown, used or expired."))
        }
        let pushedClient = FormData(parsing: Substring(parameters))["client_id"]
        guard clientID == nil || clientID == pushedClient else {
            return .failure(invalid("The request_uri was pushed by another client."))
        }
        return .success(parameters)
    }

    private func locked(_ client: AuthleteClient, apiPath: String) -> Response {
        AuthleteErrors.result(status: 403, code: AuthleteErrors.clientLocked, apiPath: apiPath, message: "The client (ID = \(client.id)) is locked.")
    }

    /// `scopes[]` of the response: each granted scope with its definition in the service.
    private func scopeDetails(_ scopes: [String], service: AuthleteService) -> [JSON] {
        let definitions = service.document["supportedScopes"]?.arrayValue ?? []
        return scopes.map { name in
            definitions.first { $0["name"]?.stringValue == name } ?? ["name": .string(name), "defaultEntry": false]
        }
    }

    /// The ticket's request, checked again (the client may have changed since), or the BAD_REQUEST to answer.
    private func ticketRequest(_ ticket: String?, call: ServiceCall, prefix: String) -> Result<(AuthorizationRequest, AuthleteClient, OAuthRealm), ActionResult> {
        guard let ticket else {
            return .failure(ActionResult.oauthError("BAD_REQUEST", code: prefix + "201", error: "invalid_request",
                                                    description: "The request does not contain 'ticket' parameter."))
        }
        guard let payload = runtime.tickets.take(ticket, kind: .authorization, service: call.service.apiKey),
              let parameters = payload["parameters"]?.stringValue else {
            return .failure(ActionResult.oauthError("BAD_REQUEST", code: prefix + "201", error: "invalid_request",
                                                    description: "The ticket is unknown, used or expired."))
        }
        let params = FormData(parsing: Substring(parameters))
        let client = params["client_id"].flatMap(call.service.client(identifier:))
        let realm = runtime.realm(call.service, client: client)
        guard let client, case .valid(let request) = AuthorizationEndpoint.check(params, realm: realm) else {
            return .failure(ActionResult.oauthError("BAD_REQUEST", code: prefix + "202", error: "invalid_request",
                                                    description: "The client of the ticket no longer accepts the request."))
        }
        return .success((request, client, realm))
    }

    private func issue(_ call: ServiceCall) -> Reply {
        call.withFields { fields in
            guard let subject = fields.string("subject") else {
                return ActionResult.oauthError("BAD_REQUEST", code: "A040201", error: "invalid_request",
                                               description: "The request does not contain 'subject' parameter.").reply
            }
            var claims: JSONObject = [:]
            if let text = fields.string("claims") {
                guard let parsed = try? JSON.parse(Array(text.utf8)), let object = parsed.objectValue else {
                    return ActionResult.oauthError("BAD_REQUEST", code: "A040201", error: "invalid_request",
                                                   description: "'claims' is not a JSON object.").reply
                }
                claims = object
            }
            switch ticketRequest(fields.string("ticket"), call: call, prefix: "A040") {
            case .failure(let result): return result.reply
            case .success(var (request, client, realm)):
                if let scopes = fields.strings("scopes"), !scopes.isEmpty { request.scopes = scopes }
                if request.scopes.contains("openid") && !runtime.canSignIDToken(call.service, client) {
                    return ActionResult("INTERNAL_SERVER_ERROR", code: "A040101",
                                        message: "The service has no key in its JWK Set for the client's idTokenSignAlg (\(client.idTokenSignAlg)).",
                                        ["responseContent": .string(ActionResult.errorContent(code: "A040101", error: "server_error",
                                                                                              description: "The ID token cannot be signed."))]).reply
                }
                let user = UserProfile(subject: subject, claims: claims, idp: nil, amr: [])
                let code: String
                do {
                    code = try AuthorizationEndpoint.issueCode(request, user: user, realm: realm, engine: runtime.engine)
                } catch {
                    return .now(AuthleteErrors.storeFailure(call.apiPath, error))
                }
                var parameters = [("code", code)]
                if let state = request.state { parameters.append(("state", state)) }
                if call.service.document["issSuppressed"]?.boolValue != true { parameters.append(("iss", call.service.issuer)) }
                let location = AuthorizationEndpoint.redirect(to: request.redirectURI, with: parameters).headers["Location"] ?? ""
                return ActionResult("LOCATION", code: "A040001", message: "The authorization request was processed successfully.", [
                    "responseContent": .string(location),
                    "authorizationCode": .string(code),
                    "accessTokenDuration": 0,
                    "accessTokenExpiresAt": 0,
                ]).reply
            }
        }
    }

    private func fail(_ call: ServiceCall) -> Reply {
        call.withFields { fields in
            let reason = fields.string("reason") ?? "UNKNOWN"
            guard EnumSets.authorizationFailReason.contains(reason) else {
                return .now(AuthleteErrors.badRequest(call.apiPath, "'reason' has an unknown value \"\(reason)\"."))
            }
            switch ticketRequest(fields.string("ticket"), call: call, prefix: "A041") {
            case .failure(let result): return result.reply
            case .success(let (request, _, _)):
                let error = Self.oauthError(forReason: reason)
                var parameters = [("error", error)]
                parameters.append(("error_description", fields.string("description") ?? "The authorization request was not accepted (reason = \(reason))."))
                if let state = request.state { parameters.append(("state", state)) }
                if call.service.document["issSuppressed"]?.boolValue != true { parameters.append(("iss", call.service.issuer)) }
                let location = AuthorizationEndpoint.redirect(to: request.redirectURI, with: parameters).headers["Location"] ?? ""
                return ActionResult("LOCATION", code: ResultCodes.error("A041", error),
                                    message: "The authorization request was answered with the error \(error) (reason = \(reason)).",
                                    ["responseContent": .string(location)]).reply
            }
        }
    }

    /// The OAuth error each `reason` stands for (OIDC Core §3.1.2.6, RFC 6749 §4.1.2.1, RFC 8707).
    static func oauthError(forReason reason: String) -> String {
        switch reason {
        case "DENIED": return "access_denied"
        case "CONSENT_REQUIRED": return "consent_required"
        case "INTERACTION_REQUIRED": return "interaction_required"
        case "ACCOUNT_SELECTION_REQUIRED": return "account_selection_required"
        case "INVALID_TARGET": return "invalid_target"
        case "SERVER_ERROR", "UNKNOWN": return "server_error"
        default: return "login_required"
        }
    }
}
