import HTTP
import JSON
import Primitives
import RateLimit
import Store

/// SecureAuth Connect's limits: per tenant and API group (module), the seed's free-tier table by default,
/// overridden per tenant from the seed or the root API. Headers as the throttled library writes them.
final class SecureAuthRateLimits: RateLimitPolicy {
    /// Seed 000's free-tier table (per minute: rate / burst).
    static let defaults: [String: RateQuota] = [
        "admin": .perMinute(300, burst: 50),
        "developer": .perMinute(600, burst: 50),
        "public": .perMinute(3000, burst: 500),
        "oauth2": .perMinute(3000, burst: 500),
        "openbanking": .perMinute(600, burst: 100),
        "web": .perMinute(3000, burst: 1000),
        "system": .perMinute(3000, burst: 100),
        "audit_events": .perMinute(6000, burst: 2000),
        "identity_admin": .perMinute(300, burst: 50),
        "identity_self": .perMinute(300, burst: 50),
        "otp_send": .perMinute(1, burst: 1),
    ]

    static let migrations = [
        Migration(
            version: 2, name: "rate-limit overrides",
            sql: """
                CREATE TABLE sac_rate_limits (
                    tenant_id TEXT NOT NULL,
                    module TEXT NOT NULL,
                    rate INTEGER NOT NULL,
                    burst INTEGER NOT NULL,
                    period_ns INTEGER NOT NULL,
                    PRIMARY KEY (tenant_id, module)
                );
                """)
    ]

    private let database: Database
    /// Overrides by tenant, loaded on first use and after every change.
    private var overrides: [String: [String: RateQuota]]?

    init(database: Database) { self.database = database }

    func decision(for request: Request) -> RateLimitDecision? {
        guard let module = request.route?.group, let tenant = request.param("tid") else { return nil }
        guard let quota = overrides(for: tenant)[module] ?? Self.defaults[module] else { return nil }
        return RateLimitDecision(key: tenant + "|" + module, quota: quota, headerStyle: .throttled)
    }

    func overrides(for tenant: String) -> [String: RateQuota] {
        if overrides == nil {
            var loaded: [String: [String: RateQuota]] = [:]
            try? database.forEachRow("SELECT tenant_id, module, rate, burst, period_ns FROM sac_rate_limits") { row in
                loaded[row.string("tenant_id") ?? "", default: [:]][row.string("module") ?? ""] = RateQuota(
                    rate: Int(row.int("rate") ?? 0), period: Duration(nanoseconds: row.int("period_ns") ?? 0),
                    burst: Int(row.int("burst") ?? 0))
            }
            overrides = loaded
        }
        return overrides?[tenant] ?? [:]
    }

    func set(_ quota: RateQuota, tenant: String, module: String) throws {
        try database.run(
            "INSERT OR REPLACE INTO sac_rate_limits (tenant_id, module, rate, burst, period_ns) VALUES (?, ?, ?, ?, ?)",
            [
                .text(tenant), .text(module), .integer(Int64(quota.rate)), .integer(Int64(quota.burst)),
                .integer(quota.period.nanoseconds),
            ])
        overrides = nil
    }

    /// False when there was no override.
    func delete(tenant: String, module: String) throws -> Bool {
        let changed = try database.run(
            "DELETE FROM sac_rate_limits WHERE tenant_id = ? AND module = ?", [.text(tenant), .text(module)])
        overrides = nil
        return changed > 0
    }

    func forget() { overrides = nil }

    /// `{"rate", "burst", "period"}` (root.yaml `RateLimitModel`), the period as a Go duration.
    static func model(_ quota: RateQuota) -> JSON {
        [
            "rate": .int(Int64(quota.rate)), "burst": .int(Int64(quota.burst)),
            "period": .string(GoDuration.format(quota.period)),
        ]
    }

    /// Reads a `{rate, burst, period}` object; the reason when it is not a usable quota.
    static func quota(from json: JSON) throws(SecureAuthError) -> RateQuota {
        guard let rate = json["rate"]?.intValue, let burst = json["burst"]?.intValue,
            let period = json["period"]?.stringValue,
            let duration = GoDuration.parse(period)
        else {
            throw .unprocessable("rate and burst must be integers and period a duration such as \"1m0s\"")
        }
        let quota = RateQuota(rate: Int(clamping: rate), period: duration, burst: Int(clamping: burst))
        guard quota.isValid, rate <= 1_000_000_000, burst <= 1_000_000_000 else {
            throw .unprocessable("rate and period must be positive and burst at least 0")
        }
        return quota
    }
}
