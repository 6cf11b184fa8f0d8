import EmulatorTestSupport
import Foundation
import JSON
import Primitives
import TestSupport
import XCTest

/// A workspace that enables the `password` grant, set up through the Admin API.
final class PasswordGrantTests: XCTestCase {
    var running: TestEmulator!

    override func setUpWithError() throws { running = try TestEmulator() }
    override func tearDown() { running.stop() }

    private let form = ("Content-Type", "application/x-www-form-urlencoded")
    private let json = ("Content-Type", "application/json")

    private func basic(_ id: String, _ secret: String) -> (String, String) {
        ("Authorization", "Basic " + Base64.encode(Array("\(id):\(secret)".utf8)))
    }

    func testPasswordGrantChecksTheWorkspaceUsers() throws {
        let client = try running.client()
        let adminToken = try JSON.parse(
            try client.request(
                "POST", "/acme/admin/oauth2/token", headers: [form, basic("admin-client", "admin-secret")],
                body: "grant_type=client_credentials"
            ).body)["access_token"]!.stringValue!
        let bearer = ("Authorization", "Bearer \(adminToken)")
        XCTAssertEqual(
            try client.request(
                "POST", "/api/admin/acme/servers", headers: [json, bearer],
                body: #"{"id":"ropc","grant_types":["password","refresh_token"]}"#
            ).status, 201)
        XCTAssertEqual(
            try client.request(
                "POST", "/api/admin/acme/clients", headers: [json, bearer],
                body: """
                    {"client_id":"ropc-client","client_secret":"ropc-secret","authorization_server_id":"ropc",
                     "grant_types":["password","refresh_token"],"scopes":["openid","profile","offline_access"]}
                    """
            ).status, 201)
        XCTAssertEqual(
            try client.request(
                "POST", "/api/admin/acme/servers/ropc/idps/static", headers: [json, bearer],
                body: """
                    {"id":"users","credentials":{"users":[{"username":"peter","password":"secret","authentication_context":{"name":"Peter"}}]}}
                    """
            ).status, 201)

        let ok = try client.request(
            "POST", "/acme/ropc/oauth2/token", headers: [form, basic("ropc-client", "ropc-secret")],
            body: "grant_type=password&username=peter&password=secret&scope=openid%20profile%20offline_access")
        XCTAssertEqual(ok.status, 200)
        let tokens = try JSON.parse(ok.body)
        XCTAssertNotNil(tokens["id_token"]?.stringValue)
        XCTAssertNotNil(tokens["refresh_token"]?.stringValue)
        let info = try JSON.parse(
            try client.request(
                "GET", "/acme/ropc/userinfo",
                headers: [("Authorization", "Bearer \(tokens["access_token"]!.stringValue!)")]
            ).body)
        XCTAssertEqual(info["sub"], "peter")
        XCTAssertEqual(info["name"], "Peter")

        let wrong = try client.request(
            "POST", "/acme/ropc/oauth2/token", headers: [form, basic("ropc-client", "ropc-secret")],
            body: "grant_type=password&username=peter&password=nope")
        XCTAssertEqual(wrong.status, 400)
        XCTAssertEqual(try JSON.parse(wrong.body)["error"], "invalid_grant")
        let notEnabled = try client.request(
            "POST", "/acme/demo/oauth2/token", headers: [form, basic("demo-client", "demo-secret")],
            body: "grant_type=password&username=janedoe&password=Passw0rd!")
        XCTAssertEqual(
            try JSON.parse(notEnabled.body)["error"], "unsupported_grant_type",
            "demo does not enable the password grant")
    }
}
