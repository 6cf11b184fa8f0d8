import Primitives

/// One decision of the limiter, with the numbers rate-limit headers report (throttled's `RateLimitResult`).
public struct RateLimitResult: Equatable, Sendable {
    public var allowed: Bool
    /// burst + 1.
    public var limit: Int
    /// Requests that could pass right now.
    public var remaining: Int
    /// Time until the key is back to its idle state.
    public var resetAfter: Duration
    /// When refused: time until the next request can pass.
    public var retryAfter: Duration?
}
