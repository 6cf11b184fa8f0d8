/// An error that is a response: a vendor's error type conforms, and a handler that throws one answers with it.
///
/// Each vendor module has one such type, which renders that vendor's envelope. The router turns a thrown
/// `HTTPError` into its `response`, a thrown `RequestProblem` into the route's envelope, and anything else into the
/// envelope's 500, logged at error level.
public protocol HTTPError: Error {
    var response: Response { get }
}

/// A request the kit's readers refuse (a malformed body, a missing parameter): a status and a message that the
/// route's `ErrorEnvelope` renders in the vendor's format.
public struct RequestProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public let status: Int
    public let message: String

    public init(status: Int = 400, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { "\(status) \(message)" }
}
