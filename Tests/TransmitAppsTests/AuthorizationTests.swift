import Foundation
import JSON
import Primitives
import TestSupport
import XCTest

/// Who may call what: admin access tokens reach the whole tenant, client access tokens their own app only, and
/// missing, garbage, tampered, expired, foreign and other vendors' tokens get 401.
final class AuthorizationTests: XCTestCase {
    var running: TransmitEmulator!

    override func setUpWithError() throws { running = try TransmitEmulator() }
    override func tearDown() { running.stop() }

    private let unauthorized: JSON = [
        "message": "Unauthorized request: JWT access token is missing or invalid", "error_code": 401,
    ]

    func testBadTokensAre401() throws {
        let admin = try running.adminToken()
        XCTAssertEqual(try running.call("GET", "/cis/v1/applications", token: nil).body, unauthorized)
        XCTAssertEqual(try running.call("GET", "/cis/v1/applications", token: "garbage").status, 401)
        var tampered = Array(admin.utf8)
        let index = tampered.count - 5
        tampered[index] = tampered[index] == 0x41 ? 0x42 : 0x41
        XCTAssertEqual(
            try running.call("GET", "/cis/v1/applications", token: String(decoding: tampered, as: UTF8.self)).status,
            401)
        let secureAuth = try JSON.parse(
            try running.client.request(
                "POST", "/acme/admin/oauth2/token",
                headers: [TransmitEmulator.form, TransmitEmulator.basic("admin-client", "admin-secret")],
                body: "grant_type=client_credentials"
            ).body)["access_token"]!.stringValue!
        XCTAssertEqual(
            try running.call("GET", "/cis/v1/applications", token: secureAuth).body, unauthorized,
            "another vendor's token")
        let basic = try running.client.request(
            "GET", "/cis/v1/applications", headers: [TransmitEmulator.basic("mgmt-client", "mgmt-secret")])
        XCTAssertEqual(basic.status, 401)

        XCTAssertEqual(try running.call("GET", "/cis/v1/applications", token: admin).status, 200)
        try running.advanceClock(seconds: 3600)
        XCTAssertEqual(
            try running.call("GET", "/cis/v1/applications", token: admin).body, unauthorized, "expired with the clock")
    }

    func testClientTokenReachesItsOwnAppOnly() throws {
        let admin = try running.adminToken()
        let other = try running.call(
            "POST", "/cis/v1/applications", token: admin,
            body: #"{"app_name": "Other", "client_display_name": "Other"}"#)
        let otherID = other.body["result"]!["app_id"]!.stringValue!
        let demo = try running.token("demo-app-client", "demo-app-secret")
        XCTAssertEqual(try running.call("GET", "/cis/v1/applications/demo-app", token: demo).status, 200)
        XCTAssertEqual(
            try running.call("PUT", "/cis/v1/applications/demo-app", token: demo, body: #"{"app_description": "mine"}"#)
                .status, 200)
        XCTAssertEqual(try running.call("GET", "/cis/v1/applications/demo-app/clients", token: demo).status, 200)
        for (method, path) in [
            ("GET", "/cis/v1/applications/\(otherID)"), ("PUT", "/cis/v1/applications/\(otherID)"),
            ("DELETE", "/cis/v1/applications/\(otherID)"), ("GET", "/cis/v1/applications/\(otherID)/clients"),
            ("POST", "/cis/v1/applications/\(otherID)/clients"), ("GET", "/cis/v1/applications/nope"),
            ("POST", "/cis/v1/applications"), ("GET", "/cis/v1/applications"), ("GET", "/cis/v1/applications/list"),
            ("GET", "/cis/v1/management/applications"), ("POST", "/cis/v1/management/applications"),
        ] {
            let response = try running.call(method, path, token: demo, body: "{}")
            XCTAssertEqual(response.status, 403, "\(method) \(path)")
            XCTAssertEqual(response.body["error_code"], 403)
            XCTAssertNotNil(response.body["message"]?.stringValue)
        }
        XCTAssertEqual(try running.call("GET", "/cis/v1/applications/\(otherID)", token: admin).status, 200)
    }

    func testForeignTenantTokenDoesNotSeeAcme() throws {
        running.stop()
        let seed = #"""
            {"tenants": [
              {"id": "acme", "management_applications": [{"app_id": "m", "app_name": "M", "client_id": "mgmt-client", "client_secret": "mgmt-secret"}],
               "applications": [{"app_id": "demo-app", "app_name": "Demo App", "client_display_name": "D", "client_id": "d", "client_secret": "s"}]},
              {"id": "globex", "management_applications": [{"app_id": "gm", "app_name": "GM", "client_id": "globex-admin", "client_secret": "globex-secret"}]}
            ]}
            """#
        running = try TransmitEmulator(seed: .directory(try TransmitEmulator.seedFolder(seed)), keySeed: "foreign")
        let globex = try running.token("globex-admin", "globex-secret")
        XCTAssertEqual(try running.call("GET", "/cis/v1/applications/demo-app", token: globex).status, 404)
        XCTAssertEqual(try running.call("GET", "/cis/v1/applications", token: globex).body["result"], [])
        let acme = try running.token("mgmt-client", "mgmt-secret")
        XCTAssertEqual(
            try running.call("GET", "/cis/v1/applications", token: acme).body["result"]?.arrayValue?.count, 1)
    }

    func testManagementApps() throws {
        let admin = try running.adminToken()
        let created = try running.call(
            "POST", "/cis/v1/management/applications", token: admin, body: #"{"app_name": "CI admin"}"#)
        XCTAssertEqual(created.status, 201)
        let app = created.body["result"]!
        let appID = app["app_id"]!.stringValue!
        let ciToken = try running.token(app["client_id"]!.stringValue!, app["client_secret"]!.stringValue!)
        XCTAssertEqual(
            try running.call("GET", "/cis/v1/applications", token: ciToken).status, 200,
            "a new management app's token is an admin token")
        let list = try running.call("GET", "/cis/v1/management/applications", token: admin)
        XCTAssertEqual(list.body["result"]?.arrayValue?.map { $0["app_name"] }, ["Management App", "CI admin"])
        XCTAssertEqual(
            try running.call("GET", "/cis/v1/applications", token: admin).body["result"]?.arrayValue?.count, 1,
            "management apps are listed apart")
        let updated = try running.call(
            "PUT", "/cis/v1/management/applications/\(appID)", token: admin, body: #"{"app_description": "for CI"}"#)
        XCTAssertEqual(updated.body["result"]?["app_description"], "for CI")
        XCTAssertEqual(
            try running.call("POST", "/cis/v1/management/applications", token: admin, body: "{}").status, 400)
        XCTAssertEqual(
            try running.call(
                "POST", "/cis/v1/management/applications", token: admin, body: #"{"app_name": "Demo App"}"#
            ).status, 409)
        XCTAssertEqual(
            try running.call("PUT", "/cis/v1/management/applications/demo-app", token: admin, body: "{}").status, 404)
        XCTAssertEqual(try running.call("DELETE", "/cis/v1/management/applications/\(appID)", token: admin).status, 204)
        XCTAssertEqual(try running.call("GET", "/cis/v1/applications", token: ciToken).status, 401)
        XCTAssertEqual(try running.call("DELETE", "/cis/v1/management/applications/\(appID)", token: admin).status, 404)
    }
}
