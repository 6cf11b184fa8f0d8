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

    func register(_ services: RouteGroup<ServiceCall>) {
        services.api(.POST, "/auth/authorization") { try authorization(try RequestFields($0), $1) }
        services.api(.POST, "/auth/authorization/issue") { try issue(try RequestFields($0), $1) }
        services.api(.POST, "/auth/authorization/fail") { try fail(try RequestFields($0), $1) }
    }

    private static func invalidRequest(
        _ code: String, _ description: String,
        error: String = "invalid_request"
    ) -> AuthleteError {
        .action(.oauthError("BAD_REQUEST", code: code, error: error, description: description))
    }

    private func authorization(_ fields: RequestFields, _ call: ServiceCall) throws -> Response {
        guard var parameters = fields.string("parameters") else {
            throw Self.invalidRequest(
                "A004201", "The authorization request from the service does not contain 'parameters' parameter.")
        }
        var params = FormData(parsing: Substring(parameters))
        if let requestURI = params["request_uri"] {
            parameters = try pushedParameters(requestURI, clientID: params["client_id"], service: call.service)
            params = FormData(parsing: Substring(parameters))
        } else if call.service.document["parRequired"]?.boolValue == true {
            throw Self.invalidRequest("A004201", "The service requires pushed authorization requests (request_uri).")
        }
        let client = params["client_id"].flatMap(call.service.client(identifier:))
        if let client, client.isLocked { throw AuthleteError.clientLocked(call.apiPath, client) }
        switch AuthorizationEndpoint.check(params, realm: runtime.realm(call.service, client: client)) {
        case .errorPage(_, let error):
            throw Self.invalidRequest(ResultCodes.error("A004", error.code), error.description, error: error.code)
        case .redirectError(let response):
            let location = response.headers["Location"] ?? ""
            let error = FormData(parsing: Substring(location).split(separator: "?").last ?? "")
            return ActionResult(
                "LOCATION", code: ResultCodes.error("A004", error["error"] ?? "invalid_request"),
                message: error["error_description"] ?? "The authorization request is invalid.",
                ["responseContent": .string(location)]
            ).response
        case .valid(let request):
            return try ticket(for: request, client: client!, parameters: parameters, params: params, call: call)
        }
    }

    /// The `INTERACTION` (or, with `prompt=none`, `NO_INTERACTION`) answer to a valid request: a ticket for
    /// `/auth/authorization/issue|fail` and what the authorization server shows the user.
    private func ticket(
        for request: AuthorizationRequest, client: AuthleteClient, parameters: String, params: FormData,
        call: ServiceCall
    ) throws -> Response {
        let prompts = (params["prompt"] ?? "").split(separator: " ").map { $0.uppercased() }
            .filter(EnumSets.prompt.contains)
        let ticket = try runtime.tickets.issue(
            .authorization, service: call.service.apiKey,
            payload: ["parameters": .string(parameters)], ttl: Self.ticketDuration)
        let openid = request.scopes.contains("openid")
        func list(_ text: String) -> JSON { .array(text.split(separator: " ").map { .string(String($0)) }) }
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
        if let acrs = params["acr_values"] { members["acrs"] = list(acrs) }
        if let hint = params["login_hint"] { members["loginHint"] = .string(hint) }
        if let locales = params["ui_locales"] { members["uiLocales"] = list(locales) }
        if openid { members["claims"] = .array(UserInfoClaims.names(for: request.scopes).map(JSON.string)) }
        return ActionResult(
            prompts.contains("NONE") ? "NO_INTERACTION" : "INTERACTION", code: "A004001",
            message: "Authlete has successfully issued a ticket to the service (API Key = "
                + "\(call.service.apiKey)) for the authorization request from the client (ID = "
                + "\(client.id)). [response_type=code, openid=\(openid)]",
            members
        ).response
    }

    /// The parameters a pushed authorization request stored under `requestURI` (RFC 9126 §4); it is used once.
    private func pushedParameters(_ requestURI: String, clientID: String?, service: AuthleteService) throws -> String {
        let prefix = TicketStore.requestURIPrefix
        guard requestURI.hasPrefix(prefix),
            let payload = try runtime.tickets.take(
                String(requestURI.dropFirst(prefix.count)), kind: .pushed,
                service: service.apiKey),
            let parameters = payload["parameters"]?.stringValue
        else {
            throw Self.invalidRequest(
                "A004201", "The request_uri is unknown, used or expired.",
                error: "invalid_request_uri")
        }
        guard clientID == nil || clientID == FormData(parsing: Substring(parameters))["client_id"] else {
            throw Self.invalidRequest(
                "A004201", "The request_uri was pushed by another client.",
                error: "invalid_request_uri")
        }
        return parameters
    }

    /// `scopes[]` of the response: each granted scope with its definition in the service.
    private func scopeDetails(_ scopes: [String], service: AuthleteService) -> [JSON] {
        let definitions = service.document["supportedScopes"]?.arrayValue ?? []
        return scopes.map { name in
            definitions.first { $0["name"]?.stringValue == name } ?? ["name": .string(name), "defaultEntry": false]
        }
    }

    /// The ticket's request, checked again (the client may have changed since), or the BAD_REQUEST to answer.
    private func ticketRequest(
        _ ticket: String?, call: ServiceCall,
        prefix: String
    ) throws -> (AuthorizationRequest, AuthleteClient, OAuthRealm) {
        guard let ticket else {
            throw Self.invalidRequest(prefix + "201", "The request does not contain 'ticket' parameter.")
        }
        guard let payload = try runtime.tickets.take(ticket, kind: .authorization, service: call.service.apiKey),
            let parameters = payload["parameters"]?.stringValue
        else {
            throw Self.invalidRequest(prefix + "201", "The ticket is unknown, used or expired.")
        }
        let params = FormData(parsing: Substring(parameters))
        let client = params["client_id"].flatMap(call.service.client(identifier:))
        let realm = runtime.realm(call.service, client: client)
        guard let client, case .valid(let request) = AuthorizationEndpoint.check(params, realm: realm) else {
            throw Self.invalidRequest(prefix + "202", "The client of the ticket no longer accepts the request.")
        }
        return (request, client, realm)
    }

    private func issue(_ fields: RequestFields, _ call: ServiceCall) throws -> Response {
        guard let subject = fields.string("subject") else {
            throw Self.invalidRequest("A040201", "The request does not contain 'subject' parameter.")
        }
        var claims: JSONObject = [:]
        if let text = fields.string("claims") {
            // A parse whose failure means "not a JSON object".
            guard let object = (try? JSON.parse(Array(text.utf8)))?.objectValue else {
                throw Self.invalidRequest("A040201", "'claims' is not a JSON object.")
            }
            claims = object
        }
        // The ticket is used up and the code stored together, or neither.
        return try runtime.directory.database.transaction {
            let (ticketed, client, realm) = try ticketRequest(fields.string("ticket"), call: call, prefix: "A040")
            var request = ticketed
            if let scopes = fields.strings("scopes"), !scopes.isEmpty { request.scopes = scopes }
            if request.scopes.contains("openid") && !runtime.canSignIDToken(call.service, client) {
                return ActionResult.serverError(
                    code: "A040101",
                    message: "The service has no key in its JWK Set for the client's idTokenSignAlg "
                        + "(\(client.idTokenSignAlg)).",
                    description: "The ID token cannot be signed."
                ).response
            }
            let user = UserProfile(subject: subject, claims: claims, idp: nil, amr: [])
            let code = try AuthorizationEndpoint.issueCode(request, user: user, realm: realm, engine: runtime.engine)
            let location = redirect(request, [("code", code)], service: call.service)
            return ActionResult(
                "LOCATION", code: "A040001",
                message: "The authorization request was processed successfully.",
                [
                    "responseContent": .string(location),
                    "authorizationCode": .string(code),
                    "accessTokenDuration": 0,
                    "accessTokenExpiresAt": 0,
                ]
            ).response
        }
    }

    /// The redirect to the client with `parameters`, the request's `state` and (unless the service suppresses it)
    /// `iss` (RFC 9207).
    private func redirect(
        _ request: AuthorizationRequest, _ parameters: [(String, String)],
        service: AuthleteService
    ) -> String {
        var parameters = parameters
        if let state = request.state { parameters.append(("state", state)) }
        if service.document["issSuppressed"]?.boolValue != true { parameters.append(("iss", service.issuer)) }
        return AuthorizationEndpoint.redirect(to: request.redirectURI, with: parameters).headers["Location"] ?? ""
    }

    private func fail(_ fields: RequestFields, _ call: ServiceCall) throws -> Response {
        let reason = fields.string("reason") ?? "UNKNOWN"
        guard EnumSets.authorizationFailReason.contains(reason) else {
            throw AuthleteError.badRequest(call.apiPath, "'reason' has an unknown value \"\(reason)\".")
        }
        let (request, _, _) = try ticketRequest(fields.string("ticket"), call: call, prefix: "A041")
        let error = Self.oauthError(forReason: reason)
        let description =
            fields.string("description")
            ?? "The authorization request was not accepted (reason = \(reason))."
        let location = redirect(request, [("error", error), ("error_description", description)], service: call.service)
        return ActionResult(
            "LOCATION", code: ResultCodes.error("A041", error),
            message: "The authorization request was answered with the error \(error) "
                + "(reason = \(reason)).",
            ["responseContent": .string(location)]
        ).response
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
