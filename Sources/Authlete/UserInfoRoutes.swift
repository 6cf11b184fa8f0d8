import Emulator
import HTTP
import JSON
import OAuth

/// The userinfo endpoint APIs (OIDC Core §5.3): `/auth/userinfo` checks the access token and names the claims to
/// gather; `/auth/userinfo/issue` builds the response from the claims the authorization server supplies.
struct UserInfoRoutes {
    let runtime: Runtime

    func register(_ services: RouteGroup<ServiceCall>) {
        services.api(.POST, "/auth/userinfo") { try userinfo(try RequestFields($0), $1) }
        services.api(.POST, "/auth/userinfo/issue") { try issue(try RequestFields($0), $1) }
    }

    /// The token's record, or the failing action (`BAD_REQUEST` without a token, `UNAUTHORIZED` for an unknown or
    /// expired one, `FORBIDDEN` without the `openid` scope), each with its `WWW-Authenticate` value.
    private func check(
        _ fields: RequestFields, call: ServiceCall,
        prefix: String
    ) throws(AuthleteError) -> TokenRecord {
        func failure(_ action: String, _ error: String, _ description: String) -> AuthleteError {
            let code = ResultCodes.error(prefix, error)
            let challenge = ActionResult.bearerChallenge(code: code, error: error, description: description)
            return .action(
                ActionResult(
                    action, code: code, message: description,
                    ["responseContent": .string(challenge)]))
        }
        guard let token = fields.string("token") else {
            throw failure("BAD_REQUEST", "invalid_request", "The request does not contain an access token.")
        }
        guard let record = runtime.existingAccessToken(token, service: call.service),
            record.isActive(at: runtime.clock.now().epochSeconds)
        else {
            throw failure("UNAUTHORIZED", "invalid_token", "The access token does not exist or has expired.")
        }
        guard record.hasUser, record.scopes.contains("openid") else {
            throw failure(
                "FORBIDDEN", "insufficient_scope",
                "The access token does not have the 'openid' scope of an end user.")
        }
        return record
    }

    private func userinfo(_ fields: RequestFields, _ call: ServiceCall) throws -> Response {
        let record = try check(fields, call: call, prefix: "A091")
        return ActionResult(
            "OK", code: "A091001",
            message: "The access token presented at the userinfo endpoint is valid.",
            [
                "clientId": .int(Int64(record.clientID) ?? 0),
                "subject": .string(record.subject),
                "scopes": .array(record.scopes.map(JSON.string)),
                "claims": .array(UserInfoClaims.names(for: record.scopes).map(JSON.string)),
                "token": .string(fields.string("token") ?? ""),
            ]
        ).response
    }

    private func issue(_ fields: RequestFields, _ call: ServiceCall) throws -> Response {
        var claims: JSONObject = [:]
        if let text = fields.string("claims") {
            // A parse whose failure means "not a JSON object".
            guard let object = (try? JSON.parse(Array(text.utf8)))?.objectValue else {
                throw AuthleteError.badRequest(call.apiPath, "'claims' is not a JSON object.")
            }
            claims = object
        }
        let record = try check(fields, call: call, prefix: "A096")
        // Only the claims the token's scopes release (OIDC Core §5.4), plus `sub` (the `sub` field overrides it).
        let allowed = Set(UserInfoClaims.names(for: record.scopes))
        var body: JSONObject = ["sub": .string(fields.string("sub") ?? record.subject)]
        for (name, value) in claims where allowed.contains(name) { body[name] = value }
        return ActionResult(
            "JSON", code: "A096001", message: "The userinfo response was generated successfully.",
            ["responseContent": .string(JSON.object(body).jsonString())]
        ).response
    }
}
