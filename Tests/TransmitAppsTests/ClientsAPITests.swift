import Foundation
import JSON
import TestSupport
import XCTest

/// `/cis/v1/applications/{appId}/clients…` in the seed's `{"result": …}` envelope: new credentials work at once,
/// deleted ones fail at once.
final class ClientsAPITests: XCTestCase {
    var running: TransmitEmulator!
    var admin: String!
    private let base = "/cis/v1/applications/demo-app/clients"

    override func setUpWithError() throws {
        running = try TransmitEmulator()
        admin = try running.adminToken()
    }

    override func tearDown() { running.stop() }

    func testCreateListGetUpdateDelete() throws {
        let created = try running.call(
            "POST", base, token: admin, body: #"{"name": "Backend", "redirect_uris": ["https://b.example/cb"]}"#)
        XCTAssertEqual(created.status, 201)
        let client = created.body["result"]!
        XCTAssertEqual(client["name"], "Backend")
        XCTAssertEqual(client["app_id"], "demo-app")
        XCTAssertEqual(client["tenant_id"], "acme")
        XCTAssertEqual(client["client_type"], "web")
        XCTAssertEqual(client["token_endpoint_auth_method"], "client_secret_basic")
        XCTAssertEqual(client["response_types"], ["code", "id_token"])
        XCTAssertEqual(client["authentication_protocol"], "oidc")
        let clientID = client["client_id"]!.stringValue!
        let secret = client["client_secret"]!.stringValue!
        XCTAssertGreaterThanOrEqual(secret.count, 32)
        let token = try running.token(clientID, secret)
        XCTAssertEqual(try running.call("GET", "/cis/v1/applications/demo-app", token: token).status, 200)

        let list = try running.call("GET", base, token: admin)
        XCTAssertEqual(
            list.body["result"]?.arrayValue?.map { $0["client_id"] }, ["demo-app-client", .string(clientID)])
        XCTAssertEqual(try running.call("GET", base + "/" + clientID, token: admin).body["result"], client)

        try running.advanceClock(seconds: 5)
        let updated = try running.call(
            "PUT", base + "/" + clientID, token: admin, body: #"{"description": "jobs", "client_type": "native"}"#)
        XCTAssertEqual(updated.status, 200)
        XCTAssertEqual(updated.body["result"]?["description"], "jobs")
        XCTAssertEqual(updated.body["result"]?["client_type"], "native")
        XCTAssertEqual(updated.body["result"]?["name"], "Backend")
        XCTAssertNotEqual(updated.body["result"]?["updated_at"], client["updated_at"])

        let resources = try running.call(
            "PUT", base + "/" + clientID + "/resources", token: admin, body: #"{"resource_ids": ["r9"]}"#)
        XCTAssertEqual(resources.body["result"]?["resources"], ["r9"])

        XCTAssertEqual(try running.call("DELETE", base + "/" + clientID, token: admin).status, 204)
        XCTAssertEqual(try running.tokenResponse(clientID, secret).status, 401, "deleted credentials fail at once")
        XCTAssertEqual(
            try running.call("GET", "/cis/v1/applications/demo-app", token: token).status, 401, "and so do their tokens"
        )
        XCTAssertEqual(try running.call("GET", base + "/" + clientID, token: admin).status, 404)
        XCTAssertEqual(try running.call("DELETE", base + "/" + clientID, token: admin).status, 404)
    }

    func testErrors() throws {
        let missing = try running.call("POST", base, token: admin, body: "{}")
        XCTAssertEqual(missing.status, 400)
        let messages = missing.body["message"]?.arrayValue ?? []
        XCTAssertTrue(messages.contains("name should not be empty"), "\(messages)")
        XCTAssertTrue(messages.contains("redirect_uris must be an array"), "\(messages)")
        let badEnum = try running.call(
            "POST", base, token: admin, body: #"{"name": "x", "redirect_uris": [], "client_type": "spa"}"#)
        XCTAssertEqual(badEnum.body["message"], ["client_type must be one of the following values: web, native"])
        let badResponseType = try running.call(
            "POST", base, token: admin, body: #"{"name": "x", "redirect_uris": [], "response_types": ["token"]}"#)
        XCTAssertEqual(badResponseType.status, 400)
        let taken = try running.call("POST", base, token: admin, body: #"{"name": "Demo App", "redirect_uris": []}"#)
        XCTAssertEqual(taken.status, 409)
        XCTAssertEqual(
            try running.call(
                "POST", "/cis/v1/applications/nope/clients", token: admin,
                body: #"{"name": "x", "redirect_uris": []}"#
            ).status, 404)
        XCTAssertEqual(try running.call("GET", base + "/nope", token: admin).status, 404)
        XCTAssertEqual(try running.call("PUT", base + "/nope", token: admin, body: "{}").status, 404)
        XCTAssertEqual(
            try running.call("PUT", base + "/demo-app-client", token: admin, body: #"{"name": ""}"#).status, 400)
        XCTAssertEqual(try running.call("GET", base, token: admin).body["result"]?.arrayValue?.count, 1)
    }

    func testDeleteAllClients() throws {
        XCTAssertEqual(try running.call("DELETE", base, token: admin).status, 204)
        XCTAssertEqual(try running.call("GET", base, token: admin).body["result"], [])
        XCTAssertEqual(try running.tokenResponse("demo-app-client", "demo-app-secret").status, 401)
        XCTAssertEqual(try running.call("DELETE", "/cis/v1/applications/nope/clients", token: admin).status, 404)
    }
}
