/// Why a connection's byte stream could not be read as HTTP requests; each maps to a status and closes the connection.
public enum ParseFailure: Error, Equatable, Sendable {
    case malformed(String)
    case headersTooLarge
    case bodyTooLarge
    case uriTooLong
    case lengthRequired
    case unsupportedVersion

    public var status: Int {
        switch self {
        case .malformed: return 400
        case .headersTooLarge: return 431
        case .bodyTooLarge: return 413
        case .uriTooLong: return 414
        case .lengthRequired: return 411
        case .unsupportedVersion: return 505
        }
    }

    public var message: String {
        switch self {
        case .malformed(let why): return "Malformed HTTP request: \(why)"
        case .headersTooLarge: return "Request line and headers are too large"
        case .bodyTooLarge: return "Request body is too large"
        case .uriTooLong: return "Request target is too long"
        case .lengthRequired: return "A request with a Content-Type needs a Content-Length or chunked Transfer-Encoding"
        case .unsupportedVersion: return "Only HTTP/1.0 and HTTP/1.1 are supported"
        }
    }
}
