import EmulatorTestSupport
import Foundation
import JSON
import TestSupport
import XCTest

/// Authlete's limit over a real socket with a frozen clock: 100 requests/s per access token with bursts up to 200,
/// `X-RateLimit-Limit: 100`, `X-RateLimit-Reset` as an epoch second, 429 in the `{resultCode, resultMessage}` envelope.
final class RateLimitTests: XCTestCase {
    var running: TestEmulator!
    var client: TestClient!

    override func setUpWithError() throws {
        running = try TestEmulator()
        client = try running.client()
        _ = try client.request("POST", "/_emulator/clock", body: #"{"action":"freeze"}"#)
    }

    override func tearDown() { running.stop() }

    private func get(_ token: String) throws -> RawResponse {
        try client.request("GET", "/api/715948317/service/get", headers: [("Authorization", "Bearer \(token)")])
    }

    func testBurstOf200ThenRefusalPerAccessToken() throws {
        for i in 0..<200 {
            let response = try get("burst-service-access-token")
            XCTAssertEqual(response.status, 200, "request \(i + 1)")
            XCTAssertEqual(response.header("X-RateLimit-Limit"), "100")
            XCTAssertEqual(response.header("X-RateLimit-Remaining"), String(199 - i))
        }
        let refused = try get("burst-service-access-token")
        XCTAssertEqual(refused.status, 429)
        XCTAssertEqual(refused.header("X-RateLimit-Remaining"), "0")
        XCTAssertEqual(refused.header("Retry-After"), "1")
        let body = try JSON.parse(refused.body)
        XCTAssertEqual(body["resultCode"], "A001429")
        XCTAssertEqual(body["resultMessage"]?.stringValue?.hasPrefix("[A001429] "), true)
        let reset = Int64(refused.header("X-RateLimit-Reset") ?? "") ?? 0
        XCTAssertGreaterThan(reset, 1_600_000_000, "an epoch second, not a duration")

        let other = try get("demo-service-access-token")
        XCTAssertEqual(other.status, 200, "the limit is per access token: the same service's other token is untouched")
        XCTAssertEqual(other.header("X-RateLimit-Remaining"), "199")

        _ = try client.request("POST", "/_emulator/clock", body: #"{"action":"advance","seconds":0.01}"#)
        XCTAssertEqual(try get("burst-service-access-token").status, 200, "one request per 10 ms comes back")
        XCTAssertEqual(try get("burst-service-access-token").status, 429)
    }
}
