import Emulator
import HTTP
import JSON
import OAuth

/// SecureAuth Connect's two error envelopes (VENDOR-NOTES §1.2): OAuth2 endpoints answer `genericError` plus the
/// RFC 6749 fields; the Admin, System and Hub APIs answer `{status_code, error, error_code, details}`.
enum SecureAuthErrors {
    /// `/{tid}/{aid}/...` endpoints.
    static let oauth2 = ErrorEnvelope(id: "secureauth-connect", module: "secureauth-connect") { status, message in
        oauthBody(OAuthError(code(for: status), message, status: status))
    }

    /// `/api/admin`, `/api/system`, `/api/hub`.
    static let admin = ErrorEnvelope(id: "secureauth-connect-admin", module: "secureauth-connect") { status, message in
        adminBody(status: status, error: message, code: code(for: status))
    }

    static func oauthBody(_ error: OAuthError, basicChallenge: Bool = false) -> Response {
        var response = Response.json([
            "error": .string(error.code),
            "error_description": .string(error.description),
            "error_hint": .string(error.description),
            "status_code": .int(Int64(error.status)),
        ], status: error.status)
        response.headers.set("Cache-Control", "no-store")
        if basicChallenge && error.status == 401 { response.headers.set("WWW-Authenticate", "Basic realm=\"oauth2\"") }
        return response
    }

    static func adminBody(status: Int, error: String, code: String, details: JSON = [:]) -> Response {
        .json(["status_code": .int(Int64(status)), "error": .string(error), "error_code": .string(code), "details": details],
              status: status)
    }

    /// The `error_code` SecureAuth uses for an HTTP status (`invalid_access_token` is chosen by callers for bad tokens).
    static func code(for status: Int) -> String {
        switch status {
        case 400: return "bad_request"
        case 401: return "unauthorized"
        case 403: return "forbidden"
        case 404: return "not_found"
        case 405: return "method_not_allowed"
        case 408: return "request_timeout"
        case 409: return "conflict"
        case 413: return "payload_too_large"
        case 422: return "unprocessable_entity"
        case 429: return "too_many_requests"
        case 431: return "request_header_fields_too_large"
        case 503: return "service_unavailable"
        default: return status >= 500 ? "internal_server_error" : "error"
        }
    }
}
