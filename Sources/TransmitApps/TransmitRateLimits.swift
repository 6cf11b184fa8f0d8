import HTTP
import JSON
import OAuth
import Primitives
import RateLimit

/// Transmit publishes no rate limits (VENDOR-NOTES §2.5), so none apply unless a tenant is given a quota, in the
/// seed (`"rate_limit": {"rate", "burst", "period"}`) or through `/_emulator/transmit/rate-limits/{tenant}`. A
/// limited tenant's token requests (by the client they name) and CIS API calls (by the token's tenant) share one
/// bucket; refusals are 429 with the NestJS throttler's message.
final class TransmitRateLimits: RateLimitPolicy {
    private let directory: TransmitDirectory
    private let engine: OAuthEngine

    init(directory: TransmitDirectory, engine: OAuthEngine) {
        self.directory = directory
        self.engine = engine
    }

    func decision(for request: Request) -> RateLimitDecision? {
        guard directory.hasRateLimits, let tenantID = tenant(of: request),
            let quota = directory.tenant(tenantID)?.rateLimit
        else { return nil }
        return RateLimitDecision(key: "transmit|" + tenantID, quota: quota, headerStyle: .throttled)
    }

    /// The tenant a request counts against: the named client's at the token endpoints, the bearer token's elsewhere.
    private func tenant(of request: Request) -> String? {
        if request.method == .POST, request.path.hasSuffix("/oidc/token") {
            return TokenRoutes.namedClient(request, directory: directory)?.tenantID
        }
        return Caller.of(request, engine: engine, directory: directory)?.tenantID
    }

    /// `{"rate", "burst", "period"}`, the period as a Go duration (as SecureAuth's rate-limit API writes it).
    static func model(_ quota: RateQuota) -> JSON {
        [
            "rate": .int(Int64(quota.rate)), "burst": .int(Int64(quota.burst)),
            "period": .string(GoDuration.format(quota.period)),
        ]
    }

    /// Reads `{"rate", "burst", "period"}`; nil when it is not a usable quota.
    static func quota(from json: JSON) -> RateQuota? {
        guard let rate = json["rate"]?.intValue, let burst = json["burst"]?.intValue,
            let period = json["period"]?.stringValue,
            let duration = GoDuration.parse(period), rate <= 1_000_000_000, burst <= 1_000_000_000
        else { return nil }
        let quota = RateQuota(rate: Int(rate), period: duration, burst: Int(burst))
        return quota.isValid ? quota : nil
    }

    static let quotaHelp =
        "needs an integer rate (> 0), an integer burst (>= 0) and a duration period, such as {\"rate\": 100, \"burst\": 20, \"period\": \"1m0s\"}"
}
