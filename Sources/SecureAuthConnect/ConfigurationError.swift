import Emulator
import HTTP
import JSON

/// Why the System or Hub configuration API refuses a request: the status, the reason and, for a document that is
/// not acceptable, the JSON path of the part at fault (also in `details.path`).
struct ConfigurationError: Error {
    let status: Int
    let message: String
    let path: String?

    init(status: Int, _ message: String, path: String? = nil) {
        self.status = status
        self.message = message
        self.path = path
    }

    var response: Response {
        SecureAuthErrors.adminBody(status: status, error: path.map { "\($0): \(message)" } ?? message,
                                   code: SecureAuthErrors.code(for: status), details: path.map { ["path": .string($0)] } ?? [:])
    }

    /// The same error with another status (a body that is malformed as a request is a 422 once produced by a patch).
    func withStatus(_ status: Int) -> ConfigurationError {
        ConfigurationError(status: status, message, path: path)
    }

    static func badRequest(_ message: String, path: String? = nil) -> ConfigurationError {
        ConfigurationError(status: 400, message, path: path)
    }

    static func unprocessable(_ message: String, path: String? = nil) -> ConfigurationError {
        ConfigurationError(status: 422, message, path: path)
    }

    static func conflict(_ message: String, path: String? = nil) -> ConfigurationError {
        ConfigurationError(status: 409, message, path: path)
    }

    static func notFound(_ what: String) -> ConfigurationError {
        ConfigurationError(status: 404, "\(what) not found")
    }

    /// A JSON value of the wrong shape in a request body.
    static func shape(_ error: JSONReadError) -> ConfigurationError {
        ConfigurationError(status: 400, error.reason, path: error.path)
    }

    /// The body as JSON, or the 400 to answer.
    static func body(of request: Request) -> Result<JSON, ConfigurationError> {
        request.jsonBody().mapError { .badRequest("Invalid JSON: \($0.description)") }
    }
}
