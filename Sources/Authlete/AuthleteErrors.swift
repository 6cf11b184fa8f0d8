import Emulator
import HTTP
import JSON

/// Authlete's HTTP-level error envelope `{"resultCode": "A…", "resultMessage": "[A…] <api path>, <text>"}`
/// (spec `components.schemas.result` and `components.responses`, VENDOR-NOTES §4.2). Protocol errors are not these:
/// they are HTTP 200 with an `action` (see `ActionResult`).
enum AuthleteErrors {
    /// Renders router-level errors (404, 405, 413, 429, …) for paths under `/api/`.
    static let vendor = ErrorEnvelope(id: "authlete", module: "authlete") { status, message in
        result(status: status, code: code(for: status), message: message)
    }

    /// `A001202`, spec `components.responses.401`.
    static let missingAuthorization = "A001202"
    /// `A001203`, the README's "Common Error Codes".
    static let invalidAccessToken = "A001203"
    /// `A001215`, spec `components.responses.403`.
    static let clientLocked = "A001215"
    /// `A001101`, spec `components.responses.500`.
    static let serverError = "A001101"

    /// The code for an HTTP status. INFERRED for 400/403/404/405/413/429: Authlete documents no code for these
    /// (the spec's 404 example is the number 404 with an empty message); a string `A001…` code keeps the SDKs'
    /// string-typed `resultCode` working.
    static func code(for status: Int) -> String {
        switch status {
        case 401: return invalidAccessToken
        case 400: return "A001001"
        case 403: return "A001204"
        case 404: return "A001404"
        case 405: return "A001405"
        case 413: return "A001413"
        case 429: return "A001429"
        default: return status >= 500 ? serverError : "A001\(status)"
        }
    }

    /// An error body; `apiPath` (such as `/client/create`) is named in the message the way Authlete does.
    static func result(status: Int, code: String, apiPath: String? = nil, message: String) -> Response {
        let text = "[\(code)] " + (apiPath.map { "\($0), " } ?? "") + message
        return .json(["resultCode": .string(code), "resultMessage": .string(text)], status: status)
    }

    static func badRequest(_ apiPath: String, _ message: String) -> Response {
        result(status: 400, code: code(for: 400), apiPath: apiPath, message: message)
    }

    static func notFound(_ apiPath: String, _ message: String) -> Response {
        result(status: 404, code: code(for: 404), apiPath: apiPath, message: message)
    }

    static func storeFailure(_ apiPath: String, _ error: Error) -> Response {
        result(status: 500, code: serverError, apiPath: apiPath, message: "Authlete Server error. The change could not be stored: \(error)")
    }
}

/// A request refused with an HTTP-level error: the response to send.
struct Refusal: Error {
    let response: Response

    init(_ response: Response) { self.response = response }
}
