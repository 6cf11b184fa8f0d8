/// Why a key, JWK or JWS was rejected, in words fit for an error response or a log line.
public struct JOSEError: Error, Equatable, Sendable, CustomStringConvertible {
    public let reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String {
        reason
    }
}
