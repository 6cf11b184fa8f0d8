import Emulator
import HTTP
import JSON
import OAuth

/// What resource servers and clients ask about tokens: `/auth/introspection` (Authlete's own answer, with `usable`,
/// `existent`, `sufficient`), `/auth/introspection/standard` (RFC 7662) and `/auth/revocation` (RFC 7009).
struct TokenInspectionRoutes {
    let runtime: Runtime

    func register(_ services: RouteGroup<ServiceCall>) {
        services.api(.POST, "/auth/introspection") { introspection(try RequestFields($0), $1) }
        services.api(.POST, "/auth/introspection/standard") { request, call in
            try standard(try RequestFields(request), call)
        }
        services.api(.POST, "/auth/revocation") { try revocation(try RequestFields($0), $1) }
    }

    private func introspection(_ fields: RequestFields, _ call: ServiceCall) -> Response {
        let required = fields.strings("scopes")
        func failure(
            _ action: String, _ code: String, _ error: String, _ description: String,
            _ members: JSONObject
        ) -> Response {
            var all = members
            all["responseContent"] = .string(
                ActionResult.bearerChallenge(
                    code: code, error: error, description: description, scope: required?.joined(separator: " ")))
            return ActionResult(action, code: code, message: description, all).response
        }
        let nothing: JSONObject = ["existent": false, "usable": false, "sufficient": false, "refreshable": false]
        guard let token = fields.string("token") else {
            return failure(
                "BAD_REQUEST", "A056201", "invalid_request",
                "The request does not contain a valid access token.", nothing)
        }
        guard let record = runtime.existingAccessToken(token, service: call.service) else {
            return failure("UNAUTHORIZED", "A056209", "invalid_token", "The access token does not exist.", nothing)
        }
        let clientID = Int64(record.clientID) ?? 0
        let client = call.service.client(clientID)
        var members: JSONObject = [
            "clientId": .int(clientID),
            "subject": record.hasUser ? .string(record.subject) : .null,
            "scopes": .array(record.scopes.map(JSON.string)),
            "expiresAt": .int(record.expiresAt * 1000),
            "existent": true,
            "usable": false,
            "sufficient": false,
            // The engine's rule for a refresh token beside an access token: a user grant of a client (and service)
            // with the refresh_token grant type.
            "refreshable": .bool(
                record.hasUser && client?.grantTypeNames.contains("REFRESH_TOKEN") == true
                    && call.service.grantTypeNames.contains("REFRESH_TOKEN")),
            "clientIdAliasUsed": false,
        ]
        if let alias = client?.document["clientIdAlias"] { members["clientIdAlias"] = alias }
        guard record.isActive(at: runtime.clock.now().epochSeconds) else {
            return failure("UNAUTHORIZED", "A056209", "invalid_token", "The access token has expired.", members)
        }
        members["usable"] = true
        if let missing = required?.first(where: { !record.scopes.contains($0) }) {
            return failure(
                "FORBIDDEN", "A056210", "insufficient_scope",
                "The access token does not cover the required scope '\(missing)'.", members)
        }
        if let subject = fields.string("subject"), !record.hasUser || subject != record.subject {
            return failure(
                "FORBIDDEN", "A056211", "invalid_token",
                "The access token was not issued to the subject '\(subject)'.", members)
        }
        members["sufficient"] = true
        return ActionResult("OK", code: "A056001", message: "The access token is valid.", members).response
    }

    private func standard(_ fields: RequestFields, _ call: ServiceCall) throws -> Response {
        guard let parameters = fields.string("parameters"),
            let token = FormData(parsing: Substring(parameters))["token"], !token.isEmpty
        else {
            throw AuthleteError.action(
                .oauthError(
                    "BAD_REQUEST", code: "A145201", error: "invalid_request",
                    description: "The introspection request does not contain 'token'."))
        }
        let realm = runtime.realm(call.service, client: nil)
        var body = runtime.engine.introspect(token, realm: realm, callerClientID: nil, anyToken: true)
        let active = body["active"] == true
        if active, let record = runtime.engine.tokens.find(token, realm: realm.id) {
            body["token_type"] = record.kind == .access ? "Bearer" : "refresh_token"
            if !record.hasUser { body["sub"] = nil }
        }
        let type = body["token_type"]?.stringValue ?? "unknown"
        return ActionResult(
            "OK", code: "A145001",
            message: "Introspection was performed successfully (type=\(type), active=\(active)).",
            ["responseContent": .string(JSON.object(body).jsonString())]
        ).response
    }

    private func revocation(_ fields: RequestFields, _ call: ServiceCall) throws -> Response {
        guard let parameters = fields.string("parameters") else {
            throw AuthleteError.action(
                .oauthError(
                    "BAD_REQUEST", code: "A113201", error: "invalid_request",
                    description: "The revocation request from the service does not contain 'parameters' parameter."))
        }
        let form = FormData(parsing: Substring(parameters))
        let client = try AuthleteError.answering("A113") { () throws(OAuthError) in
            try ClientCredentialsCheck.authenticate(fields, parameters: form, service: call.service)
        }
        guard let token = form["token"], !token.isEmpty else {
            throw AuthleteError.action(
                .oauthError(
                    "BAD_REQUEST", code: "A113201", error: "invalid_request",
                    description: "The revocation request does not contain 'token'."))
        }
        // Authlete keeps an access token and its refresh token as one record: revoking either ends both (RFC 7009
        // §2.1 allows it), and every token of the same grant with them.
        if let record = runtime.engine.tokens.find(token, realm: Runtime.realmID(call.service)),
            record.clientID == String(client.id)
        {
            try runtime.engine.tokens.revokeGrant(record.grantID)
        }
        return ActionResult("OK", code: "A113001", message: "The token has been revoked successfully.").response
    }
}
