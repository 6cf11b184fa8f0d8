import Emulator
import HTTP
import JSON
import OAuth

/// An Authlete API call refused at the HTTP level (spec `components.schemas.result` and `components.responses`,
/// VENDOR-NOTES §4.2): `{"resultCode": "A…", "resultMessage": "[A…] <api path>, <text>"}`. OAuth protocol errors
/// are not HTTP errors in Authlete but HTTP 200 with an `action`; a handler that stops early with one throws
/// `AuthleteError.action(_:)`.
struct AuthleteError: HTTPError {
    let response: Response

    /// `A001202`, spec `components.responses.401`.
    static let missingAuthorizationCode = "A001202"
    /// `A001203`, the README's "Common Error Codes".
    static let invalidAccessTokenCode = "A001203"
    /// `A001215`, spec `components.responses.403`.
    static let clientLockedCode = "A001215"
    /// `A001101`, spec `components.responses.500`.
    static let serverErrorCode = "A001101"

    /// Renders router-level errors (404, 413, 429, …) for paths under `/api/` that no route names.
    static let envelope = ErrorEnvelope(id: "authlete", module: "authlete") { status, message in
        body(status: status, code: code(for: status), message: message)
    }

    /// The envelope of the routes of one API: errors the kit and the router render there (a malformed body, 405,
    /// 429, 500) name the API the way Authlete does (`[A001001] /client/create, …`).
    static func envelope(apiPath: String) -> ErrorEnvelope {
        envelope.rewritingMessages { "\(apiPath), \($0)" }
    }

    /// The code for an HTTP status. INFERRED for 400/403/404/405/413/429: Authlete documents no code for these
    /// (the spec's 404 example is the number 404 with an empty message); a string `A001…` code keeps the SDKs'
    /// string-typed `resultCode` working.
    static func code(for status: Int) -> String {
        switch status {
        case 401: return invalidAccessTokenCode
        case 400: return "A001001"
        case 403: return "A001204"
        case 404: return "A001404"
        case 405: return "A001405"
        case 413: return "A001413"
        case 429: return "A001429"
        default: return status >= 500 ? serverErrorCode : "A001\(status)"
        }
    }

    /// An error body; `apiPath` (such as `/client/create`) is named in the message the way Authlete does.
    private static func body(status: Int, code: String, apiPath: String? = nil, message: String) -> Response {
        let text = "[\(code)] " + (apiPath.map { "\($0), " } ?? "") + message
        return .json(["resultCode": .string(code), "resultMessage": .string(text)], status: status)
    }

    private init(status: Int, code: String? = nil, apiPath: String, message: String) {
        response = Self.body(status: status, code: code ?? Self.code(for: status), apiPath: apiPath, message: message)
    }

    private init(response: Response) { self.response = response }

    static func badRequest(_ apiPath: String, _ message: String) -> AuthleteError {
        AuthleteError(status: 400, apiPath: apiPath, message: message)
    }

    static func notFound(_ apiPath: String, _ message: String) -> AuthleteError {
        AuthleteError(status: 404, apiPath: apiPath, message: message)
    }

    static func forbidden(_ apiPath: String, _ message: String) -> AuthleteError {
        AuthleteError(status: 403, apiPath: apiPath, message: message)
    }

    /// 401 `A001202`: the request has no `Authorization` header.
    static func missingAuthorization(_ apiPath: String) -> AuthleteError {
        AuthleteError(
            status: 401, code: missingAuthorizationCode, apiPath: apiPath,
            message: "Authorization header is missing.")
    }

    /// 401 `A001203`: not a Bearer token, or one that no service or organization has.
    static func invalidAccessToken(_ apiPath: String) -> AuthleteError {
        AuthleteError(status: 401, code: invalidAccessTokenCode, apiPath: apiPath, message: "Invalid access token.")
    }

    /// 403 `A001215`: the client's lock flag is set.
    static func clientLocked(_ apiPath: String, _ client: AuthleteClient) -> AuthleteError {
        AuthleteError(
            status: 403, code: clientLockedCode, apiPath: apiPath,
            message: "The client (ID = \(client.id)) is locked.")
    }

    /// A runtime API's answer to a request it refuses on protocol grounds: HTTP 200 with the action.
    static func action(_ result: ActionResult) -> AuthleteError { AuthleteError(response: result.response) }

    /// An OAuth error as a runtime API's answer: `invalidClient` (`INVALID_CLIENT` unless the API names it
    /// otherwise) for `invalid_client`, else `BAD_REQUEST`, with the code `<prefix>2xx` and the error as
    /// `responseContent`.
    static func refused(
        _ error: OAuthError, _ prefix: String,
        invalidClient: String = "INVALID_CLIENT"
    ) -> AuthleteError {
        .action(
            .oauthError(
                error.code == "invalid_client" ? invalidClient : "BAD_REQUEST",
                code: ResultCodes.error(prefix, error.code), error: error.code,
                description: error.description))
    }

    /// Runs `body`; an OAuth error it throws becomes the runtime API's answer (see `refused`).
    static func answering<T>(
        _ prefix: String, invalidClient: String = "INVALID_CLIENT",
        _ body: () throws(OAuthError) -> T
    ) throws(AuthleteError) -> T {
        do throws(OAuthError) {
            return try body()
        } catch {
            throw refused(error, prefix, invalidClient: invalidClient)
        }
    }

    /// The value of an engine result, or its OAuth error as the runtime API's answer (see `refused`).
    static func unwrap<T>(_ result: Result<T, OAuthError>, _ prefix: String) throws(AuthleteError) -> T {
        try answering(prefix) { () throws(OAuthError) in try result.get() }
    }
}
