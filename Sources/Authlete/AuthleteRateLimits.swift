import HTTP
import OAuth
import Primitives
import RateLimit

/// Authlete's limit (its API README, "Rate Limits"; VENDOR-NOTES §4.5): per access token, 100 requests per second
/// with bursts up to 200 requests, so the GCRA quota admits 200 at once from idle (burst 199 beyond the first).
/// Headers `X-RateLimit-Limit: 100`, `X-RateLimit-Remaining`, `X-RateLimit-Reset` (epoch seconds); 429 in the
/// `{resultCode, resultMessage}` envelope. Requests without a Bearer token are refused before they count.
final class AuthleteRateLimits: RateLimitPolicy {
    static let quota = RateQuota(rate: 100, period: .seconds(1), burst: 199)

    func decision(for request: Request) -> RateLimitDecision? {
        guard case .bearer(let token)? = request.authorization else { return nil }
        // The bucket is named by a short hash, so the control API's bucket list never shows a token.
        let key = "authlete|" + Hex.encode(Array(TokenHash.of(token).prefix(8)))
        return RateLimitDecision(key: key, quota: Self.quota, headerStyle: .authlete)
    }
}
