import Primitives
import RateLimit
import XCTest

/// The limiter's numbers, exactly, under a controlled clock (SecureAuth's Admin quota: 300/min, burst 50).
final class GCRALimiterTests: XCTestCase {
    private let admin = RateQuota.perMinute(300, burst: 50)  // T = 200 ms, τ = 10 s
    private let start = Timestamp(seconds: 1_000_000)

    private func at(_ ms: Int64) -> Timestamp { start.adding(.milliseconds(ms)) }

    func testFirstBurstAdmitsBurstPlusOne() {
        let limiter = GCRALimiter()
        for i in 0..<51 {
            let result = limiter.check("acme|admin", quota: admin, now: start)
            XCTAssertTrue(result.allowed, "request \(i + 1)")
            XCTAssertEqual(result.limit, 51)
            XCTAssertEqual(result.remaining, 50 - i)
            XCTAssertEqual(result.resetAfter, .milliseconds(Int64(i + 1) * 200))
            XCTAssertNil(result.retryAfter)
        }
        let refused = limiter.check("acme|admin", quota: admin, now: start)
        XCTAssertFalse(refused.allowed)
        XCTAssertEqual(refused.remaining, 0)
        XCTAssertEqual(refused.retryAfter, .milliseconds(200))
        XCTAssertEqual(refused.retryAfter?.secondsRoundedUp, 1)
        XCTAssertEqual(refused.resetAfter, .milliseconds(10_200))
        XCTAssertEqual(refused.resetAfter.secondsRoundedUp, 11)
    }

    func testSteadyStateIsExactlyTheRate() {
        let limiter = GCRALimiter()
        for _ in 0..<51 { _ = limiter.check("k", quota: admin, now: start) }
        // After the burst, one request per emission interval (200 ms), and not one more.
        for step in 1...20 {
            let now = at(Int64(step) * 200)
            XCTAssertTrue(limiter.check("k", quota: admin, now: now).allowed, "step \(step)")
            XCTAssertFalse(limiter.check("k", quota: admin, now: now).allowed, "step \(step) second request")
        }
        XCTAssertFalse(limiter.check("k", quota: admin, now: at(20 * 200 + 199)).allowed, "1 ms early is refused")
    }

    func testRetryAfterIsPrecise() {
        let limiter = GCRALimiter()
        for _ in 0..<51 { _ = limiter.check("k", quota: admin, now: start) }
        let refused = limiter.check("k", quota: admin, now: at(50))
        XCTAssertEqual(refused.retryAfter, .milliseconds(150))
        XCTAssertFalse(limiter.check("k", quota: admin, now: at(199)).allowed)
        XCTAssertTrue(limiter.check("k", quota: admin, now: at(200)).allowed)
    }

    func testRecoveryAfterIdle() {
        let limiter = GCRALimiter()
        for _ in 0..<51 { _ = limiter.check("k", quota: admin, now: start) }
        let idle = at(10_200)
        let first = limiter.check("k", quota: admin, now: idle)
        XCTAssertEqual(first.remaining, 50, "fully recovered after reset_after")
        for _ in 1..<51 { XCTAssertTrue(limiter.check("k", quota: admin, now: idle).allowed) }
        XCTAssertFalse(limiter.check("k", quota: admin, now: idle).allowed)
        // Halfway through recovery, half the burst is back.
        let half = limiter.check("other", quota: admin, now: idle)
        XCTAssertEqual(half.remaining, 50)
    }

    func testKeysAreIndependent() {
        let limiter = GCRALimiter()
        for _ in 0..<52 { _ = limiter.check("burst|admin", quota: admin, now: start) }
        XCTAssertFalse(limiter.check("burst|admin", quota: admin, now: start).allowed)
        XCTAssertEqual(limiter.check("acme|admin", quota: admin, now: start).remaining, 50)
    }

    func testIdleKeysAreForgottenSoMemoryStaysBounded() {
        let limiter = GCRALimiter()
        let quota = RateQuota(rate: 10, period: .seconds(1), burst: 0)
        for i in 0..<200_000 { _ = limiter.check("early-\(i)", quota: quota, now: start) }
        XCTAssertEqual(limiter.activeKeys, 200_000, "keys inside their window are kept")
        let later = at(2_000)
        for i in 0..<250_000 { _ = limiter.check("late-\(i)", quota: quota, now: later) }
        XCTAssertEqual(limiter.activeKeys, 250_000, "the 200,000 keys idle since the first wave are gone")
        XCTAssertEqual(limiter.buckets(now: later).count, 250_000)
    }

    func testQuotaArithmetic() {
        XCTAssertEqual(admin.emissionInterval, 200_000_000)
        XCTAssertEqual(admin.tolerance, 10_000_000_000)
        XCTAssertEqual(admin.limit, 51)
        XCTAssertFalse(RateQuota(rate: 0, period: .seconds(60), burst: 1).isValid)
        XCTAssertFalse(RateQuota(rate: 10, period: .seconds(60), burst: -1).isValid)
    }
}
