import JSON

/// A seed that cannot be loaded: which file, where in it, and why.
public struct SeedError: Error, CustomStringConvertible, Sendable {
    public let file: String
    public let path: String
    public let reason: String

    public init(file: String, path: String, reason: String) {
        (self.file, self.path, self.reason) = (file, path, reason)
    }

    public var description: String { "seed \(file): \(path): \(reason)" }

    var json: JSON { ["file": .string(file), "path": .string(path), "reason": .string(reason)] }
}
