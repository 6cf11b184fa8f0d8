import HTTP

/// How a vendor answers and labels rate-limited responses.
public enum RateLimitHeaderStyle: Sendable {
    /// The throttled library as Go writes it: `X-Ratelimit-Limit` (burst + 1), `X-Ratelimit-Remaining`,
    /// `X-Ratelimit-Reset` (seconds until idle, rounded up), and `Retry-After` when refused (SecureAuth Connect).
    case throttled
    /// Authlete: `X-RateLimit-Limit` is the rate, `X-RateLimit-Reset` an epoch second.
    case authlete
    /// No headers on allowed responses; `Retry-After` on refusals only.
    case retryAfterOnly
}

/// What applies to one request: the bucket key, its quota, and how to label the answer.
public struct RateLimitDecision: Sendable {
    public var key: String
    public var quota: RateQuota
    public var headerStyle: RateLimitHeaderStyle

    public init(key: String, quota: RateQuota, headerStyle: RateLimitHeaderStyle) {
        (self.key, self.quota, self.headerStyle) = (key, quota, headerStyle)
    }
}

/// A vendor's rate-limit rules: which bucket a request counts against, if any.
public protocol RateLimitPolicy: AnyObject {
    func decision(for request: Request) -> RateLimitDecision?
}
