import Emulator
import HTTP
import JSON

/// A request the Admin API refuses, with the response to send.
struct RejectedRequest: Error {
    let response: Response
}

/// Reading Admin API request bodies: a JSON object, or the 400 to answer.
enum AdminRequests {
    static func object(_ request: Request) -> Result<JSONObject, RejectedRequest> {
        switch request.jsonBody() {
        case .failure(let error):
            return .failure(RejectedRequest(response: SecureAuthErrors.adminBody(status: 400, error: "Invalid JSON: \(error.description)",
                                                                                 code: "bad_request")))
        case .success(let json):
            guard let object = json.objectValue else {
                return .failure(RejectedRequest(response: SecureAuthErrors.adminBody(status: 400, error: "The request body must be a JSON object",
                                                                                     code: "bad_request")))
            }
            return .success(object)
        }
    }

    static func unprocessable(_ reason: String) -> Response {
        SecureAuthErrors.adminBody(status: 422, error: reason, code: "unprocessable_entity")
    }

    static func notFound(_ what: String) -> Response {
        SecureAuthErrors.adminBody(status: 404, error: "\(what) not found", code: "not_found")
    }

    static func conflict(_ reason: String) -> Response {
        SecureAuthErrors.adminBody(status: 409, error: reason, code: "conflict")
    }

    static func storeFailure(_ error: Error) -> Response {
        SecureAuthErrors.adminBody(status: 503, error: "The change could not be stored: \(error)", code: "service_unavailable")
    }
}
