import JSON
import XCTest

/// `/client/registration` (RFC 7591) and `/client/registration/get|update|delete` (RFC 7592) through Authlete's
/// actions, with the registration access token.
final class ClientRegistrationAPITests: AuthleteAPITestCase {
    private func register(_ metadata: JSON) throws -> JSON {
        try call("/client/registration", ["json": .string(metadata.jsonString())])
    }

    func testRegisterGetUpdateDelete() throws {
        let created = try register([
            "redirect_uris": ["https://dyn.example.com/cb"], "client_name": "Dynamic",
            "scope": "openid email",
        ])
        assertAnswer(created, "CREATED", "A202001")
        let metadata = try content(created)
        let id = try XCTUnwrap(metadata["client_id"]?.stringValue)
        let registrationToken = try XCTUnwrap(metadata["registration_access_token"]?.stringValue)
        XCTAssertEqual(metadata["client_secret"]?.stringValue?.count, 86)
        XCTAssertEqual(metadata["client_name"], "Dynamic")
        XCTAssertEqual(metadata["redirect_uris"], ["https://dyn.example.com/cb"])
        XCTAssertEqual(metadata["grant_types"], ["authorization_code"])
        XCTAssertEqual(metadata["response_types"], ["code"])
        XCTAssertEqual(metadata["token_endpoint_auth_method"], "client_secret_basic")
        XCTAssertEqual(metadata["scope"], "openid email")
        XCTAssertEqual(metadata["registration_client_uri"], .string("https://as.example.com/register/\(id)"))
        XCTAssertEqual(created["client"]?["clientId"]?.intValue.map(String.init), id)
        XCTAssertEqual(created["client"]?["dynamicallyRegistered"], true)
        XCTAssertEqual(created["client"]?["clientName"], "Dynamic")
        let credentials: JSONObject = ["clientId": .string(id), "token": .string(registrationToken)]

        let read = try call("/client/registration/get", .object(credentials))
        assertAnswer(read, "OK", "A217001")
        XCTAssertEqual(try content(read)["client_name"], "Dynamic")
        XCTAssertNil(try content(read)["registration_access_token"], "the token is shown once")

        var update = credentials
        update["json"] = .string(
            JSON.object([
                "redirect_uris": ["https://dyn.example.com/cb"],
                "client_name": "Renamed",
            ]).jsonString())
        let updated = try call("/client/registration/update", .object(update))
        assertAnswer(updated, "UPDATED", "A213001")
        XCTAssertEqual(try content(updated)["client_name"], "Renamed")
        XCTAssertEqual(updated["client"]?["clientName"], "Renamed")

        var wrong = credentials
        wrong["token"] = "wrong"
        let refused = try call("/client/registration/get", .object(wrong))
        assertAnswer(refused, "BAD_REQUEST", "A217209")
        XCTAssertEqual(try contentError(refused), "invalid_token")

        assertAnswer(try call("/client/registration/delete", .object(credentials)), "DELETED", "A216001")
        assertAnswer(try call("/client/registration/get", .object(credentials)), "BAD_REQUEST", "A217209")
        XCTAssertEqual(try send("/client/get/\(id)", method: "GET").status, 404)
    }

    func testRegistrationRefusals() throws {
        let noRedirect = try register(["client_name": "x"])
        assertAnswer(noRedirect, "BAD_REQUEST", "A202201")
        XCTAssertEqual(try contentError(noRedirect), "invalid_redirect_uri")
        let grant = try register(["redirect_uris": ["https://x.example.com/cb"], "grant_types": ["magic"]])
        assertAnswer(grant, "BAD_REQUEST", "A202201")
        XCTAssertEqual(try contentError(grant), "invalid_client_metadata")
        assertAnswer(try call("/client/registration", ["json": "[1]"]), "BAD_REQUEST", "A202201")
        assertAnswer(try call("/client/registration", ["json": .null]), "BAD_REQUEST", "A202201")

        XCTAssertEqual(try send("/service/update", ["dynamicRegistrationSupported": false]).status, 200)
        let unsupported = try register(["redirect_uris": ["https://x.example.com/cb"]])
        assertAnswer(unsupported, "BAD_REQUEST", "A202201")
        XCTAssertEqual(try contentError(unsupported), "invalid_request")
    }
}
