import HTTP
import JSON
import OAuth
import Store

/// Why SecureAuth Connect refuses a request, in one of its two envelopes (VENDOR-NOTES §1.2): the Admin, System and
/// Hub APIs answer `{status_code, error, error_code, details}` (with the JSON path of a document's faulty part in
/// `details.path`); the OAuth2 endpoints answer `genericError` plus the RFC 6749 fields.
struct SecureAuthError: HTTPError {
    private enum Shape {
        /// `code` nil: the status's own `error_code`.
        case api(code: String?, path: String?)
        case oauth(OAuthError, challenge: String?)
    }

    let status: Int
    let message: String
    private let shape: Shape

    /// An Admin/System/Hub API error; `code` defaults to the status's `error_code`.
    init(status: Int, _ message: String, code: String? = nil, path: String? = nil) {
        self.status = status
        self.message = message
        shape = .api(code: code, path: path)
    }

    /// An OAuth2 endpoint error, with a `WWW-Authenticate` challenge on 401 when `challenge` is given.
    static func oauth(_ error: OAuthError, challenge: String? = nil) -> SecureAuthError {
        SecureAuthError(status: error.status, error.description, shape: .oauth(error, challenge: challenge))
    }

    private init(status: Int, _ message: String, shape: Shape) {
        self.status = status
        self.message = message
        self.shape = shape
    }

    var response: Response {
        switch shape {
        case .api(let code, let path):
            return .json(
                [
                    "status_code": .int(Int64(status)), "error": .string(path.map { "\($0): \(message)" } ?? message),
                    "error_code": .string(code ?? Self.code(for: status)),
                    "details": path.map { ["path": .string($0)] } ?? [:],
                ],
                status: status)
        case .oauth(let error, let challenge):
            var response = Response.json(
                [
                    "error": .string(error.code), "error_description": .string(error.description),
                    "error_hint": .string(error.description), "status_code": .int(Int64(error.status)),
                ], status: error.status)
            response.headers.set("Cache-Control", "no-store")
            if let challenge, error.status == 401 { response.headers.set("WWW-Authenticate", challenge) }
            return response
        }
    }

    /// The same error with another status (a body that is malformed as a request is a 422 once produced by a patch).
    func withStatus(_ status: Int) -> SecureAuthError {
        SecureAuthError(status: status, message, shape: shape)
    }

    static func badRequest(_ message: String, path: String? = nil) -> SecureAuthError {
        SecureAuthError(status: 400, message, path: path)
    }

    static func unprocessable(_ message: String, path: String? = nil) -> SecureAuthError {
        SecureAuthError(status: 422, message, path: path)
    }

    static func conflict(_ message: String, path: String? = nil) -> SecureAuthError {
        SecureAuthError(status: 409, message, path: path)
    }

    static func notFound(_ what: String) -> SecureAuthError {
        SecureAuthError(status: 404, "\(what) not found")
    }

    static func forbidden(_ message: String) -> SecureAuthError {
        SecureAuthError(status: 403, message)
    }

    /// A JSON value of the wrong shape in a request body.
    static func shape(_ error: JSONReadError) -> SecureAuthError {
        SecureAuthError(status: 400, error.reason, path: error.path)
    }

    /// Runs a store write whose unique-key violation means the entity exists: that becomes a 409 with `message`.
    static func conflictOnDuplicate(_ message: String, _ write: () throws -> Void) throws {
        do {
            try write()
        } catch let error as StoreError where error.isUniqueViolation {
            throw SecureAuthError.conflict(message)
        }
    }

    /// The `/api/admin`, `/api/system` and `/api/hub` envelope for router-level errors.
    static let apiEnvelope = ErrorEnvelope(id: "secureauth-connect-admin", module: "secureauth-connect") {
        status, message in
        SecureAuthError(status: status, message).response
    }

    /// The `/{tid}/{aid}/...` envelope.
    static let oauthEnvelope = ErrorEnvelope(id: "secureauth-connect", module: "secureauth-connect") {
        status, message in
        oauth(OAuthError(code(for: status), message, status: status)).response
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
