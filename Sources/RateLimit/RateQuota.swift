import Primitives

/// A rate limit: `rate` requests per `period` on average, with bursts of `burst` extra requests (throttled's
/// `RateQuota`; SecureAuth's `{rate, burst, period}`).
public struct RateQuota: Equatable, Sendable {
    public var rate: Int
    public var period: Duration
    public var burst: Int

    public init(rate: Int, period: Duration, burst: Int) {
        (self.rate, self.period, self.burst) = (rate, period, burst)
    }

    public static func perMinute(_ rate: Int, burst: Int) -> RateQuota {
        RateQuota(rate: rate, period: .seconds(60), burst: burst)
    }

    /// The emission interval T = period / rate.
    public var emissionInterval: Int64 { period.nanoseconds / Int64(max(rate, 1)) }
    /// The tolerance τ = burst × T.
    public var tolerance: Int64 { emissionInterval.saturatingMultiplied(by: Int64(burst)) }
    /// Requests allowed at once from idle: burst + 1.
    public var limit: Int { burst == .max ? .max : burst + 1 }

    /// Whether the quota can work: a positive rate and period, a non-negative burst.
    public var isValid: Bool { rate > 0 && period.nanoseconds > 0 && burst >= 0 && emissionInterval > 0 }
}
