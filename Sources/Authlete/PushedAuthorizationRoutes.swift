import Emulator
import HTTP
import JSON
import OAuth

/// `/pushed_auth_req` (RFC 9126): authenticates the client, checks the authorization request, and stores it under a
/// `request_uri` that `/auth/authorization` accepts once.
struct PushedAuthorizationRoutes {
    let runtime: Runtime

    func register(_ access: APIAccess) {
        access.service(.POST, "/pushed_auth_req") { push($0) }
    }

    private func push(_ call: ServiceCall) -> Reply {
        call.withFields { fields in
            guard let parameters = fields.string("parameters") else {
                return ActionResult.oauthError("BAD_REQUEST", code: "A245201", error: "invalid_request",
                                               description: "The request does not contain 'parameters' parameter.").reply
            }
            let params = FormData(parsing: Substring(parameters))
            let client: AuthleteClient
            switch ClientCredentialsCheck.authenticate(fields, parameters: params, service: call.service) {
            case .failure(let failure):
                return ActionResult.oauthError(failure.error == "invalid_client" ? "UNAUTHORIZED" : "BAD_REQUEST",
                                               code: ResultCodes.error("A245", failure.error), error: failure.error,
                                               description: failure.description).reply
            case .success(let authenticated): client = authenticated
            }
            guard params["request_uri"] == nil else {
                return ActionResult.oauthError("BAD_REQUEST", code: "A245201", error: "invalid_request",
                                               description: "A pushed authorization request cannot contain 'request_uri' (RFC 9126 §2.1).").reply
            }
            // The pushed parameters name the client; credentials given beside them name the same client.
            var stored = params
            if stored["client_id"] == nil { stored = FormData(pairs: params.pairs + [("client_id", String(client.id))]) }
            switch AuthorizationEndpoint.check(stored, realm: runtime.realm(call.service, client: client)) {
            case .errorPage(_, let error):
                return ActionResult.oauthError("BAD_REQUEST", code: ResultCodes.error("A245", error.code), error: error.code,
                                               description: error.description).reply
            case .redirectError(let response):
                let error = FormData(parsing: Substring(response.headers["Location"] ?? "").split(separator: "?").last ?? "")
                let code = error["error"] ?? "invalid_request"
                return ActionResult.oauthError("BAD_REQUEST", code: ResultCodes.error("A245", code), error: code,
                                               description: error["error_description"] ?? "The authorization request is invalid.").reply
            case .valid:
                let duration = call.service.pushedAuthReqDuration
                let ticket: String
                do {
                    ticket = try runtime.tickets.issue(.pushed, service: call.service.apiKey, payload: ["parameters": .string(stored.encoded)],
                                                       ttl: duration)
                } catch {
                    return .now(AuthleteErrors.storeFailure(call.apiPath, error))
                }
                let requestURI = AuthorizationRoutes.requestURIPrefix + ticket
                return ActionResult("CREATED", code: "A245001",
                                    message: "Successfully registered a request object for client (\(client.id)), URI is \(requestURI).", [
                                        "requestUri": .string(requestURI),
                                        "responseContent": .string(JSON.object(["expires_in": .int(duration), "request_uri": .string(requestURI)]).jsonString()),
                                        "clientAuthMethod": .string(client.tokenAuthMethod),
                                    ]).reply
            }
        }
    }
}
