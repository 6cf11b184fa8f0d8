import HTTP
import Primitives

/// Applies the vendors' rate-limit policies: counts each request in its bucket, adds the vendor's headers, and
/// answers 429 "Too many requests" in the vendor's envelope when the bucket is empty.
public final class RateLimitMiddleware: Middleware {
    public let limiter = GCRALimiter()
    public var enabled: Bool
    private var policies: [String: RateLimitPolicy] = [:]
    private let clock: Clock

    public init(clock: Clock, enabled: Bool) {
        self.clock = clock
        self.enabled = enabled
    }

    /// Registers the policy for routes of the vendor with this id.
    public func register(_ policy: RateLimitPolicy, forVendor vendorID: String) { policies[vendorID] = policy }

    public func handle(_ request: Request, next: Handler) -> Reply {
        guard enabled, let policy = policies[request.envelope.id], let decision = policy.decision(for: request) else {
            return next(request)
        }
        let now = clock.now()
        let result = limiter.check(decision.key, quota: decision.quota, now: now)
        guard result.allowed else {
            var response = request.envelope.response(status: 429, message: "Too many requests")
            Self.label(&response, result, decision, now: now)
            return .now(response)
        }
        switch next(request) {
        case .now(var response):
            Self.label(&response, result, decision, now: now)
            return .now(response)
        case let later:
            return later.map {
                var response = $0
                Self.label(&response, result, decision, now: now)
                return response
            }
        }
    }

    /// Adds the headers (handlers never set them, so they are appended without a search).
    static func label(
        _ response: inout Response, _ result: RateLimitResult, _ decision: RateLimitDecision, now: Timestamp
    ) {
        let retry = result.retryAfter.map { max(1, $0.secondsRoundedUp) }
        switch decision.headerStyle {
        case .throttled:
            response.headers.add("X-Ratelimit-Limit", String(result.limit))
            response.headers.add("X-Ratelimit-Remaining", String(result.remaining))
            response.headers.add("X-Ratelimit-Reset", String(result.resetAfter.secondsRoundedUp))
        case .authlete:
            response.headers.add("X-RateLimit-Limit", String(decision.quota.rate))
            response.headers.add("X-RateLimit-Remaining", String(result.remaining))
            // Epoch seconds, rounded up: the instant at or after which the bucket is full again.
            let resetAt = now.adding(result.resetAfter)
            let epochSeconds = resetAt.epochSeconds
            response.headers.add(
                "X-RateLimit-Reset",
                String(Timestamp(seconds: epochSeconds) < resetAt ? epochSeconds + 1 : epochSeconds))
        case .retryAfterOnly:
            break
        }
        if let retry { response.headers.add("Retry-After", String(retry)) }
    }
}
