import Emulator
import HTTP
import JSON
import OAuth

/// The userinfo endpoint APIs (OIDC Core §5.3): `/auth/userinfo` checks the access token and names the claims to
/// gather; `/auth/userinfo/issue` builds the response from the claims the authorization server supplies.
struct UserInfoRoutes {
    let runtime: Runtime

    func register(_ access: APIAccess) {
        access.service(.POST, "/auth/userinfo") { userinfo($0) }
        access.service(.POST, "/auth/userinfo/issue") { issue($0) }
    }

    /// The token's record, or the failing action (`BAD_REQUEST` without a token, `UNAUTHORIZED` for an unknown or
    /// expired one, `FORBIDDEN` without the `openid` scope), each with its `WWW-Authenticate` value.
    private func check(_ fields: RequestFields, call: ServiceCall, prefix: String) -> Result<TokenRecord, ActionResult> {
        func failure(_ action: String, _ error: String, _ description: String) -> ActionResult {
            let code = ResultCodes.error(prefix, error)
            return ActionResult(action, code: code, message: description,
                                ["responseContent": .string(ActionResult.bearerChallenge(code: code, error: error, description: description))])
        }
        guard let token = fields.string("token") else {
            return .failure(failure("BAD_REQUEST", "invalid_request", "The request does not contain an access token."))
        }
        guard let record = TokenInspectionRoutes.existingAccessToken(token, service: call.service, runtime: runtime),
              record.isActive(at: runtime.clock.now().epochSeconds) else {
            return .failure(failure("UNAUTHORIZED", "invalid_token", "The access token does not exist or has expired."))
        }
        guard record.hasUser, record.scopes.contains("openid") else {
            return .failure(failure("FORBIDDEN", "insufficient_scope", "The access token does not have the 'openid' scope of an end user."))
        }
        return .success(record)
    }

    private func userinfo(_ call: ServiceCall) -> Reply {
        call.withFields { fields in
            switch check(fields, call: call, prefix: "A091") {
            case .failure(let result): return result.reply
            case .success(let record):
                return ActionResult("OK", code: "A091001", message: "The access token presented at the userinfo endpoint is valid.", [
                    "clientId": .int(Int64(record.clientID) ?? 0),
                    "subject": .string(record.subject),
                    "scopes": .array(record.scopes.map(JSON.string)),
                    "claims": .array(UserInfoClaims.names(for: record.scopes).map(JSON.string)),
                    "token": .string(fields.string("token") ?? ""),
                ]).reply
            }
        }
    }

    private func issue(_ call: ServiceCall) -> Reply {
        call.withFields { fields in
            var claims: JSONObject = [:]
            if let text = fields.string("claims") {
                guard let object = (try? JSON.parse(Array(text.utf8)))?.objectValue else {
                    return .now(AuthleteErrors.badRequest(call.apiPath, "'claims' is not a JSON object."))
                }
                claims = object
            }
            switch check(fields, call: call, prefix: "A096") {
            case .failure(let result): return result.reply
            case .success(let record):
                // Only the claims the token's scopes release (OIDC Core §5.4), plus `sub` (the `sub` field overrides it).
                let allowed = Set(UserInfoClaims.names(for: record.scopes))
                var body: JSONObject = ["sub": .string(fields.string("sub") ?? record.subject)]
                for (name, value) in claims where allowed.contains(name) { body[name] = value }
                return ActionResult("JSON", code: "A096001", message: "The userinfo response was generated successfully.",
                                    ["responseContent": .string(JSON.object(body).jsonString())]).reply
            }
        }
    }
}
