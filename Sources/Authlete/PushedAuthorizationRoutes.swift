import Emulator
import HTTP
import JSON
import OAuth

/// `/pushed_auth_req` (RFC 9126): authenticates the client, checks the authorization request, and stores it under a
/// `request_uri` that `/auth/authorization` accepts once.
struct PushedAuthorizationRoutes {
    let runtime: Runtime

    func register(_ services: RouteGroup<ServiceCall>) {
        services.api(.POST, "/pushed_auth_req") { try push(try RequestFields($0), $1) }
    }

    private static func invalid(_ error: String, _ description: String) -> AuthleteError {
        .action(
            .oauthError(
                "BAD_REQUEST", code: ResultCodes.error("A245", error), error: error,
                description: description))
    }

    private func push(_ fields: RequestFields, _ call: ServiceCall) throws -> Response {
        guard let parameters = fields.string("parameters") else {
            throw Self.invalid("invalid_request", "The request does not contain 'parameters' parameter.")
        }
        let params = FormData(parsing: Substring(parameters))
        let client = try AuthleteError.answering("A245", invalidClient: "UNAUTHORIZED") { () throws(OAuthError) in
            try ClientCredentialsCheck.authenticate(fields, parameters: params, service: call.service)
        }
        guard params["request_uri"] == nil else {
            throw Self.invalid(
                "invalid_request",
                "A pushed authorization request cannot contain 'request_uri' (RFC 9126 §2.1).")
        }
        // The pushed parameters name the client; credentials given beside them name the same client.
        var stored = params
        if stored["client_id"] == nil { stored = FormData(pairs: params.pairs + [("client_id", String(client.id))]) }
        switch AuthorizationEndpoint.check(stored, realm: runtime.realm(call.service, client: client)) {
        case .errorPage(_, let error):
            throw Self.invalid(error.code, error.description)
        case .redirectError(let response):
            let location = Substring(response.headers["Location"] ?? "")
            let error = FormData(parsing: location.split(separator: "?").last ?? "")
            throw Self.invalid(
                error["error"] ?? "invalid_request",
                error["error_description"] ?? "The authorization request is invalid.")
        case .valid:
            let duration = call.service.pushedAuthReqDuration
            let ticket = try runtime.tickets.issue(
                .pushed, service: call.service.apiKey,
                payload: ["parameters": .string(stored.encoded)], ttl: duration)
            let requestURI = TicketStore.requestURIPrefix + ticket
            let content: JSON = ["expires_in": .int(duration), "request_uri": .string(requestURI)]
            return ActionResult(
                "CREATED", code: "A245001",
                message: "Successfully registered a request object for client (\(client.id)), URI is "
                    + "\(requestURI).",
                [
                    "requestUri": .string(requestURI),
                    "responseContent": .string(content.jsonString()),
                    "clientAuthMethod": .string(client.tokenAuthMethod),
                ]
            ).response
        }
    }
}
