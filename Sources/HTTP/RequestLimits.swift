/// Size limits applied while a request is read.
public struct RequestLimits: Sendable {
    /// Request line plus header fields, in bytes (431 beyond).
    public var maxHeaderBytes: Int
    /// Body bytes, by Content-Length or after de-chunking (413 beyond).
    public var maxBodyBytes: Int
    /// The request-target, in bytes (414 beyond).
    public var maxTargetBytes: Int

    public init(maxHeaderBytes: Int = 16 * 1024, maxBodyBytes: Int = 1 << 20, maxTargetBytes: Int = 8 * 1024) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxBodyBytes = maxBodyBytes
        self.maxTargetBytes = maxTargetBytes
    }
}
