import EmulatorTestSupport
import Foundation
import JSON
import TestSupport
import XCTest

/// The token endpoint and `Me` over a real socket, against the default seed.
final class TokenAndMeTests: XCTestCase {
    var running: IdentityStoreEmulator!

    override func setUpWithError() throws { running = try IdentityStoreEmulator() }
    override func tearDown() { running.stop() }

    func testTokenWithBasicCredentialsByGetAndPost() throws {
        for method in ["GET", "POST"] {
            let response = try running.client().request(
                method, "/api/v1/privy/ids/default/g3/token",
                headers: [
                    IdentityStoreEmulator.basic(IdentityStoreEmulator.clientID, IdentityStoreEmulator.clientSecret)
                ])
            XCTAssertEqual(response.status, 200, method)
            XCTAssertEqual(response.header("Cache-Control"), "no-store")
            let body = try JSON.parse(response.body)
            XCTAssertEqual(body["token_type"], "Bearer")
            XCTAssertEqual(body["expires_in"], 3600)
            XCTAssertFalse(body["access_token"]?.stringValue?.isEmpty ?? true)
        }
    }

    func testTokenRefusesBadCredentialsAndUnknownStores() throws {
        let cases: [(String, [(String, String)])] = [
            ("/api/v1/privy/ids/default/g3/token", []),
            (
                "/api/v1/privy/ids/default/g3/token",
                [IdentityStoreEmulator.basic(IdentityStoreEmulator.clientID, "wrong")]
            ),
            ("/api/v1/privy/ids/default/g3/token", [("Authorization", "Bearer x")]),
            (
                "/api/v1/privy/ids/other/g3/token",
                [IdentityStoreEmulator.basic(IdentityStoreEmulator.clientID, IdentityStoreEmulator.clientSecret)]
            ),
        ]
        for (path, headers) in cases {
            let response = try running.client().request("POST", path, headers: headers)
            XCTAssertEqual(response.status, 401, "\(path) \(headers)")
            let body = try JSON.parse(response.body)
            XCTAssertEqual(body["schemas"], ["urn:ietf:params:scim:api:messages:2.0:Error"])
            XCTAssertEqual(body["status"], "401")
        }
    }

    func testMeIsTheSeedDocument() throws {
        let response = try running.scim("GET", "/api/v1/ismanager/ids/default/Me")
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.header("Content-Type"), "application/scim+json")
        var me = try JSON.parse(response.body).objectValue!
        let seedURL = TestEmulator.defaultSeedDirectory.appendingPathComponent("secureauth-identity-store.json")
        var expected = try JSON.parse(Array(Data(contentsOf: seedURL)))["stores"]![0]!["users"]![0]!.objectValue!
        XCTAssertEqual(
            me["meta"]?["location"],
            .string("http://localhost" + IdentityStoreEmulator.scim + "/Users/" + IdentityStoreEmulator.janeID))
        XCTAssertEqual(response.header("ETag"), expected["meta"]?["version"]?.stringValue)
        me["meta"] = nil
        expected["meta"] = nil
        XCTAssertEqual(me, expected, "every field of me.example.json, with the seed's values")
    }

    func testMeRefusesInvalidAndExpiredTokens() throws {
        let token = try running.janeToken()
        for bad in ["garbage", token + "x"] {
            let response = try running.scim("GET", "/api/v1/ismanager/ids/default/Me", token: bad)
            XCTAssertEqual(response.status, 401)
            XCTAssertEqual(try JSON.parse(response.body)["detail"], "Access token is invalid")
        }
        running.emulator.clock.advance(by: .seconds(3601))
        let expired = try running.scim("GET", "/api/v1/ismanager/ids/default/Me", token: token)
        XCTAssertEqual(expired.status, 401)
        XCTAssertEqual(
            try JSON.parse(expired.body),
            [
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": "401",
                "detail": "Access token is invalid",
            ])
        let unknownStore = try running.scim("GET", "/api/v1/ismanager/ids/nowhere/Me")
        XCTAssertEqual(unknownStore.status, 404)
    }
}
