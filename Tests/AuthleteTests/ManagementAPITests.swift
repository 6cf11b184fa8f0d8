import EmulatorTestSupport
import Foundation
import JSON
import TestSupport
import XCTest

/// Authentication, the error envelope, body formats and field checks of the management APIs, over a real socket.
final class ManagementAPITests: XCTestCase {
    var running: TestEmulator!
    var client: TestClient!
    let service = ("Authorization", "Bearer demo-service-access-token")
    let organization = ("Authorization", "Bearer demo-org-access-token")
    let json = ("Content-Type", "application/json")

    override func setUpWithError() throws {
        running = try TestEmulator()
        client = try running.client()
    }

    override func tearDown() { running.stop() }

    func testBearerAuthenticationAndEnvelope() throws {
        let missing = try client.request("GET", "/api/715948317/client/get/list")
        XCTAssertEqual(missing.status, 401)
        XCTAssertEqual(
            try JSON.parse(missing.body),
            [
                "resultCode": "A001202",
                "resultMessage": "[A001202] /client/get/list, Authorization header is missing.",
            ])
        let unknown = try client.request(
            "GET", "/api/715948317/client/get/list", headers: [("Authorization", "Bearer nope")])
        XCTAssertEqual(unknown.status, 401)
        XCTAssertEqual(try JSON.parse(unknown.body)["resultCode"], "A001203")
        let basic = try client.request(
            "GET", "/api/715948317/client/get/list", headers: [("Authorization", "Basic YTpi")])
        XCTAssertEqual(basic.status, 401, "V3 takes Bearer tokens only")

        XCTAssertEqual(
            try client.request("GET", "/api/1/service/get", headers: [service]).status, 403,
            "a service token on another service")
        XCTAssertEqual(
            try client.request("GET", "/api/1/service/get", headers: [organization]).status, 404,
            "an organization token on a service that does not exist")
        let notFound = try client.request("GET", "/api/715948317/no/such/api", headers: [service])
        XCTAssertEqual(notFound.status, 404)
        XCTAssertNotNil(
            try JSON.parse(notFound.body)["resultCode"]?.stringValue, "router-level errors use the envelope too")
        let wrongMethod = try client.request("DELETE", "/api/715948317/service/get", headers: [service])
        XCTAssertEqual(wrongMethod.status, 405)
        XCTAssertEqual(try JSON.parse(wrongMethod.body)["resultCode"], "A001405")
    }

    func testClientIdsAreIntegersAndEnumsAreChecked() throws {
        let seeded = try JSON.parse(
            try client.request("GET", "/api/715948317/client/get/1234567890", headers: [service]).body)
        XCTAssertEqual(seeded["clientId"], 1234567890)
        XCTAssertEqual(seeded["grantTypes"], ["AUTHORIZATION_CODE", "REFRESH_TOKEN", "CLIENT_CREDENTIALS"])

        let lower = try client.request(
            "POST", "/api/715948317/client/create", headers: [service, json],
            body: #"{"clientName": "x", "grantTypes": ["authorization_code"]}"#)
        XCTAssertEqual(lower.status, 400, "lower-case enum values are refused (the SDK would fail to read them back)")
        XCTAssertTrue(try JSON.parse(lower.body)["resultMessage"]?.stringValue?.contains("grantTypes") == true)
        XCTAssertEqual(
            try client.request("POST", "/api/715948317/client/create", headers: [service, json], body: "{").status, 400)

        // The SDK's placeholders: every attribute, unset ones as null, 0 or false; unknown members are dropped.
        let created = try client.request(
            "POST", "/api/715948317/client/create", headers: [service, json],
            body: """
                {"clientId": 0, "clientName": "placeholders", "clientType": null, "redirectUris": null, "createdAt": 0,
                 "locked": false, "noSuchMember": 1, "grantTypes": ["CLIENT_CREDENTIALS"], "tokenAuthMethod": "CLIENT_SECRET_POST"}
                """)
        XCTAssertEqual(created.status, 201)
        let document = try JSON.parse(created.body)
        XCTAssertGreaterThan(document["clientId"]?.intValue ?? 0, 1_000_000)
        XCTAssertEqual(document["clientType"], "CONFIDENTIAL")
        XCTAssertEqual(document["redirectUris"], [])
        XCTAssertNil(document["noSuchMember"])
        XCTAssertEqual(document["clientSecret"]?.stringValue?.count, 86)

        let before = try client.request("GET", "/api/715948317/client/get/list", headers: [service])
        XCTAssertEqual(try JSON.parse(before.body)["totalCount"], 2)
        XCTAssertEqual(
            try client.request(
                "POST", "/api/715948317/client/update/1234567890", headers: [service, json],
                body: #"{"clientType": "SECRET"}"#
            ).status, 400)
        XCTAssertEqual(
            try JSON.parse(try client.request("GET", "/api/715948317/client/get/1234567890", headers: [service]).body)[
                "clientType"],
            "CONFIDENTIAL", "a refused update changes nothing")
    }

    func testRuntimeAcceptsFormBodiesAndAnswersProtocolErrorsWith200() throws {
        let form = ("Content-Type", "application/x-www-form-urlencoded")
        let token = try client.request(
            "POST", "/api/715948317/auth/token", headers: [service, form],
            body: "parameters=grant_type%3Dclient_credentials&clientId=1234567890&clientSecret=my-application-secret")
        XCTAssertEqual(token.status, 200)
        let body = try JSON.parse(token.body)
        XCTAssertEqual(body["action"], "OK")
        XCTAssertEqual(body["accessToken"]?.stringValue?.count, 43)
        XCTAssertEqual(token.header("Cache-Control"), "no-store")

        let unsupported = try JSON.parse(
            try client.request(
                "POST", "/api/715948317/auth/token", headers: [service, json],
                body:
                    #"{"parameters": "grant_type=password&username=a&password=b", "clientId": "1234567890", "clientSecret": "my-application-secret"}"#
            ).body)
        XCTAssertEqual(unsupported["action"], "BAD_REQUEST")
        let content = try JSON.parse(Array(unsupported["responseContent"]!.stringValue!.utf8))
        XCTAssertEqual(content["error"], "unsupported_grant_type")

        let noParameters = try JSON.parse(
            try client.request(
                "POST", "/api/715948317/auth/authorization", headers: [service, json],
                body: #"{"parameters": null, "context": null}"#
            ).body)
        XCTAssertEqual(noParameters["action"], "BAD_REQUEST")
        XCTAssertEqual(noParameters["resultCode"], "A004201")

        let jwks = try client.request(
            "GET", "/api/715948317/service/jwks/get?pretty=False&includePrivateKeys=False", headers: [service])
        XCTAssertEqual(jwks.status, 200)
        XCTAssertNil(try JSON.parse(jwks.body)["keys"]?[0]?["d"])
        let withPrivate = try client.request(
            "GET", "/api/715948317/service/jwks/get?includePrivateKeys=True", headers: [service])
        XCTAssertNotNil(try JSON.parse(withPrivate.body)["keys"]?[0]?["d"])
    }
}
