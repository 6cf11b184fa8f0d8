import HTTP
import JSON
import OAuth
import Primitives
import SCIM

/// A refusal of the Asgardeo module, in the format of the API it answers for (VENDOR-NOTES §5.2): RFC 6749 JSON on
/// the OAuth endpoints, the auth valve's `{code (an integer), message, description, traceId}` for authentication and
/// authorization failures of the REST APIs, `{code: "APP-6xxxx", message, description, traceId}` for their business
/// errors, the SCIM error with an integer `status` under `/scim2`, and the login page's HTML.
struct AsgardeoError: HTTPError {
    let response: Response

    // MARK: REST APIs

    /// The auth valve's body (APIErrorResponseHandler): `code` is the HTTP status as a JSON integer.
    static func valve(status: Int, description: String? = nil) -> AsgardeoError {
        let (message, standard) = valveText(for: status)
        var response = Response.json(
            [
                "code": .int(Int64(status)), "message": .string(message),
                "description": .string(description ?? standard),
                "traceId": .string(SecureRandom.uuid()),
            ],
            status: status, contentType: "application/json;charset=UTF-8")
        if status == 401 { response.headers.set("WWW-Authenticate", "Bearer realm=\"Asgardeo\"") }
        return AsgardeoError(response: response)
    }

    /// 401 for a missing, unknown, expired or foreign access token.
    static var unauthorized: AsgardeoError { valve(status: 401) }
    /// 403 for a token without the operation's scope.
    static var forbidden: AsgardeoError { valve(status: 403) }

    /// A management API business error (`APP-60006`, `ORG-60015`, `APR-60005`, …).
    static func api(status: Int, code: String, message: String, description: String) -> AsgardeoError {
        AsgardeoError(
            response: .json(
                [
                    "code": .string(code), "message": .string(message),
                    "description": .string(description),
                    "traceId": .string(SecureRandom.uuid()),
                ], status: status))
    }

    /// A 400 of the management APIs (identity-api-server `ApplicationManagementConstants`: `APP-60001` by default).
    static func badRequest(
        _ description: String, code: String = "APP-60001",
        message: String = "Invalid request."
    ) -> AsgardeoError {
        api(status: 400, code: code, message: message, description: description)
    }

    // MARK: OAuth, SCIM, app-native authentication, login page

    /// An OAuth error as JSON (`error`, `error_description`), not cached.
    static func oauth(_ error: OAuthError) -> AsgardeoError {
        var response = Response.json(
            ["error": .string(error.code), "error_description": .string(error.description)],
            status: error.status)
        response.headers.set("Cache-Control", "no-store")
        return AsgardeoError(response: response)
    }

    /// `urn:ietf:params:scim:api:messages:2.0:Error` with an integer `status` (WSO2's SCIM2 endpoints).
    static func scim(_ error: SCIMError) -> AsgardeoError {
        AsgardeoError(response: error.response(statusStyle: .integer))
    }

    /// An API-based authentication error: `{code, message, description, traceId}` (INFERRED codes: the `ABA-6xxxx`
    /// numbering follows WSO2's client-error convention; the exact numbers are not documented).
    static func appNative(status: Int = 400, code: String, message: String, description: String) -> AsgardeoError {
        api(status: status, code: code, message: message, description: description)
    }

    /// The login page's HTML error (browser flows).
    static func page(_ error: OAuthError, status: Int) -> AsgardeoError {
        AsgardeoError(response: LoginPage.error(error, status: status))
    }

    /// The value of an OAuth engine result, or its error in Asgardeo's words (`refusal`).
    static func unwrap<Value>(
        _ result: Result<Value, OAuthError>,
        _ refusal: (OAuthError) -> AsgardeoError = oauth
    ) throws(AsgardeoError) -> Value {
        do {
            return try result.get()
        } catch {
            throw refusal(error)
        }
    }

    /// The value of a SCIM engine result, or its SCIM error.
    static func unwrap<Value>(_ result: Result<Value, SCIMError>) throws(AsgardeoError) -> Value {
        do {
            return try result.get()
        } catch {
            throw scim(error)
        }
    }

    private static func valveText(for status: Int) -> (String, String) {
        switch status {
        case 400: return ("Bad Request", "Your client has issued a malformed or illegal request.")
        case 401:
            return (
                "Unauthorized",
                "Authorization failure. Authorization information was invalid or missing from your request."
            )
        case 403: return ("Forbidden", "Operation is not permitted. You do not have permissions to make this request.")
        case 404: return ("Not Found", "The requested resource is not available.")
        case 405: return ("Method Not Allowed", "The requested method is not allowed for this resource.")
        case 413: return ("Payload Too Large", "The request body is too large.")
        case 429: return ("Too Many Requests", "Too many requests. The rate limit for this endpoint was exceeded.")
        default:
            return status >= 500
                ? ("Internal Server Error", "The server encountered an error.")
                : ("Error", "The request failed.")
        }
    }
}
