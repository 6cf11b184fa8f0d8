import Foundation
import JSON
import TestSupport
import XCTest

/// `/cis/v1/applications`: create with defaults and a working default client, list, read, update, resources,
/// delete, and every malformed body a 400 `BadRequestHttpError`.
final class ApplicationsAPITests: XCTestCase {
    var running: TransmitEmulator!
    var admin: String!

    override func setUpWithError() throws {
        running = try TransmitEmulator()
        admin = try running.adminToken()
    }

    override func tearDown() { running.stop() }

    private func create(_ body: String) throws -> (status: Int, body: JSON, raw: RawResponse) {
        try running.call("POST", "/cis/v1/applications", token: admin, body: body)
    }

    func testCreateAppliesDefaultsAndItsClientGetsTokens() throws {
        let created = try create(
            #"{"app_name": "Shop", "client_display_name": "Shop web", "redirect_uris": ["https://shop.example/cb"]}"#)
        XCTAssertEqual(created.status, 201)
        let app = created.body["result"]!
        XCTAssertEqual(app["app_name"], "Shop")
        XCTAssertEqual(app["tenant_id"], "acme")
        XCTAssertEqual(app["client_display_name"], "Shop web")
        XCTAssertEqual(app["client_type"], "web")
        XCTAssertEqual(app["client_auth_method"], "client_secret_basic")
        XCTAssertEqual(app["allow_public_signup"], false)
        XCTAssertEqual(app["invite_member_email_expiration_minutes"], 2880)
        XCTAssertEqual(app["redirect_uris"], ["https://shop.example/cb"])
        XCTAssertEqual(app["created_by"], "mgmt-client")
        XCTAssertEqual(app["created_at"], app["updated_at"])
        XCTAssertNotNil(DateFormatsCheck.iso8601(app["created_at"]?.stringValue))
        for key in [
            "app_id", "app_description", "logo", "login_preferences", "service_providers", "authenticator_preferences",
        ] {
            XCTAssertNotNil(app[key], key)
        }
        let appID = app["app_id"]!.stringValue!
        let token = try running.token(app["client_id"]!.stringValue!, app["client_secret"]!.stringValue!)
        let own = try running.call("GET", "/cis/v1/applications/\(appID)", token: token)
        XCTAssertEqual(own.status, 200)
        XCTAssertEqual(own.body["result"], app)

        let taken = try create(#"{"app_name": "Shop", "client_display_name": "Other"}"#)
        XCTAssertEqual(taken.status, 409)
        XCTAssertEqual(taken.body["error_code"], 409)
        XCTAssertNotNil(taken.body["message"]?.stringValue)
    }

    func testMalformedBodiesAre400InTheVendorShape() throws {
        let cases: [(String, String)] = [
            ("{}", "app_name should not be empty"),
            (#"{"app_name": 5, "client_display_name": "x"}"#, "app_name must be a string"),
            (
                #"{"app_name": "a", "client_display_name": "x", "client_type": "mobile"}"#,
                "client_type must be one of the following values: web, native"
            ),
            (
                #"{"app_name": "a", "client_display_name": "x", "client_auth_method": "magic"}"#,
                "client_auth_method must be one of the following values: client_secret_basic, self_signed_tls_client_auth, tls_client_auth, none, private_key_jwt"
            ),
            (
                #"{"app_name": "\#(String(repeating: "n", count: 256))", "client_display_name": "x"}"#,
                "app_name must be shorter than or equal to 255 characters"
            ),
            (
                #"{"app_name": "a", "client_display_name": "x", "redirect_uris": "https://x"}"#,
                "redirect_uris must be an array"
            ),
            (
                #"{"app_name": "a", "client_display_name": "x", "redirect_uris": [1]}"#,
                "each value in redirect_uris must be a string"
            ),
            (
                #"{"app_name": "a", "client_display_name": "x", "redirect_uris": ["not a url"]}"#,
                "each value in redirect_uris must be a URL address"
            ),
            (
                #"{"app_name": "a", "client_display_name": "x", "allow_public_signup": "yes"}"#,
                "allow_public_signup must be a boolean value"
            ),
            (
                #"{"app_name": "a", "client_display_name": "x", "invite_member_email_expiration_minutes": "soon"}"#,
                "invite_member_email_expiration_minutes must be a number conforming to the specified constraints"
            ),
            (
                #"{"app_name": "a", "client_display_name": "x", "device_authorization": {"enabled": true}}"#,
                "device_authorization.approval_uri should not be empty"
            ),
            (
                #"{"app_name": "a", "client_display_name": "x", "authenticator_preferences": []}"#,
                "authenticator_preferences must be an object"
            ),
            ("{not json", "Invalid JSON body: "),
            ("[1, 2]", "The request body must be a JSON object"),
            ("", "Invalid JSON body: "),
        ]
        for (body, expected) in cases {
            let response = try create(body)
            XCTAssertEqual(response.status, 400, body)
            XCTAssertEqual(response.body["error_code"], 400, body)
            let messages = response.body["message"]?.arrayValue?.compactMap(\.stringValue) ?? []
            XCTAssertTrue(messages.contains { $0.hasPrefix(expected) }, "\(body): \(messages)")
        }
        let list = try running.call("GET", "/cis/v1/applications", token: admin)
        XCTAssertEqual(list.body["result"]?.arrayValue?.count, 1, "failed requests store nothing")
    }

    func testListsAndGet() throws {
        _ = try create(
            #"{"app_name": "Second", "client_display_name": "Second", "logo": "https://x/logo.png", "login_uri": "https://x/login"}"#
        )
        let list = try running.call("GET", "/cis/v1/applications", token: admin)
        XCTAssertEqual(list.status, 200)
        let apps = list.body["result"]!.arrayValue!
        XCTAssertEqual(apps.map { $0["app_name"] }, ["Demo App", "Second"])
        XCTAssertNil(apps[1]["logo"], "the list is ApiAppWithoutLogo")
        XCTAssertEqual(apps[0]["client_id"], "demo-app-client")
        let basic = try running.call("GET", "/cis/v1/applications/list", token: admin)
        XCTAssertEqual(
            basic.body["result"]?[1],
            [
                "app_id": apps[1]["app_id"]!, "tenant_id": "acme", "app_name": "Second",
                "app_description": "", "login_uri": "https://x/login",
            ])
        let one = try running.call("GET", "/cis/v1/applications/demo-app", token: admin)
        XCTAssertEqual(one.body["result"]?["redirect_uris"], ["https://www.example.com/login"])
        XCTAssertEqual(one.body["result"]?["logo"], "")
        let missing = try running.call("GET", "/cis/v1/applications/nope", token: admin)
        XCTAssertEqual(missing.status, 404)
        XCTAssertEqual(missing.body["error_code"], 404)
        XCTAssertNotNil(missing.body["message"]?.stringValue)
        XCTAssertEqual(
            try running.call("GET", "/cis/v1/applications/mgmt-app", token: admin).status, 404,
            "management apps are not in the Applications API")
    }

    func testUpdateReplacesGivenFieldsAndMovesUpdatedAt() throws {
        let before = try running.call("GET", "/cis/v1/applications/demo-app", token: admin).body["result"]!
        _ = try running.call(
            "PUT", "/cis/v1/applications/demo-app", token: admin,
            body: #"{"authenticator_preferences": {"is_centralized": true, "login_uri": "https://a/login"}}"#)
        try running.advanceClock(seconds: 60)
        let updated = try running.call(
            "PUT", "/cis/v1/applications/demo-app", token: admin,
            body:
                #"{"app_description": "changed", "client_display_name": "Renamed client", "authenticator_preferences": {"is_centralized": false, "login_uri": "https://b"}}"#
        )
        XCTAssertEqual(updated.status, 200)
        let app = updated.body["result"]!
        XCTAssertEqual(app["app_description"], "changed")
        XCTAssertEqual(app["app_name"], "Demo App", "unspecified fields are kept")
        XCTAssertEqual(app["redirect_uris"], before["redirect_uris"])
        XCTAssertEqual(
            app["client_display_name"], "Renamed client", "deprecated client fields update the default client")
        XCTAssertEqual(
            app["authenticator_preferences"], ["is_centralized": false, "login_uri": "https://b"],
            "objects are replaced whole")
        XCTAssertEqual(app["created_at"], before["created_at"])
        XCTAssertNotEqual(app["updated_at"], before["updated_at"])
        XCTAssertGreaterThan(app["updated_at"]!.stringValue!, before["updated_at"]!.stringValue!)
        let client = try running.call("GET", "/cis/v1/applications/demo-app/clients/demo-app-client", token: admin)
        XCTAssertEqual(client.body["result"]?["name"], "Renamed client")

        _ = try create(#"{"app_name": "Other", "client_display_name": "Other"}"#)
        XCTAssertEqual(
            try running.call("PUT", "/cis/v1/applications/demo-app", token: admin, body: #"{"app_name": "Other"}"#)
                .status, 409)
        XCTAssertEqual(
            try running.call("PUT", "/cis/v1/applications/nope", token: admin, body: #"{"app_name": "X"}"#).status, 404)
        let bad = try running.call(
            "PUT", "/cis/v1/applications/demo-app", token: admin, body: #"{"pkce": "sometimes"}"#)
        XCTAssertEqual(bad.status, 400)
        XCTAssertEqual(
            try running.call("GET", "/cis/v1/applications/demo-app", token: admin).body["result"]?["app_name"],
            "Demo App")
    }

    func testResources() throws {
        let updated = try running.call(
            "PUT", "/cis/v1/applications/demo-app/resources", token: admin, body: #"{"resource_ids": ["r1", "r2"]}"#)
        XCTAssertEqual(updated.status, 200)
        XCTAssertEqual(updated.body["result"]?["resources"], ["r1", "r2"])
        XCTAssertEqual(
            try running.call(
                "PUT", "/cis/v1/applications/demo-app/resources", token: admin, body: #"{"resource_ids": "r1"}"#
            ).status, 400)
        XCTAssertEqual(
            try running.call("PUT", "/cis/v1/applications/demo-app/resources", token: admin, body: "{}").status, 400)
        XCTAssertEqual(
            try running.call("PUT", "/cis/v1/applications/nope/resources", token: admin, body: #"{"resource_ids": []}"#)
                .status, 404)
    }

    func testDeleteRemovesTheAppItsClientsAndTheirTokens() throws {
        let clientToken = try running.token("demo-app-client", "demo-app-secret")
        XCTAssertEqual(try running.call("GET", "/cis/v1/applications/demo-app", token: clientToken).status, 200)
        let deleted = try running.call("DELETE", "/cis/v1/applications/demo-app", token: admin)
        XCTAssertEqual(deleted.status, 204)
        XCTAssertTrue(deleted.raw.body.isEmpty)
        XCTAssertEqual(try running.call("GET", "/cis/v1/applications/demo-app", token: admin).status, 404)
        XCTAssertEqual(try running.call("DELETE", "/cis/v1/applications/demo-app", token: admin).status, 404)
        XCTAssertEqual(try running.call("GET", "/cis/v1/applications", token: admin).body["result"], [])
        XCTAssertEqual(try running.tokenResponse("demo-app-client", "demo-app-secret").status, 401)
        XCTAssertEqual(try running.call("GET", "/cis/v1/applications/demo-app", token: clientToken).status, 401)
    }
}

/// Parses the ISO-8601 timestamps the API writes.
enum DateFormatsCheck {
    static func iso8601(_ text: String?) -> String? {
        guard let text, text.count == 24, text.hasSuffix("Z"), text.contains("T") else { return nil }
        return text
    }
}
