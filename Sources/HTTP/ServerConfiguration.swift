/// How the HTTP server listens and which limits it enforces.
public struct ServerConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port (tests read it back from `HTTPServer.port`).
    public var port: Int
    public var limits: RequestLimits
    /// Open connections beyond this are answered 503 and closed.
    public var maxConnections: Int
    /// A keep-alive connection with no request in progress is closed after this many milliseconds.
    public var idleTimeoutMilliseconds: UInt64
    /// A request whose headers are not complete this long after its first byte gets 408.
    public var headerTimeoutMilliseconds: UInt64
    /// After a graceful-shutdown signal, connections still busy this long are closed anyway.
    public var shutdownGraceMilliseconds: UInt64

    public init(
        host: String = "127.0.0.1", port: Int = 8080, limits: RequestLimits = RequestLimits(),
        maxConnections: Int = 4096, idleTimeoutMilliseconds: UInt64 = 60_000,
        headerTimeoutMilliseconds: UInt64 = 10_000, shutdownGraceMilliseconds: UInt64 = 10_000
    ) {
        self.host = host
        self.port = port
        self.limits = limits
        self.maxConnections = maxConnections
        self.idleTimeoutMilliseconds = idleTimeoutMilliseconds
        self.headerTimeoutMilliseconds = headerTimeoutMilliseconds
        self.shutdownGraceMilliseconds = shutdownGraceMilliseconds
    }
}
