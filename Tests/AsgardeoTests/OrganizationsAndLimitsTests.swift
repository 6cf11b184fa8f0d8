import JSON
import TestSupport
import XCTest

@testable import Asgardeo

/// Sub-organizations reached with `organization_switch`, and the per-IP, per-group rate limits, over a real socket.
final class OrganizationsAndLimitsTests: XCTestCase {
    var running: AsgardeoEmulator!

    override func setUpWithError() throws {
        running = try AsgardeoEmulator()
        try running.clock(#"{"action":"freeze"}"#)
    }

    override func tearDown() { running.stop() }

    private func authorize(_ token: String, appID: String, identifier: String, scopes: [String]) throws {
        let id = try XCTUnwrap(APIResourceCatalogue.resource(identifier: identifier)).id
        let body = #"{"id":"\#(id)","scopes":[\#(scopes.map { "\"\($0)\"" }.joined(separator: ","))]}"#
        let response = try running.client.request(
            "POST", "/t/acme/api/server/v1/applications/\(appID)/authorized-apis",
            headers: [AsgardeoEmulator.json, AsgardeoEmulator.bearer(token)], body: body)
        XCTAssertEqual(response.status, 201)
    }

    func testOrganizationSwitchTokenReachesOnlyItsSubOrganization() throws {
        let admin = try running.token()
        let m2mID = "8d3f6a2e-5b1c-4e7a-9c2d-1f0e3b4a5c6d"
        try authorize(
            admin, appID: m2mID, identifier: "/api/server/v1/organizations", scopes: ["internal_organization_create"])
        try authorize(
            admin, appID: m2mID, identifier: "/o/api/server/v1/applications",
            scopes: ["internal_org_application_mgt_view"])
        let root = try running.token()
        let created = try running.client.request(
            "POST", "/t/acme/api/server/v1/organizations",
            headers: [AsgardeoEmulator.json, AsgardeoEmulator.bearer(root)], body: #"{"name":"Acme EU"}"#)
        XCTAssertEqual(created.status, 201)
        let orgID = try JSON.parse(created.body)["id"]!.stringValue!
        let switched = try running.client.request(
            "POST", "/t/acme/oauth2/token",
            headers: [
                AsgardeoEmulator.form, AsgardeoEmulator.basic(AsgardeoEmulator.m2mClient, AsgardeoEmulator.m2mSecret),
            ],
            body:
                "grant_type=organization_switch&token=\(root)&switching_organization=\(orgID)&scope=internal_org_application_mgt_view"
        )
        XCTAssertEqual(switched.status, 200)
        let subToken = try JSON.parse(switched.body)["access_token"]!.stringValue!
        let subList = try running.client.request(
            "GET", "/t/acme/o/api/server/v1/applications", headers: [AsgardeoEmulator.bearer(subToken)])
        XCTAssertEqual(subList.status, 200)
        XCTAssertEqual(try JSON.parse(subList.body)["totalResults"], 0)
        XCTAssertEqual(
            try running.client.request(
                "GET", "/t/acme/api/server/v1/applications", headers: [AsgardeoEmulator.bearer(subToken)]
            ).status, 401)
        XCTAssertEqual(
            try running.client.request(
                "GET", "/t/acme/o/api/server/v1/applications", headers: [AsgardeoEmulator.bearer(root)]
            ).status, 401)
    }

    func testTwoHundredRequestsAMinutePerGroupThenRetryAfter() throws {
        for i in 0..<200 {
            XCTAssertEqual(try running.client.request("GET", "/t/acme/oauth2/jwks").status, 200, "request \(i + 1)")
        }
        let refused = try running.client.request("GET", "/t/acme/oauth2/jwks")
        XCTAssertEqual(refused.status, 429)
        XCTAssertEqual(refused.header("Retry-After"), "1", "one request's allowance comes back every 0.3 s")
        XCTAssertEqual(try JSON.parse(refused.body)["error"], "too_many_requests")
        let api = try running.client.request("GET", "/t/acme/api/server/v1/applications")
        XCTAssertEqual(api.status, 401, "the /api/server group is counted apart")
        try running.clock(#"{"action":"advance","seconds":1}"#)
        XCTAssertEqual(try running.client.request("GET", "/t/acme/oauth2/jwks").status, 200)
    }
}
