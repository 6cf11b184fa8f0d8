import Primitives
import XCTest

/// Clock control, date formats, Go durations and base64.
final class PrimitivesTests: XCTestCase {
    func testClockFreezeAdvanceResume() {
        var source: Int64 = 1_000_000_000_000
        let clock = Clock { source }
        XCTAssertEqual(clock.now().nanoseconds, source)
        clock.freeze()
        source += 5_000_000_000
        XCTAssertEqual(clock.now().epochSeconds, 1000, "frozen time does not move")
        clock.advance(by: .seconds(60))
        XCTAssertEqual(clock.now().epochSeconds, 1060)
        clock.resume()
        XCTAssertEqual(clock.now().epochSeconds, 1060, "resuming does not jump")
        source += 1_000_000_000
        XCTAssertEqual(clock.now().epochSeconds, 1061)
        clock.set(to: Timestamp(seconds: 2000))
        XCTAssertEqual(clock.now().epochSeconds, 2000)
        clock.reset()
        XCTAssertEqual(clock.now().nanoseconds, source)
    }

    func testISO8601() {
        let t = Timestamp(nanoseconds: 1_795_420_800_123_000_000)
        XCTAssertEqual(DateFormats.iso8601(t), "2026-11-23T08:00:00Z")
        XCTAssertEqual(DateFormats.iso8601(t, fractionDigits: 3), "2026-11-23T08:00:00.123Z")
        XCTAssertEqual(DateFormats.parseISO8601("2026-11-23T08:00:00.123Z"), t)
        XCTAssertEqual(DateFormats.parseISO8601("2026-11-23T10:00:00+02:00")?.epochSeconds, t.epochSeconds)
        XCTAssertEqual(DateFormats.iso8601(Timestamp(seconds: 0)), "1970-01-01T00:00:00Z")
        XCTAssertEqual(DateFormats.iso8601(Timestamp(seconds: 951_782_400)), "2000-02-29T00:00:00Z")
        XCTAssertNil(DateFormats.parseISO8601("2026-13-01T00:00:00Z"))
        XCTAssertNil(DateFormats.parseISO8601("yesterday"))
        XCTAssertNil(DateFormats.parseISO8601("2026-11-23T08:00:00"))
        XCTAssertNil(DateFormats.parseISO8601("0001-01-01T00:00:00Z"), "outside Timestamp's range: nil, not a trap")
        XCTAssertEqual(DateFormats.parseISO8601Seconds("0001-01-01T00:00:00Z")?.seconds, -62_135_596_800)
        XCTAssertEqual(DateFormats.parseISO8601Seconds("2026-11-23T10:00:00.5+02:00")?.seconds, t.epochSeconds)
        XCTAssertEqual(DateFormats.parseISO8601Seconds("2026-11-23T10:00:00.5+02:00")?.nanosecond, 500_000_000)
    }

    func testHTTPDate() {
        XCTAssertEqual(DateFormats.httpDate(Timestamp(seconds: 784_111_777)), "Sun, 06 Nov 1994 08:49:37 GMT")
    }

    func testGoDurations() {
        XCTAssertEqual(GoDuration.parse("1h0m0s"), .seconds(3600))
        XCTAssertEqual(GoDuration.parse("2s"), .seconds(2))
        XCTAssertEqual(GoDuration.parse("1.5m"), .seconds(90))
        XCTAssertEqual(GoDuration.parse("300ms"), .milliseconds(300))
        XCTAssertEqual(GoDuration.parse("720h0m0s"), .seconds(2_592_000))
        XCTAssertNil(GoDuration.parse("1d"))
        XCTAssertNil(GoDuration.parse(""))
        XCTAssertNil(GoDuration.parse("h"))
        XCTAssertEqual(GoDuration.format(.seconds(3600)), "1h0m0s")
        XCTAssertEqual(GoDuration.format(.seconds(2)), "2s")
        XCTAssertEqual(GoDuration.format(.seconds(90)), "1m30s")
        XCTAssertEqual(GoDuration.format(.seconds(2_592_000)), "720h0m0s")
        XCTAssertEqual(GoDuration.format(.milliseconds(300)), "300ms")
    }

    /// Durations and clock moves come from request bodies: absurd values clamp instead of trapping.
    func testTimeArithmeticSaturates() {
        XCTAssertEqual(Duration.seconds(.max).nanoseconds, .max)
        XCTAssertEqual(Duration.seconds(.min).nanoseconds, .min)
        XCTAssertEqual(Duration.milliseconds(9_223_372_036_855).nanoseconds, .max)
        XCTAssertEqual((Duration.seconds(.max) + .seconds(1)).nanoseconds, .max)
        XCTAssertEqual((Duration.seconds(.min) - .seconds(1)).nanoseconds, .min)
        XCTAssertEqual((Duration.seconds(1) * .max).nanoseconds, .max)
        XCTAssertEqual(Duration.seconds(.max).secondsRoundedUp, 9_223_372_037)
        XCTAssertEqual(Duration.milliseconds(1500).secondsRoundedUp, 2)
        let late = Timestamp(seconds: 1_800_000_000).adding(.seconds(.max))
        XCTAssertEqual(late.nanoseconds, .max)
        XCTAssertEqual(late.epochSeconds, 9_223_372_036)
        XCTAssertEqual(Timestamp(nanoseconds: .min).epochSeconds, -9_223_372_037)
        XCTAssertEqual(Timestamp(nanoseconds: -1).epochMilliseconds, -1)
        XCTAssertEqual(Timestamp(nanoseconds: .min).duration(since: Timestamp(seconds: 1)).nanoseconds, .min)
    }

    func testBase64() {
        XCTAssertEqual(Base64.encode(Array("demo-client:demo-secret".utf8)), "ZGVtby1jbGllbnQ6ZGVtby1zZWNyZXQ=")
        XCTAssertEqual(Base64.decode("ZGVtby1jbGllbnQ6ZGVtby1zZWNyZXQ="), Array("demo-client:demo-secret".utf8))
        XCTAssertEqual(Base64.encodeURL([0xFB, 0xFF]), "-_8")
        XCTAssertEqual(Base64.decodeURL("-_8"), [0xFB, 0xFF])
        XCTAssertNil(Base64.decode("a"))
        XCTAssertNil(Base64.decode("ab!="))
        XCTAssertNil(Base64.decode("QQ=x"))
        for n in 0..<20 {
            let bytes = (0..<n).map { UInt8($0 * 37 & 255) }
            XCTAssertEqual(Base64.decode(Base64.encode(bytes)), bytes)
            XCTAssertEqual(Base64.decodeURL(Base64.encodeURL(bytes)), bytes)
        }
    }

    func testUUIDShape() {
        let uuid = SecureRandom.uuid()
        XCTAssertEqual(uuid.count, 36)
        XCTAssertEqual(Array(uuid)[14], "4")
        XCTAssertNotEqual(SecureRandom.uuid(), uuid)
        XCTAssertEqual(SecureRandom.token().count, 43)
    }
}
