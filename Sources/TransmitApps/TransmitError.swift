import HTTP
import JSON
import OAuth

/// A refused Transmit request, as the response to send (VENDOR-NOTES §2.2). The CIS API answers
/// `{"message", "error_code"}`, with `message` an array of strings for 400 (`BadRequestHttpError`) and a string
/// otherwise; the OIDC endpoints answer OAuth errors as `{"error", "error_description"}` (oidc.openapi.json).
/// The envelopes beside it render the router's errors (404, 405, 413, 429, a malformed body, a failed write's 500)
/// in the same formats.
struct TransmitError: HTTPError {
    let response: Response

    /// `/cis/v1/...`. A malformed body is `Invalid JSON body: …`, as the emulator has always worded it.
    static let cis = ErrorEnvelope(id: "transmit", module: "transmit") { status, message in
        status == 429 ? tooManyRequests : body(status: status, cisWording(message))
    }

    /// `/oidc/...` and `/cis/oidc/...`.
    static let oidc = ErrorEnvelope(id: "transmit-oidc", module: "transmit") { status, message in
        status == 429 ? tooManyRequests : oauth(OAuthError(oauthCode(for: status), message, status: status)).response
    }

    /// INFERRED (VENDOR-NOTES §2.2): the NestJS throttler's message, which the Mosaic SDK docs show.
    static let tooManyRequests = Response.json(
        ["message": "ThrottlerException: Too Many Requests", "error_code": 429],
        status: 429)

    /// `BadRequestHttpError`: one entry per problem found.
    static func badRequest(_ messages: [String]) -> TransmitError {
        TransmitError(response: .json(["message": .array(messages.map(JSON.string)), "error_code": 400], status: 400))
    }

    static func notFound(_ message: String) -> TransmitError { TransmitError(response: body(status: 404, message)) }

    static func conflict(_ message: String) -> TransmitError { TransmitError(response: body(status: 409, message)) }

    /// INFERRED (VENDOR-NOTES §2.2) for missing, invalid, expired and foreign tokens alike.
    static let unauthorized = TransmitError(
        response: body(status: 401, "Unauthorized request: JWT access token is missing or invalid"))

    static func forbidden(_ message: String) -> TransmitError { TransmitError(response: body(status: 403, message)) }

    /// An OAuth error at the token endpoint, never cached; a 401 invites Basic authentication (RFC 6749 §5.2).
    static func oauth(_ error: OAuthError) -> TransmitError {
        var response = Response.json(
            ["error": .string(error.code), "error_description": .string(error.description)],
            status: error.status)
        response.headers.set("Cache-Control", "no-store")
        if error.status == 401 { response.headers.set("WWW-Authenticate", "Basic realm=\"oidc\"") }
        return TransmitError(response: response)
    }

    /// `{"message": …, "error_code": status}`; a 400 carries its message in an array.
    private static func body(status: Int, _ message: String) -> Response {
        status == 400
            ? badRequest([message]).response
            : .json(["message": .string(message), "error_code": .int(Int64(status))], status: status)
    }

    /// The kit's words for a malformed body (`The request body is not valid JSON: …`) in the CIS API's.
    private static func cisWording(_ message: String) -> String {
        let kit = "The request body is not valid JSON: "
        return message.hasPrefix(kit) ? "Invalid JSON body: " + message.dropFirst(kit.count) : message
    }

    private static func oauthCode(for status: Int) -> String {
        switch status {
        case 400: return "invalid_request"
        case 401: return "invalid_client"
        case 404: return "not_found"
        case 405: return "method_not_allowed"
        case 413: return "invalid_request"
        default: return status >= 500 ? "server_error" : "invalid_request"
        }
    }
}
