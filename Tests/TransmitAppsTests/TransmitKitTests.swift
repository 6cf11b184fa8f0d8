import EmulatorTestSupport
import JSON
import TestSupport
import XCTest

/// The Transmit route groups on the handler kit: the CIS groups (admin token, the app of the path) refuse in
/// `{"message", "error_code"}`, the OIDC group in OAuth errors, the control API in the emulator's envelope; a failed
/// write is a 500 that stores nothing.
final class TransmitKitTests: XCTestCase {
    var emulator: TestEmulator!
    var admin = ""
    var demo = ""

    override func setUpWithError() throws {
        emulator = try TestEmulator()
        admin = try token("mgmt-client", "mgmt-secret")
        demo = try token("demo-app-client", "demo-app-secret")
    }

    override func tearDown() { emulator.stop() }

    private func token(_ id: String, _ secret: String) throws -> String {
        let form = "grant_type=client_credentials&client_id=\(id)&client_secret=\(secret)"
        let response = try emulator.request(
            "POST", "/oidc/token",
            headers: [("Content-Type", "application/x-www-form-urlencoded")],
            body: form)
        return try XCTUnwrap(try JSON.parse(response.body)["access_token"]?.stringValue, response.text)
    }

    /// A CIS call; the status and the parsed body (null when empty).
    private func call(_ method: String, _ path: String, token: String?, body: String = "") throws -> (Int, JSON) {
        var headers = [("Content-Type", "application/json")]
        if let token { headers.append(("Authorization", "Bearer " + token)) }
        let response = try emulator.request(method, path, headers: headers, body: body)
        return (response.status, response.body.isEmpty ? .null : try JSON.parse(response.body))
    }

    private func assertCISError(
        _ result: (Int, JSON), _ status: Int, _ message: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(result.0, status, "\(result.1)", file: file, line: line)
        XCTAssertEqual(result.1["error_code"], .int(Int64(status)), file: file, line: line)
        let messages = status == 400 ? result.1["message"]?.arrayValue ?? [] : [result.1["message"] ?? .null]
        XCTAssertTrue(
            messages.contains { $0.stringValue?.hasPrefix(message) == true }, "\(result.1)",
            file: file, line: line)
    }

    func testAdminGroup() throws {
        let management = "/cis/v1/management/applications"
        assertCISError(try call("POST", management, token: admin, body: "{not json"), 400, "Invalid JSON body: ")
        assertCISError(
            try call("PUT", management + "/mgmt-app", token: admin, body: "[]"), 400,
            "The request body must be a JSON object")
        assertCISError(
            try call("GET", management, token: nil), 401,
            "Unauthorized request: JWT access token is missing or invalid")
        assertCISError(
            try call("GET", "/cis/v1/applications/list", token: demo), 403,
            "This operation requires an admin access token (from a management application)")
        assertCISError(
            try call("PUT", management + "/mgmt-app", token: admin, body: #"{"app_name": "Demo App"}"#),
            409, "Application name Demo App is already taken")
        assertCISError(
            try call("DELETE", management + "/demo-app", token: admin), 404,
            "Management application demo-app not found")
    }

    func testAppGroup() throws {
        let app = "/cis/v1/applications/demo-app"
        assertCISError(try call("PUT", app + "/resources", token: demo, body: "nope"), 400, "Invalid JSON body: ")
        assertCISError(try call("PUT", app + "/resources", token: demo, body: "{}"), 400, "resource_ids")
        assertCISError(
            try call("GET", "/cis/v1/applications/mgmt-app", token: demo), 403,
            "A client access token can only access its own application")
        assertCISError(
            try call("GET", "/cis/v1/applications/nope/clients", token: admin), 404,
            "Application nope not found")
        assertCISError(
            try call("PUT", app + "/clients/nope/resources", token: admin, body: #"{"resource_ids": []}"#),
            404, "Client nope not found in application demo-app")
        let second = try call("POST", app + "/clients", token: demo, body: #"{"name": "Second", "redirect_uris": []}"#)
        XCTAssertEqual(second.0, 201)
        let secondID = try XCTUnwrap(second.1["result"]?["client_id"]?.stringValue)
        assertCISError(
            try call("PUT", app + "/clients/" + secondID, token: demo, body: #"{"name": "Demo App"}"#),
            409, "Client name Demo App is already taken in application demo-app")
        assertCISError(
            try call("PUT", app, token: demo, body: #"{"client_display_name": "Second"}"#), 409,
            "Client name Second is already taken in application demo-app")
        XCTAssertEqual(try call("DELETE", app + "/clients/" + secondID, token: demo).0, 204)
        XCTAssertEqual(try call("GET", app + "/clients", token: demo).1["result"]?.arrayValue?.count, 1)
    }

    func testAFailedWriteIsA500AndStoresNothing() throws {
        XCTAssertEqual(try call("GET", "/cis/v1/applications", token: admin).0, 200)
        _ = try emulator.emulator.database.run(
            """
            CREATE TRIGGER refuse_clients BEFORE INSERT ON tr_clients BEGIN SELECT RAISE(ABORT, 'disk full'); END
            """)
        let failed = try call(
            "POST", "/cis/v1/applications", token: admin,
            body: #"{"app_name": "Half", "client_display_name": "Half"}"#)
        XCTAssertEqual(failed.0, 500)
        XCTAssertEqual(failed.1["error_code"], 500)
        let apps = try call("GET", "/cis/v1/applications", token: admin).1["result"]?.arrayValue ?? []
        XCTAssertEqual(apps.map { $0["app_name"] }, ["Demo App"], "the app is not stored without its client")
    }

    func testOIDCAndControlGroups() throws {
        let unknown = try call("GET", "/cis/oidc/nothing", token: nil)
        XCTAssertEqual(unknown.0, 404)
        XCTAssertEqual(unknown.1["error"], "not_found")
        let wrongMethod = try call("DELETE", "/oidc/token", token: nil)
        XCTAssertEqual(wrongMethod.0, 405)
        XCTAssertEqual(wrongMethod.1["error"], "method_not_allowed")
        let noTenant = try call("PUT", "/_emulator/transmit/rate-limits/nowhere", token: nil, body: "{}")
        XCTAssertEqual(noTenant.0, 404)
        XCTAssertEqual(noTenant.1["error"], "Transmit tenant nowhere not found")
        let badQuota = try call("PUT", "/_emulator/transmit/rate-limits/acme", token: nil, body: "soon")
        XCTAssertEqual(badQuota.0, 400)
        XCTAssertEqual(badQuota.1["status"], 400)
    }
}
