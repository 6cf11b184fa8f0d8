import Primitives

/// The generic cell rate algorithm, per key, in memory.
///
/// With T = period / rate and τ = burst × T, a request at `now` passes when TAT − τ ≤ now, and then TAT becomes
/// max(TAT, now) + T; from idle that admits burst + 1 requests at once and `rate` per `period` after. Remaining,
/// reset and retry-after are computed as the throttled library reports them. A key whose TAT has passed is idle
/// and is forgotten, so memory stays bounded by the keys active within one tolerance window.
public final class GCRALimiter {
    private struct Bucket {
        var tat: Int64
        var quota: RateQuota
    }

    private var arrivals: [String: Bucket] = [:]
    private var checksSinceSweep = 0
    private var sweepThreshold = 4096

    public init() {}

    public var activeKeys: Int { arrivals.count }

    public func check(_ key: String, quota: RateQuota, now: Timestamp) -> RateLimitResult {
        let t = quota.emissionInterval
        let tolerance = quota.tolerance
        let now = now.nanoseconds
        let tat = max(arrivals[key]?.tat ?? now, now)
        maybeSweep(now: now)
        if tat.saturatingSubtracting(tolerance) > now {
            // Refused: the theoretical arrival time is beyond the tolerance.
            let ttl = tat.saturatingSubtracting(now)
            return RateLimitResult(
                allowed: false, limit: quota.limit, remaining: Self.remaining(tolerance, t, ttl),
                resetAfter: Duration(nanoseconds: ttl),
                retryAfter: Duration(nanoseconds: tat.saturatingSubtracting(tolerance).saturatingSubtracting(now)))
        }
        let newTat = tat.saturatingAdding(t)
        arrivals[key] = Bucket(tat: newTat, quota: quota)
        let ttl = newTat.saturatingSubtracting(now)
        return RateLimitResult(
            allowed: true, limit: quota.limit, remaining: Self.remaining(tolerance, t, ttl),
            resetAfter: Duration(nanoseconds: ttl), retryAfter: nil)
    }

    /// The buckets not yet back to idle, with their state (for the control API), by key.
    public func buckets(now: Timestamp) -> [(key: String, quota: RateQuota, state: RateLimitResult)] {
        arrivals.filter { $0.value.tat > now.nanoseconds }.sorted { $0.key < $1.key }.map { key, bucket in
            let t = bucket.quota.emissionInterval
            let ttl = bucket.tat.saturatingSubtracting(now.nanoseconds)
            return (
                key, bucket.quota,
                RateLimitResult(
                    allowed: true, limit: bucket.quota.limit,
                    remaining: Self.remaining(bucket.quota.tolerance, t, ttl),
                    resetAfter: Duration(nanoseconds: ttl), retryAfter: nil)
            )
        }
    }

    public func reset() {
        arrivals.removeAll()
        checksSinceSweep = 0
    }

    /// throttled: remaining = ⌊next / T⌋ when next > −T, else 0, where next = τ + T − ttl = (burst + 1)·T − ttl.
    private static func remaining(_ tolerance: Int64, _ t: Int64, _ ttl: Int64) -> Int {
        let next = tolerance.saturatingAdding(t).saturatingSubtracting(ttl)
        return next > -t ? max(0, Int(next / t)) : 0
    }

    /// Drops idle keys once the table has grown past a threshold, so millions of one-off keys do not pile up.
    private func maybeSweep(now: Int64) {
        checksSinceSweep += 1
        guard arrivals.count > sweepThreshold, checksSinceSweep >= arrivals.count / 4 else { return }
        checksSinceSweep = 0
        arrivals = arrivals.filter { $0.value.tat > now }
        sweepThreshold = max(4096, arrivals.count * 2)
    }
}
