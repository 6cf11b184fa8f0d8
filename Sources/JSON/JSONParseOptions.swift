/// Limits and policies applied while parsing a JSON document.
public struct JSONParseOptions: Sendable {
    /// Deepest allowed nesting of arrays and objects; a scalar document has depth 0.
    public var maxDepth: Int
    /// Largest accepted document, in bytes.
    public var maxBytes: Int
    public var duplicateKeys: DuplicateKeyPolicy

    public init(maxDepth: Int = 256, maxBytes: Int = 16 << 20, duplicateKeys: DuplicateKeyPolicy = .reject) {
        self.maxDepth = maxDepth
        self.maxBytes = maxBytes
        self.duplicateKeys = duplicateKeys
    }
}
