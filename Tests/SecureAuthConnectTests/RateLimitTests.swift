import EmulatorTestSupport
import Foundation
import JSON
import Primitives
import TestSupport
import XCTest

/// Seed 000's limits over a real socket with a frozen clock: tenant `burst` drains its Admin group while `acme`
/// stays untouched; OAuth2 requests count in their own group; the root API overrides a tenant's quota.
final class RateLimitTests: XCTestCase {
    var running: TestEmulator!
    var client: TestClient!

    override func setUpWithError() throws {
        running = try TestEmulator()
        client = try running.client()
        _ = try client.request("POST", "/_emulator/clock", body: #"{"action":"freeze"}"#)
    }

    override func tearDown() { running.stop() }

    private let form = ("Content-Type", "application/x-www-form-urlencoded")

    private func token(_ path: String, _ id: String, _ secret: String) throws -> (String, RawResponse) {
        let response = try client.request(
            "POST", path, headers: [form, ("Authorization", "Basic " + Base64.encode(Array("\(id):\(secret)".utf8)))],
            body: "grant_type=client_credentials")
        return (try JSON.parse(response.body)["access_token"]!.stringValue!, response)
    }

    func testAdminGroupAdmitsBurstPlusOneThenRefusesUntilRetryAfter() throws {
        let (burstToken, tokenResponse) = try token("/burst/admin/oauth2/token", "burst-admin", "burst-secret")
        XCTAssertEqual(
            tokenResponse.header("X-Ratelimit-Limit"), "501",
            "token requests count in the OAuth2 group (3000/min, burst 500)")
        XCTAssertEqual(tokenResponse.header("X-Ratelimit-Remaining"), "500")
        let bearer = ("Authorization", "Bearer \(burstToken)")
        for i in 0..<51 {
            let response = try client.request("GET", "/api/admin/burst/servers", headers: [bearer])
            XCTAssertEqual(response.status, 200, "request \(i + 1)")
            XCTAssertEqual(response.header("X-Ratelimit-Limit"), "51")
            XCTAssertEqual(response.header("X-Ratelimit-Remaining"), String(50 - i))
            XCTAssertEqual(response.header("X-Ratelimit-Reset"), String(((i + 1) * 200 + 999) / 1000))
            XCTAssertNil(response.header("Retry-After"))
        }
        let refused = try client.request("GET", "/api/admin/burst/servers", headers: [bearer])
        XCTAssertEqual(refused.status, 429)
        XCTAssertEqual(refused.header("X-Ratelimit-Remaining"), "0")
        XCTAssertEqual(refused.header("Retry-After"), "1")
        XCTAssertEqual(refused.header("X-Ratelimit-Reset"), "11")
        let body = try JSON.parse(refused.body)
        XCTAssertEqual(body["status_code"], 429)
        XCTAssertEqual(body["error"], "Too many requests")

        let (acmeToken, _) = try token("/acme/admin/oauth2/token", "admin-client", "admin-secret")
        let acme = try client.request(
            "GET", "/api/admin/acme/servers", headers: [("Authorization", "Bearer \(acmeToken)")])
        XCTAssertEqual(acme.status, 200)
        XCTAssertEqual(acme.header("X-Ratelimit-Remaining"), "50", "draining burst leaves acme untouched")

        _ = try client.request("POST", "/_emulator/clock", body: #"{"action":"advance","seconds":1}"#)
        let after = try client.request("GET", "/api/admin/burst/servers", headers: [bearer])
        XCTAssertEqual(after.status, 200, "after Retry-After seconds the next request passes")

        let buckets = try JSON.parse(try client.request("GET", "/_emulator/rate-limits").body)["buckets"]!.arrayValue!
        XCTAssertTrue(buckets.contains { $0["key"] == "burst|admin" && $0["limit"] == 51 })
        _ = try client.request("POST", "/_emulator/rate-limits/reset")
        XCTAssertEqual(
            try client.request("GET", "/api/admin/burst/servers", headers: [bearer]).header("X-Ratelimit-Remaining"),
            "50")
    }

    func testRootAPIOverridesATenantsQuota() throws {
        let (systemToken, _) = try token("/system/admin/oauth2/token", "system-admin", "system-admin-secret")
        let root = ("Authorization", "Bearer \(systemToken)")
        let list = try JSON.parse(
            try client.request("GET", "/api/admin/tenants/burst/rate-limits", headers: [root]).body)
        XCTAssertEqual(list["global"]?["admin"], ["rate": 300, "burst": 50, "period": "1m0s"])
        XCTAssertEqual(list["tenant"], [:])
        let set = try client.request(
            "PUT", "/api/admin/tenants/burst/rate-limits/admin", headers: [root, ("Content-Type", "application/json")],
            body: #"{"rate": 60, "burst": 2, "period": "1m0s"}"#)
        XCTAssertEqual(set.status, 204)
        XCTAssertEqual(
            try client.request(
                "PUT", "/api/admin/tenants/burst/rate-limits/admin", headers: [root],
                body: #"{"rate": 0, "burst": 2, "period": "1m0s"}"#
            ).status, 422)
        XCTAssertEqual(
            try client.request(
                "PUT", "/api/admin/tenants/burst/rate-limits/nope", headers: [root],
                body: #"{"rate": 1, "burst": 2, "period": "1m0s"}"#
            ).status, 404)

        let (burstToken, _) = try token("/burst/admin/oauth2/token", "burst-admin", "burst-secret")
        let bearer = ("Authorization", "Bearer \(burstToken)")
        for _ in 0..<3 {
            XCTAssertEqual(try client.request("GET", "/api/admin/burst/servers", headers: [bearer]).status, 200)
        }
        let refused = try client.request("GET", "/api/admin/burst/servers", headers: [bearer])
        XCTAssertEqual(refused.status, 429)
        XCTAssertEqual(refused.header("X-Ratelimit-Limit"), "3")
        XCTAssertEqual(
            try client.request("DELETE", "/api/admin/tenants/burst/rate-limits/admin", headers: [root]).status, 204)
        XCTAssertEqual(
            try client.request("DELETE", "/api/admin/tenants/burst/rate-limits/admin", headers: [root]).status, 404)

        let (acmeToken, _) = try token("/acme/admin/oauth2/token", "admin-client", "admin-secret")
        XCTAssertEqual(
            try client.request(
                "GET", "/api/admin/tenants/burst/rate-limits", headers: [("Authorization", "Bearer \(acmeToken)")]
            ).status,
            403, "only the system tenant's admin workspace manages limits")
    }
}
