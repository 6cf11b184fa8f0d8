/// A JSON value that does not have the expected shape, located by its path
/// (`$.tenants[0].id: expected a string, found a number`).
public struct JSONReadError: Error, Equatable, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String {
        "\(path): \(reason)"
    }
}
