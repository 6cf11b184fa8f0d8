import Emulator
import HTTP
import JSON
import OAuth

/// What resource servers and clients ask about tokens: `/auth/introspection` (Authlete's own answer, with `usable`,
/// `existent`, `sufficient`), `/auth/introspection/standard` (RFC 7662) and `/auth/revocation` (RFC 7009).
struct TokenInspectionRoutes {
    let runtime: Runtime

    func register(_ access: APIAccess) {
        access.service(.POST, "/auth/introspection") { introspection($0) }
        access.service(.POST, "/auth/introspection/standard") { standard($0) }
        access.service(.POST, "/auth/revocation") { revocation($0) }
    }

    /// An access token of `service` that exists (was issued and not revoked or deleted), usable or not.
    static func existingAccessToken(_ token: String, service: AuthleteService, runtime: Runtime) -> TokenRecord? {
        guard let record = runtime.engine.tokens.find(token, realm: Runtime.realmID(service)), record.kind == .access,
              !record.revoked else { return nil }
        return record
    }

    private func introspection(_ call: ServiceCall) -> Reply {
        call.withFields { fields in
            func failure(_ action: String, _ code: String, _ error: String, _ description: String, _ members: JSONObject) -> Reply {
                var all = members
                all["responseContent"] = .string(ActionResult.bearerChallenge(code: code, error: error, description: description,
                                                                              scope: fields.strings("scopes")?.joined(separator: " ")))
                return ActionResult(action, code: code, message: description, all).reply
            }
            guard let token = fields.string("token") else {
                return failure("BAD_REQUEST", "A056201", "invalid_request", "The request does not contain a valid access token.",
                               ["existent": false, "usable": false, "sufficient": false, "refreshable": false])
            }
            guard let record = Self.existingAccessToken(token, service: call.service, runtime: runtime) else {
                return failure("UNAUTHORIZED", "A056209", "invalid_token", "The access token does not exist.",
                               ["existent": false, "usable": false, "sufficient": false, "refreshable": false])
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
                "refreshable": .bool(record.hasUser && client?.grantTypeNames.contains("REFRESH_TOKEN") == true
                                     && call.service.grantTypeNames.contains("REFRESH_TOKEN")),
                "clientIdAliasUsed": false,
            ]
            if let alias = client?.document["clientIdAlias"] { members["clientIdAlias"] = alias }
            guard record.isActive(at: runtime.clock.now().epochSeconds) else {
                return failure("UNAUTHORIZED", "A056209", "invalid_token", "The access token has expired.", members)
            }
            members["usable"] = true
            if let required = fields.strings("scopes"), let missing = required.first(where: { !record.scopes.contains($0) }) {
                return failure("FORBIDDEN", "A056210", "insufficient_scope", "The access token does not cover the required scope '\(missing)'.", members)
            }
            if let subject = fields.string("subject"), !record.hasUser || subject != record.subject {
                return failure("FORBIDDEN", "A056211", "invalid_token", "The access token was not issued to the subject '\(subject)'.", members)
            }
            members["sufficient"] = true
            return ActionResult("OK", code: "A056001", message: "The access token is valid.", members).reply
        }
    }

    private func standard(_ call: ServiceCall) -> Reply {
        call.withFields { fields in
            guard let parameters = fields.string("parameters"), let token = FormData(parsing: Substring(parameters))["token"], !token.isEmpty else {
                return ActionResult.oauthError("BAD_REQUEST", code: "A145201", error: "invalid_request",
                                               description: "The introspection request does not contain 'token'.").reply
            }
            let realm = runtime.realm(call.service, client: nil)
            var body = runtime.engine.introspect(token, realm: realm, callerClientID: nil, anyToken: true)
            let active = body["active"] == true
            if active, let record = runtime.engine.tokens.find(token, realm: realm.id) {
                body["token_type"] = record.kind == .access ? "Bearer" : "refresh_token"
                if !record.hasUser { body["sub"] = nil }
            }
            return ActionResult("OK", code: "A145001",
                                message: "Introspection was performed successfully (type=\(body["token_type"]?.stringValue ?? "unknown"), active=\(active)).",
                                ["responseContent": .string(JSON.object(body).jsonString())]).reply
        }
    }

    private func revocation(_ call: ServiceCall) -> Reply {
        call.withFields { fields in
            guard let parameters = fields.string("parameters") else {
                return ActionResult.oauthError("BAD_REQUEST", code: "A113201", error: "invalid_request",
                                               description: "The revocation request from the service does not contain 'parameters' parameter.").reply
            }
            let form = FormData(parsing: Substring(parameters))
            let client: AuthleteClient
            switch ClientCredentialsCheck.authenticate(fields, parameters: form, service: call.service) {
            case .failure(let failure):
                return ActionResult.oauthError(failure.error == "invalid_client" ? "INVALID_CLIENT" : "BAD_REQUEST",
                                               code: ResultCodes.error("A113", failure.error), error: failure.error,
                                               description: failure.description).reply
            case .success(let authenticated): client = authenticated
            }
            guard let token = form["token"], !token.isEmpty else {
                return ActionResult.oauthError("BAD_REQUEST", code: "A113201", error: "invalid_request",
                                               description: "The revocation request does not contain 'token'.").reply
            }
            // Authlete keeps an access token and its refresh token as one record: revoking either ends both (RFC 7009 §2.1
            // allows it), and every token of the same grant with them.
            if let record = runtime.engine.tokens.find(token, realm: Runtime.realmID(call.service)), record.clientID == String(client.id) {
                try? runtime.engine.tokens.revokeGrant(record.grantID)
            }
            return ActionResult("OK", code: "A113001", message: "The token has been revoked successfully.").reply
        }
    }
}
