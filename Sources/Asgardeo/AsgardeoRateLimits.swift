import HTTP
import RateLimit

/// Asgardeo's limits (VENDOR-NOTES §5.5, wso2.com/asgardeo/docs/references/rate-limits/): per client IP address and
/// endpoint group, 200 requests a minute (5 for `/scim2/Bulk`). As a GCRA quota that is `rate` per minute with a
/// burst of `rate − 1`, so a full minute's allowance can pass at once from idle, as under a per-minute counter.
/// Asgardeo documents no rate-limit headers, so only refusals carry one (`Retry-After`).
final class AsgardeoRateLimits: RateLimitPolicy {
    /// Route groups and their quotas.
    static let quotas: [String: RateQuota] = [
        "oauth2": .perMinute(200, burst: 199),
        "oidc": .perMinute(200, burst: 199),
        "api": .perMinute(200, burst: 199),
        "scim2": .perMinute(200, burst: 199),
        "scim2-bulk": .perMinute(5, burst: 4),
    ]

    func decision(for request: Request) -> RateLimitDecision? {
        guard let group = request.route?.group, let quota = Self.quotas[group] else { return nil }
        return RateLimitDecision(
            key: "asgardeo|" + request.remoteAddress + "|" + group, quota: quota,
            headerStyle: .retryAfterOnly)
    }
}
