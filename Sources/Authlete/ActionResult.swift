import Emulator
import HTTP
import JSON

/// A runtime API answer: HTTP 200 with `resultCode`, `resultMessage`, `action` and the action's members
/// (VENDOR-NOTES §4.1: OAuth protocol errors are HTTP 200 from Authlete, with an action).
struct ActionResult {
    var action: String
    var code: String
    var message: String
    var members: JSONObject = [:]

    init(_ action: String, code: String, message: String, _ members: JSONObject = [:]) {
        self.action = action
        self.code = code
        self.message = message
        self.members = members
    }

    var response: Response {
        var body: JSONObject = [
            "resultCode": .string(code), "resultMessage": .string("[\(code)] \(message)"),
            "action": .string(action),
        ]
        for (name, value) in members { body[name] = value }
        return .json(.object(body))
    }

    /// An OAuth error as Authlete writes it for the client:
    /// `{"error_description": "[A…] …", "error": …, "error_uri": …}`.
    static func errorContent(code: String, error: String, description: String) -> String {
        JSON.object([
            "error_description": .string("[\(code)] \(description)"), "error": .string(error),
            "error_uri": .string("https://docs.authlete.com/#\(code)"),
        ]).jsonString()
    }

    /// An action whose `responseContent` is the OAuth error JSON.
    static func oauthError(
        _ action: String, code: String, error: String, description: String,
        _ members: JSONObject = [:]
    ) -> ActionResult {
        var all = members
        all["responseContent"] = .string(errorContent(code: code, error: error, description: description))
        return ActionResult(action, code: code, message: description, all)
    }

    /// `INTERNAL_SERVER_ERROR` with a `server_error` as `responseContent`.
    static func serverError(code: String, message: String, description: String) -> ActionResult {
        ActionResult(
            "INTERNAL_SERVER_ERROR", code: code, message: message,
            [
                "responseContent": .string(errorContent(code: code, error: "server_error", description: description))
            ])
    }

    /// A `Bearer` challenge for `WWW-Authenticate` (introspection and userinfo errors, RFC 6750 §3).
    static func bearerChallenge(code: String, error: String, description: String, scope: String? = nil) -> String {
        var value =
            "Bearer error=\"\(error)\",error_description=\"[\(code)] \(description)\","
            + "error_uri=\"https://docs.authlete.com/#\(code)\""
        if let scope { value += ",scope=\"\(scope)\"" }
        return value
    }
}

/// Result codes Authlete documents are used as written (spec examples: `A004001`, `A004201`, `A040001`, `A050001`,
/// `A054001`, `A056001`, `A067301`, `A091001`, `A096001`, `A113001`, `A145001`, `A245001`, `A202001`, `A213001`,
/// `A216001`, `A217001`, `A109001`, `A135001`, `A148001`, `A149001`). INFERRED: the error codes of each API, which the
/// spec does not list, are `<API prefix>2xx` numbered by OAuth error, so each failure has a stable, distinct code.
enum ResultCodes {
    static func error(_ prefix: String, _ oauthError: String) -> String {
        let suffix: String
        switch oauthError {
        case "invalid_request": suffix = "201"
        case "invalid_client": suffix = "202"
        case "unauthorized_client": suffix = "203"
        case "unsupported_response_type": suffix = "204"
        case "invalid_scope": suffix = "205"
        case "access_denied": suffix = "206"
        case "invalid_grant": suffix = "207"
        case "unsupported_grant_type": suffix = "208"
        case "invalid_token": suffix = "209"
        case "insufficient_scope": suffix = "210"
        case "login_required", "consent_required", "interaction_required", "account_selection_required": suffix = "211"
        case "invalid_target": suffix = "212"
        default: suffix = "101"
        }
        return prefix + suffix
    }
}
