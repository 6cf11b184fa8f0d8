import Emulator
import HTTP
import JSON
import OAuth

/// Transmit's error envelopes (VENDOR-NOTES §2.2). The CIS API answers `{"message", "error_code"}`, with `message` an
/// array of strings for 400 (`BadRequestHttpError`) and a string otherwise; the OIDC endpoints answer OAuth errors
/// as `{"error", "error_description"}` (oidc.openapi.json's error schemas).
enum TransmitErrors {
    /// `/cis/v1/...`.
    static let cis = ErrorEnvelope(id: "transmit", module: "transmit") { status, message in
        status == 429 ? tooManyRequests : body(status: status, message)
    }

    /// `/oidc/...` and `/cis/oidc/...`.
    static let oidc = ErrorEnvelope(id: "transmit-oidc", module: "transmit") { status, message in
        status == 429 ? tooManyRequests : oauth(OAuthError(oauthCode(for: status), message, status: status))
    }

    /// INFERRED (VENDOR-NOTES §2.2): the NestJS throttler's message, which the Mosaic SDK docs show.
    static let tooManyRequests = Response.json(["message": "ThrottlerException: Too Many Requests", "error_code": 429], status: 429)

    /// `{"message": …, "error_code": status}`; a 400 carries its message in an array.
    static func body(status: Int, _ message: String) -> Response {
        status == 400 ? badRequest([message]) : .json(["message": .string(message), "error_code": .int(Int64(status))], status: status)
    }

    /// `BadRequestHttpError`: one entry per problem found.
    static func badRequest(_ messages: [String]) -> Response {
        .json(["message": .array(messages.map(JSON.string)), "error_code": 400], status: 400)
    }

    static func notFound(_ message: String) -> Response { body(status: 404, message) }

    static func conflict(_ message: String) -> Response { body(status: 409, message) }

    /// INFERRED (VENDOR-NOTES §2.2) for missing, invalid, expired and foreign tokens alike.
    static let unauthorized = body(status: 401, "Unauthorized request: JWT access token is missing or invalid")

    static func forbidden(_ message: String) -> Response { body(status: 403, message) }

    static func storeFailure(_ error: Error) -> Response {
        body(status: 503, "The change could not be stored: \(error)")
    }

    /// An OAuth error at the token endpoint, never cached; a 401 invites Basic authentication (RFC 6749 §5.2).
    static func oauth(_ error: OAuthError) -> Response {
        var response = Response.json(["error": .string(error.code), "error_description": .string(error.description)],
                                     status: error.status)
        response.headers.set("Cache-Control", "no-store")
        if error.status == 401 { response.headers.set("WWW-Authenticate", "Basic realm=\"oidc\"") }
        return response
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
