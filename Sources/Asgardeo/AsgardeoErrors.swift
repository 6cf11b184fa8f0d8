import Emulator
import HTTP
import JSON
import OAuth
import Primitives

/// Asgardeo's error envelopes (VENDOR-NOTES §5.2): RFC 6749 JSON on the OAuth endpoints, the auth valve's
/// `{code (an integer), message, description, traceId}` for authentication and authorization failures of the REST
/// APIs, `{code: "APP-6xxxx", message, description, traceId}` for their business errors, and the SCIM error with an
/// integer `status` under `/scim2`.
/// A request refused with a ready response (the error side of handlers' `Result`s).
struct Refusal: Error {
    let response: Response
}

enum AsgardeoErrors {
    /// `/t/{org}/oauth2/...` and `/t/{org}/oidc/...`.
    static let oauth = ErrorEnvelope(id: "asgardeo-oauth", module: "asgardeo") { status, message in
        oauthBody(OAuthError(oauthCode(for: status), message, status: status))
    }

    /// `/t/{org}/api/...` (and the `/o/api/...` paths of sub-organizations).
    static let api = ErrorEnvelope(id: "asgardeo-api", module: "asgardeo") { status, message in
        valveBody(status: status, description: message)
    }

    /// `/t/{org}/scim2/...` (and `/o/scim2/...`).
    static let scim = ErrorEnvelope(id: "asgardeo-scim2", module: "asgardeo") { status, message in
        scimBody(status: status, detail: message)
    }

    static func oauthBody(_ error: OAuthError) -> Response {
        var response = Response.json(["error": .string(error.code), "error_description": .string(error.description)],
                                     status: error.status)
        response.headers.set("Cache-Control", "no-store")
        return response
    }

    /// The auth valve's body (APIErrorResponseHandler): `code` is the HTTP status as a JSON integer.
    static func valveBody(status: Int, description: String? = nil) -> Response {
        let (message, standard) = valveText(for: status)
        var response = Response.json(["code": .int(Int64(status)), "message": .string(message),
                                      "description": .string(description ?? standard), "traceId": .string(SecureRandom.uuid())],
                                     status: status, contentType: "application/json;charset=UTF-8")
        if status == 401 { response.headers.set("WWW-Authenticate", "Bearer realm=\"Asgardeo\"") }
        return response
    }

    /// 401 for a missing, unknown, expired or foreign access token.
    static var unauthorized: Response { valveBody(status: 401) }
    /// 403 for a token without the operation's scope.
    static var forbidden: Response { valveBody(status: 403) }

    /// A management API business error (`APP-60006`, `ORG-60015`, …).
    static func apiError(status: Int, code: String, message: String, description: String) -> Response {
        .json(["code": .string(code), "message": .string(message), "description": .string(description),
               "traceId": .string(SecureRandom.uuid())], status: status)
    }

    /// `urn:ietf:params:scim:api:messages:2.0:Error` with an integer `status` (WSO2's SCIM2 endpoints).
    static func scimBody(status: Int, detail: String, scimType: String? = nil) -> Response {
        var body: JSONObject = ["schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"]]
        if let scimType { body["scimType"] = .string(scimType) }
        body["detail"] = .string(detail)
        body["status"] = .int(Int64(status))
        return .json(.object(body), status: status, contentType: "application/scim+json")
    }

    private static func valveText(for status: Int) -> (String, String) {
        switch status {
        case 400: return ("Bad Request", "Your client has issued a malformed or illegal request.")
        case 401: return ("Unauthorized", "Authorization failure. Authorization information was invalid or missing from your request.")
        case 403: return ("Forbidden", "Operation is not permitted. You do not have permissions to make this request.")
        case 404: return ("Not Found", "The requested resource is not available.")
        case 405: return ("Method Not Allowed", "The requested method is not allowed for this resource.")
        case 413: return ("Payload Too Large", "The request body is too large.")
        case 429: return ("Too Many Requests", "Too many requests. The rate limit for this endpoint was exceeded.")
        default: return status >= 500 ? ("Internal Server Error", "The server encountered an error.") : ("Error", "The request failed.")
        }
    }

    private static func oauthCode(for status: Int) -> String {
        switch status {
        case 401: return "invalid_client"
        case 404: return "not_found"
        case 429: return "too_many_requests"
        case 500...: return "server_error"
        default: return "invalid_request"
        }
    }
}
