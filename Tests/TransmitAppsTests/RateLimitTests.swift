import Foundation
import JSON
import TestSupport
import XCTest

/// Transmit's limits are off by default; a tenant quota from the control API or the seed counts token requests
/// and CIS calls in one bucket and refuses with 429 in Transmit's envelope.
final class RateLimitTests: XCTestCase {
    var running: TransmitEmulator!

    override func tearDown() { running.stop() }

    func testOffByDefaultThenAQuotaFromTheControlAPI() throws {
        running = try TransmitEmulator()
        _ = try running.client.request("POST", "/_emulator/clock", body: #"{"action":"freeze"}"#)
        let admin = try running.adminToken()
        let free = try running.call("GET", "/cis/v1/applications", token: admin)
        XCTAssertNil(free.raw.header("X-Ratelimit-Limit"), "no limits unless configured")
        XCTAssertEqual(
            try JSON.parse(try running.client.request("GET", "/_emulator/transmit/rate-limits").body),
            ["tenants": ["acme": .null]])

        XCTAssertEqual(
            try running.client.request(
                "PUT", "/_emulator/transmit/rate-limits/acme", body: #"{"rate": 0, "burst": 1, "period": "1m"}"#
            ).status, 400)
        XCTAssertEqual(
            try running.client.request(
                "PUT", "/_emulator/transmit/rate-limits/nope", body: #"{"rate": 1, "burst": 1, "period": "1m"}"#
            ).status, 404)
        let set = try running.client.request(
            "PUT", "/_emulator/transmit/rate-limits/acme", body: #"{"rate": 60, "burst": 2, "period": "1m"}"#)
        XCTAssertEqual(set.status, 200)
        XCTAssertEqual(try JSON.parse(set.body), ["rate": 60, "burst": 2, "period": "1m0s"])

        let token = try running.tokenResponse("demo-app-client", "demo-app-secret")
        XCTAssertEqual(token.header("X-Ratelimit-Limit"), "3")
        XCTAssertEqual(token.header("X-Ratelimit-Remaining"), "2")
        XCTAssertEqual(
            try running.call("GET", "/cis/v1/applications", token: admin).raw.header("X-Ratelimit-Remaining"), "1")
        XCTAssertEqual(try running.call("GET", "/cis/v1/applications", token: admin).status, 200)
        let refused = try running.call("GET", "/cis/v1/applications", token: admin)
        XCTAssertEqual(refused.status, 429)
        XCTAssertEqual(refused.body, ["message": "ThrottlerException: Too Many Requests", "error_code": 429])
        XCTAssertEqual(refused.raw.header("Retry-After"), "1")
        let refusedToken = try running.tokenResponse("demo-app-client", "demo-app-secret")
        XCTAssertEqual(refusedToken.status, 429, "token requests share the tenant's bucket")
        XCTAssertEqual(
            try running.client.request("GET", "/cis/oidc/jwks").status, 200, "requests without a tenant are not counted"
        )
        try running.advanceClock(seconds: 1)
        XCTAssertEqual(try running.call("GET", "/cis/v1/applications", token: admin).status, 200)

        XCTAssertEqual(try running.client.request("DELETE", "/_emulator/transmit/rate-limits/acme").status, 204)
        XCTAssertNil(try running.call("GET", "/cis/v1/applications", token: admin).raw.header("X-Ratelimit-Limit"))
    }

    func testQuotaFromTheSeed() throws {
        let seed = #"""
            {"tenants": [{"id": "acme", "rate_limit": {"rate": 1, "burst": 0, "period": "1h"},
              "management_applications": [{"app_id": "m", "app_name": "M", "client_id": "mgmt-client", "client_secret": "mgmt-secret"}]}]}
            """#
        running = try TransmitEmulator(seed: .directory(try TransmitEmulator.seedFolder(seed)), keySeed: "limits")
        _ = try running.client.request("POST", "/_emulator/clock", body: #"{"action":"freeze"}"#)
        XCTAssertEqual(try running.tokenResponse("mgmt-client", "mgmt-secret").status, 200)
        let refused = try running.tokenResponse("mgmt-client", "mgmt-secret")
        XCTAssertEqual(refused.status, 429)
        XCTAssertEqual(refused.header("Retry-After"), "3600")
    }

    func testInvalidSeedIsRefusedWithItsPath() throws {
        let seed =
            #"{"tenants": [{"id": "acme", "applications": [{"app_id": "a", "app_name": 5, "client_id": "c", "client_secret": "s"}]}]}"#
        XCTAssertThrowsError(
            try TransmitEmulator(seed: .directory(try TransmitEmulator.seedFolder(seed)), keySeed: "bad")
        ) { error in
            XCTAssertTrue("\(error)".contains("$.tenants[0].applications[0]"), "\(error)")
            XCTAssertTrue("\(error)".contains("app_name must be a string"), "\(error)")
        }
        running = try TransmitEmulator()
    }
}
